// A small SCORM 1.2 LMS for the player test (test/e2e/flows/scorm-player.spec.ts), on
// 127.0.0.1. It does what an LMS does with a package and no more:
// - installs it: unzips the exported bytes (read back with the test's own zip reader) into a
//   temp folder, served under /pkg/<id>/;
// - launches it: /lms/launch/<id> is the host page. It loads scorm-again's SCORM 1.2 API
//   (node_modules/scorm-again/dist/scorm12.js, served as /lms/scorm12.js), reads the
//   package's imsmanifest.xml (default organization → first item → its resource's href, and
//   adlcp:masteryscore, which it gives the SCO as cmi.student_data.mastery_score), sets the
//   API as window.API and opens the launch file in an iframe, same origin as an LMS would;
// - keeps the learner's data: scorm-again commits to /lms/commit/<id> (a synchronous
//   request on each LMSCommit, a beacon on LMSFinish), the server keeps the last commit,
//   and the next launch loads it (cmi.core.entry = 'resume' when the SCO left with
//   cmi.core.exit = 'suspend'), the way an LMS restores an attempt.
// The host records every SCORM call the SCO makes on window.API (name, arguments, result,
// the API's error code after it) in `window.lms.calls`, in order, and marks the moment the
// learner pressed Exit, so a test can tell what the SCO did while it was being unloaded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readZip } from '../support/lms/read-zip';

const SCORM_AGAIN = resolve(import.meta.dirname, '../../node_modules/scorm-again/dist/scorm12.js');

/** One call the SCO made on window.API, as the host saw it; `fn: 'exit'` marks the learner's Exit. */
export interface HostCall {
  fn: string;
  args: string[];
  result: string;
  /** The API's last error code right after the call ('0': none). */
  error: string;
}

export interface InstalledPackage {
  id: string;
  /** The unzipped package on disk. */
  dir: string;
  /** Where the LMS serves it (ends with a slash). */
  url: string;
  /** The launch file opened straight from the folder: no LMS, no API. */
  fileUrl(path: string): string;
}

export interface Commit {
  /** The commit scorm-again sends from LMSFinish. */
  final: boolean;
  data: Record<string, string>;
}

interface Installed extends InstalledPackage {
  commits: Commit[];
}

/** What the host page is launched with. */
interface HostLaunch {
  packageUrl: string;
  commitUrl: string;
  /** The learner's data from the last session, loaded before LMSInitialize; null on a first launch. */
  restore: Record<string, string> | null;
}

/** The elements an LMS keeps between sessions and gives back to a resumed SCO. */
const KEPT = ['cmi.core.lesson_location', 'cmi.core.lesson_status', 'cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max', 'cmi.suspend_data'];

