// Part 8: security settings. Statically, over the source tree: every window takes its
// preferences from security.ts (isolated, sandboxed, no Node), nothing switches a
// protection off, IPC handlers are registered only through the contract's wrapper, and
// the page's CSP matches the header main sends. Dynamically: the API key never leaks
// (key-leaks.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, hardenSession, webPreferences, type SessionLike } from '../../src/main/security';
import { startFakeAnthropic } from '../../test/support/fake-anthropic';
import { check, timedPart, type Check, type PartResult } from '../lib/report';
import { compareCsp, metaCsp, readSources, scanSecurity } from '../lib/security-scan';
import { keyLeaks } from './key-leaks';

/** What hardenSession puts on a response that arrives with its own, weaker CSP. */
function headerCsp(): string | null {
  let listener: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
  const session: SessionLike = {
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    on: () => undefined,
    webRequest: { onHeadersReceived: (l) => (listener = l) },
  };
  hardenSession(session);
  let headers: Record<string, string[] | string> | undefined;
  listener!({ responseHeaders: { 'content-security-policy': ["default-src * 'unsafe-inline'"], 'x-other': ['1'] } }, (r) => (headers = r.responseHeaders));
  const csp = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() === 'content-security-policy');
  return csp.length === 1 ? ([] as string[]).concat(csp[0]![1]).join('; ') : null;
}

export function staticSecurityChecks(root: string): { checks: Check[]; figures: [string, number][] } {
  const files = readSources(root, ['src/main', 'src/preload', 'src/renderer']);
  const problems = scanSecurity(files);
  const prefs = webPreferences('/app/preload.cjs');
  const index = readFileSync(join(root, 'src/renderer/index.html'), 'utf8');
  const cspProblems = compareCsp(metaCsp(index), CONTENT_SECURITY_POLICY);
  const header = headerCsp();
  const mainIndex = files.find((f) => f.path === 'src/main/index.ts')?.text ?? '';
  const windows = files.reduce((n, f) => n + [...f.text.matchAll(/new\s+(BrowserWindow|BrowserView|WebContentsView)\s*\(/g)].length, 0);
  return {
    figures: [
      ['source files scanned', files.length],
      ['windows / views created', windows],
      ['problems found by the scan', problems.length],
    ],
    checks: [
      check('every window takes webPreferences() from security.ts; nothing weakens a protection; IPC only through the wrapper', problems.length === 0, problems.join('\n')),
      check(
        'webPreferences(): contextIsolation, sandbox, no Node integration, web security on, no webviews',
        prefs.contextIsolation === true && prefs.sandbox === true && prefs.nodeIntegration === false && prefs.nodeIntegrationInWorker === false &&
          prefs.nodeIntegrationInSubFrames === false && prefs.webSecurity === true && prefs.webviewTag === false && prefs.allowRunningInsecureContent === false,
        JSON.stringify(prefs),
      ),
      check("the renderer page's CSP meta tag matches the policy main sends", cspProblems.length === 0, cspProblems.join('; ')),
      check('every response gets exactly our CSP header, replacing its own', header === CONTENT_SECURITY_POLICY, String(header)),
      check(
        'main hardens the session and every web contents',
        /hardenSession\s*\(\s*session\.defaultSession/.test(mainIndex) && /web-contents-created[\s\S]{0,120}hardenWindow\s*\(/.test(mainIndex),
        'src/main/index.ts does not call hardenSession(session.defaultSession) and hardenWindow on web-contents-created',
      ),
    ],
  };
}

export async function runSecuritySettings(root = process.cwd()): Promise<PartResult> {
  return timedPart(8, 'Security settings: windows, CSP, IPC wrapper, the API key', {}, async (out) => {
    const stat = staticSecurityChecks(root);
    out.figures.push(...stat.figures);
    out.checks.push(...stat.checks);
    const fake = await startFakeAnthropic({ latencyMs: 5 });
    try {
      const leaks = await keyLeaks(fake);
      out.figures.push(...leaks.figures);
      out.checks.push(...leaks.checks);
    } finally {
      await fake.close();
    }
  });
}