export interface ScormLms {
  origin: string;
  install(bytes: Uint8Array): InstalledPackage;
  /** The host page's URL for a package: a first launch, or a resume once the package has committed. */
  launchUrl(pkg: InstalledPackage): string;
  /** Every commit the LMS received for a package, in order. */
  commits(pkg: InstalledPackage): Commit[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export async function startLms(): Promise<ScormLms> {
  const root = mkdtempSync(join(tmpdir(), 'course-studio-scorm-'));
  const packages = new Map<string, Installed>();
  let next = 0;

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    if (req.method === 'GET' && path === '/lms/scorm12.js') return send(res, 200, TYPES['.js']!, readFileSync(SCORM_AGAIN));
    if (req.method === 'GET' && path === '/lms/host.js') return send(res, 200, TYPES['.js']!, `(${hostMain.toString()})();\n`);
    let m = /^\/lms\/launch\/(\w+)$/.exec(path);
    if (req.method === 'GET' && m && packages.has(m[1]!)) return send(res, 200, TYPES['.html']!, hostPage(launchOf(packages.get(m[1]!)!)));
    m = /^\/lms\/commit\/(\w+)$/.exec(path);
    if (req.method === 'POST' && m && packages.has(m[1]!)) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      packages.get(m[1]!)!.commits.push({ final: url.searchParams.get('final') === 'true', data: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      return send(res, 200, 'application/json', JSON.stringify({ result: true, errorCode: 0 }));
    }
    m = /^\/pkg\/(\w+)\/(.+)$/.exec(path);
    if (req.method === 'GET' && m && packages.has(m[1]!)) {
      const pkg = packages.get(m[1]!)!;
      const file = resolve(pkg.dir, m[2]!);
      if (file.startsWith(pkg.dir + '/')) {
        try {
          return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
        } catch {
          /* not in the package: 404 below */
        }
      }
    }
    send(res, 404, 'text/plain', 'not found');
  }

  function launchOf(pkg: Installed): HostLaunch {
    const last = pkg.commits.at(-1)?.data;
    let restore: Record<string, string> | null = null;
    if (last) {
      restore = {};
      for (const key of KEPT) if (last[key]) restore[key] = last[key];
      restore['cmi.core.entry'] = last['cmi.core.exit'] === 'suspend' ? 'resume' : '';
    }
    return { packageUrl: pkg.url, commitUrl: `/lms/commit/${pkg.id}`, restore };
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    install(bytes) {
      const id = `p${++next}`;
      const dir = join(root, id);
      for (const entry of readZip(bytes)) {
        const file = resolve(dir, entry.path);
        if (!file.startsWith(dir + '/')) throw new Error(`zip entry outside the package: ${entry.path}`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, entry.data);
      }
      const pkg: Installed = { id, dir, url: `/pkg/${id}/`, commits: [], fileUrl: (path) => pathToFileURL(join(dir, path)).href };
      packages.set(id, pkg);
      return pkg;
    },
    launchUrl: (pkg) => `${origin}/lms/launch/${pkg.id}`,
    commits: (pkg) => packages.get(pkg.id)!.commits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function hostPage(launch: HostLaunch): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Test LMS</title>',
    '<link rel="icon" href="data:,">',
    '<style>body{margin:0;font:14px system-ui,sans-serif}header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;background:#24292f;color:#fff}iframe{display:block;width:100%;height:calc(100vh - 3rem);border:0}</style>',
    '</head>',
    '<body>',
    '<header><strong>Test LMS</strong><span>scorm-again SCORM 1.2 API</span><button type="button" id="exit">Exit</button></header>',
    '<iframe id="sco" title="Course"></iframe>',
    `<script type="application/json" id="launch">${JSON.stringify(launch).replace(/</g, '\\u003c')}</script>`,
    '<script src="/lms/scorm12.js"></script>',
    '<script src="/lms/host.js"></script>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The host page's script, sent to the browser as its source text: it must not use anything
 * from outside its own body.
 */
function hostMain(): void {
  const IMSCP = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2';
  const ADLCP = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';
  const w = window as any;
  const launch = JSON.parse(document.getElementById('launch')!.textContent!) as HostLaunch;
  const calls: HostCall[] = [];
  const logged: string[] = [];
  const lms = { calls, logged, launched: null as null | { href: string; masteryScore: string }, api: null as any };
  w.lms = lms;
  // A SCORM 1.2 SCO has no business looking for the SCORM 2004 API: any look is recorded.
  Object.defineProperty(window, 'API_1484_11', {
    configurable: true,
    get() {
      calls.push({ fn: 'lookup', args: ['API_1484_11'], result: '', error: '' });
      return undefined;
    },
  });

  const iframe = document.getElementById('sco') as HTMLIFrameElement;
  document.getElementById('exit')!.addEventListener('click', () => {
    calls.push({ fn: 'exit', args: [], result: '', error: '' });
    iframe.src = 'about:blank';
  });

  void fetch(launch.packageUrl + 'imsmanifest.xml')
    .then((response) => response.text())
    .then((text) => {
      const xml = new DOMParser().parseFromString(text, 'application/xml');
      const all = (name: string) => Array.from(xml.getElementsByTagNameNS(IMSCP, name));
      const orgId = all('organizations')[0]!.getAttribute('default');
      const org = all('organization').find((o) => o.getAttribute('identifier') === orgId)!;
      const item = Array.from(org.getElementsByTagNameNS(IMSCP, 'item')).find((i) => i.hasAttribute('identifierref'))!;
      const resource = all('resource').find((r) => r.getAttribute('identifier') === item.getAttribute('identifierref'))!;
      if (resource.getAttributeNS(ADLCP, 'scormtype') !== 'sco') throw new Error('the launch resource is not a SCO');
      const href = resource.getAttribute('href')!;
      const masteryScore = item.getElementsByTagNameNS(ADLCP, 'masteryscore')[0]?.textContent?.trim() ?? '';

      const api = new w.Scorm12API({
        lmsCommitUrl: launch.commitUrl,
        dataCommitFormat: 'flattened',
        terminateCommitParam: 'final',
        autocommit: false,
        logLevel: 3,
        onLogMessage: (level: unknown, message: string) => logged.push(`${String(level)}: ${message}`),
      });
      const start: Record<string, string> = { 'cmi.core.student_id': 'learner-1', 'cmi.core.student_name': 'Learner, Test', 'cmi.core.credit': 'credit', ...launch.restore };
      if (masteryScore !== '') start['cmi.student_data.mastery_score'] = masteryScore;
      api.loadFromFlattenedJSON(start);

      for (const fn of ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic']) {
        const real = api[fn].bind(api);
        api[fn] = (...args: unknown[]) => {
          const result = real(...args);
          calls.push({ fn, args: args.map(String), result: String(result), error: String(api.lastErrorCode) });
          return result;
        };
      }
      w.API = api;
      lms.api = api;
      lms.launched = { href, masteryScore };
      iframe.src = launch.packageUrl + href;
    });
}
