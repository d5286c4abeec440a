// The browser test bridge: runs the real app core (createAppCore: store, runner, model
// gateway, every command handler) in Node against the fake Anthropic server, serves the
// built renderer with the app's CSP, and carries the contract over a WebSocket to a shim
// that implements `window.courseStudio`. Test code only — never shipped.
//
// Run: `npx tsx test/support/bridge/server.ts [--port 0] [--no-api-key] [--latency 0] [--build] [--corrupt-db]
//        [--breaker-probe-ms 1000] [--auto-retry-delays-ms 600000,600000,600000]`
// (data in COURSE_STUDIO_DATA_DIR, or a fresh temp folder). It prints one line,
// `BRIDGE_READY {"url":…,"controlToken":…,"dataDir":…}`, once it accepts connections.
// Sender check: sender-check.ts. Test control endpoints: control.ts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { DATABASE_FILE, createAppCore, type AppCore } from '../../../src/main/app-core';
import type { BreakerPolicy } from '../../../src/main/ai/provider-health';
import type { RetryPolicy } from '../../../src/main/ai/structured-call';
import { setAsideDatabase } from '../../../src/main/core/database-file';
import { workerPackageBuilder } from '../../../src/main/export/package-worker-runner';
import { packageWorkerFromSource, sourcesWorkerFromSource } from '../ts-worker';
import { createStartupFailureDispatch } from '../../../src/main/core/startup-failure';
import type { Dispatch } from '../../../src/main/ipc/dispatch';
import { createMemorySecretStore, type SecretBackend, type SecretStore } from '../../../src/main/secrets';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai';
import { RENDERER_OUT, SHIM_OUT } from './paths';
import { attachConnection } from './connection';
import { handleControl } from './control';
import { CONTROL_PREFIX, WS_PATH } from './protocol';
import { isTrustedUpgrade } from './sender-check';
import { serveStatic } from './static-files';

/** The key the bridge starts with, unless told to start without one. */
export const PRESET_API_KEY = 'sk-ant-bridge-preset-key-000000';

/** Short back-offs so retry scenarios finish in seconds, not minutes. */
export const FAST_RETRY_POLICY: Partial<RetryPolicy> = { baseDelayMs: 100, maxDelayMs: 1_000 };

export interface BridgeOptions {
  /** Defaults to COURSE_STUDIO_DATA_DIR, else a fresh temp folder (removed on close). */
  dataDir?: string;
  port?: number;
  /** null: start with no API key (the queue says "Add your Anthropic API key in Settings"). */
  apiKey?: string | null;
  secretBackend?: SecretBackend;
  latencyMs?: number;
  rendererDir?: string;
  shimFile?: string;
  retryPolicy?: Partial<RetryPolicy>;
  /** The overload breaker's timings (default: the app's, first probe after 15 s). */
  breaker?: Partial<BreakerPolicy>;
  /** Delays of the automatic job retries (default: the app's, 2, 10 and 30 min). */
  autoRetryDelaysMs?: number[];
}

export interface Bridge {
  /** Open this in the browser. */
  readonly url: string;
  readonly origin: string;
  /** For the test-control endpoints (header x-bridge-control-token); never given to the page. */
  readonly controlToken: string;
  readonly dataDir: string;
  readonly fake: FakeAnthropic;
  readonly internals: BridgeInternals;
  close(): Promise<void>;
}

/** What control.ts may reach into. */
export interface BridgeInternals {
  dataDir: string;
  fake: FakeAnthropic;
  secrets: SecretStore;
  openedUrls: string[];
  core(): AppCore | null;
  startupError(): string | null;
  dispatch: Dispatch;
  connections(): number;
  /** Stops the core, empties the data folder (optionally planting a damaged database), starts again. */
  reset(options?: { corruptDatabase?: boolean; apiKey?: string | null }): Promise<void>;
  /**
   * The OS folder dialog's stand-in: what its next opening answers (a folder, or null for a
   * dialog closed without a choice), once; unset, each opening answers with a new temp folder.
   */
  nextFolder: { folder: string | null } | null;
  /** The folders the dialog has answered with, in order. */
  chosenFolders: string[];
  /** The file dialog's stand-in: its next answer, once (unset: closed without a choice). */
  nextFiles: string[] | null;
  /** The purposes the file dialog was opened for, in order. */
  filesDialogOpened: string[];
}

/** A file that is not SQLite where the database should be: opening it fails with SQLITE_NOTADB. */
export function writeCorruptDatabase(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, DATABASE_FILE), Buffer.from('this is not a database\n'.repeat(200)));
}

export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const ownsDataDir = !options.dataDir && !process.env['COURSE_STUDIO_DATA_DIR'];
  const dataDir = options.dataDir ?? process.env['COURSE_STUDIO_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'course-studio-bridge-'));
  mkdirSync(dataDir, { recursive: true });
  const rendererDir = options.rendererDir ?? RENDERER_OUT;
  const shimFile = options.shimFile ?? SHIM_OUT;
  const pageToken = randomBytes(24).toString('base64url');
  const controlToken = randomBytes(24).toString('base64url');
  const secretBackend = options.secretBackend ?? 'os';
  const fake = await startFakeAnthropic({ latencyMs: options.latencyMs ?? 0 });
  // A local model server (Ollama, as the app sees it) for Settings → Models and local steps.
  const local: FakeOpenAI = await startFakeOpenAI({ models: ['qwen2.5:7b', 'llama3.2:3b'], latencyMs: options.latencyMs ?? 0 });
  let secrets = createMemorySecretStore(options.apiKey === undefined ? PRESET_API_KEY : options.apiKey, secretBackend);
  const openedUrls: string[] = [];
  /** Temp folders the dialog made: removed when the bridge closes. */
  const madeFolders: string[] = [];

  let core: AppCore | null = null;
  let startupError: string | null = null;
  let dispatchImpl: Dispatch;
  const info = { version: 'bridge', platform: process.platform, dataDir };

  const startCore = () => {
    try {
      core = createAppCore({
        dataDir,
        secrets,
        // The fake's URL as ANTHROPIC_BASE_URL: Settings' base URL stays empty, as on a fresh install.
        env: { ANTHROPIC_BASE_URL: fake.url },
        version: info.version,
        openExternal: async (url) => {
          openedUrls.push(url);
        },
        retryPolicy: options.retryPolicy ?? FAST_RETRY_POLICY,
        runner: { pollMs: 200, ...(options.autoRetryDelaysMs ? { autoRetryDelaysMs: options.autoRetryDelaysMs } : {}) },
        // Economy batches in fractions of a second, not a 10 s window and 30 s polls.
        batches: { windowMs: 100, pollMs: { first: 100, max: 500 }, retryMs: { first: 100, max: 500 } },
        ...(options.breaker ? { breaker: options.breaker } : {}),
        // Sync retries fast too, so "backend back" shows up as synced within a second.
        sync: { retry: { baseMs: 100, capMs: 1_000 }, pollMs: 500 },
        // The core is disposed by then: start the next one on a new database, as the app's relaunch does.
        replaceDatabase: () => {
          const keptAs = setAsideDatabase(dataDir, DATABASE_FILE);
          startCore();
          return keptAs;
        },
        // Packages are built in a worker, as in the app (here from the .ts source, through tsx).
        buildPackage: workerPackageBuilder(packageWorkerFromSource),
        // The folder dialog: a scripted answer (control: dialog/folder), else a fresh temp folder.
        chooseFolder: async () => {
          const scripted = internals.nextFolder;
          internals.nextFolder = null;
          let folder = scripted ? scripted.folder : null;
          if (!scripted) {
            folder = mkdtempSync(join(tmpdir(), 'course-studio-bridge-export-'));
            madeFolders.push(folder);
          }
          if (folder !== null) internals.chosenFolders.push(folder);
          return folder;
        },
        // The file dialog: a scripted answer (control: dialog/files), else closed without a choice.
        chooseFiles: async (purpose) => {
          internals.filesDialogOpened.push(purpose);
          const paths = internals.nextFiles ?? [];
          internals.nextFiles = null;
          return paths;
        },
        // Materials are read in a worker, as in the app (here from the .ts source).
        extractWorker: sourcesWorkerFromSource,
        // Settings → Models finds the fake local server as if Ollama ran on its usual port.
        localServers: [{ server: 'ollama', port: local.port }],
      });
      startupError = null;
      dispatchImpl = core.dispatch;
    } catch (error) {
      core = null;
      startupError = error instanceof Error ? error.message : String(error);
      dispatchImpl = createStartupFailureDispatch(error, { ...info, secretStorage: secrets.backend }, () => {
        const keptAs = setAsideDatabase(dataDir, DATABASE_FILE);
        startCore();
        return keptAs;
      });
    }
  };
  startCore();

  const sockets = new Set<import('ws').WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
  const dispatch: Dispatch = (name, input, ctx) => dispatchImpl(name, input, ctx);

  const internals: BridgeInternals = {
    dataDir,
    fake,
    get secrets() {
      return secrets;
    },
    openedUrls,
    core: () => core,
    startupError: () => startupError,
    dispatch,
    connections: () => sockets.size,
    nextFolder: null,
    chosenFolders: [],
    nextFiles: null,
    filesDialogOpened: [],
    async reset(resetOptions = {}) {
      for (const socket of sockets) socket.close(4000, 'bridge reset');
      await core?.dispose();
      for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
      if (resetOptions.corruptDatabase) writeCorruptDatabase(dataDir);
      if (resetOptions.apiKey !== undefined) secrets = createMemorySecretStore(resetOptions.apiKey, secretBackend);
      fake.reset();
      openedUrls.length = 0;
      internals.nextFolder = null;
      internals.chosenFolders.length = 0;
      internals.nextFiles = null;
      internals.filesDialogOpened.length = 0;
      startCore();
    },
  };

  let origin = '';
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://bridge').pathname;
    if (pathname.startsWith(CONTROL_PREFIX)) {
      void handleControl(req, res, pathname, { token: controlToken, internals });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    void serveStatic(pathname, res, { rendererDir, shimFile, wsUrl: () => `${origin.replace(/^http/, 'ws')}${WS_PATH}?token=${pageToken}` });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!isTrustedUpgrade(req, { origin, path: WS_PATH, token: pageToken })) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      attachConnection(ws, {
        dispatch,
        events: { subscribe: (name, listener) => core?.subscribe(name, listener) ?? (() => {}) },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    origin,
    controlToken,
    dataDir,
    fake,
    internals,
    close() {
      closing ??= (async () => {
        for (const socket of sockets) socket.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await core?.dispose();
        await fake.close();
        await local.close();
        if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
        for (const folder of madeFolders) rmSync(folder, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

// ---- command line ------------------------------------------------------------------------

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const rebuild = process.argv.includes('--build');
  // Vite only when something must be built: scripts/e2e.mjs builds once for all bridges.
  if (!process.env['BRIDGE_RENDERER_DIR'] && (rebuild || !existsSync(join(RENDERER_OUT, 'index.html')))) await (await import('./build')).buildRenderer();
  if (rebuild || !existsSync(SHIM_OUT)) await (await import('./build')).buildShim();
  const noKey = process.argv.includes('--no-api-key') || process.env['BRIDGE_NO_API_KEY'] === '1';
  if (process.argv.includes('--corrupt-db')) {
    const dir = process.env['COURSE_STUDIO_DATA_DIR'];
    if (!dir) throw new Error('--corrupt-db needs COURSE_STUDIO_DATA_DIR (the folder to plant the damaged database in).');
    writeCorruptDatabase(dir);
  }
  const probeMs = flag('breaker-probe-ms');
  const retryDelays = flag('auto-retry-delays-ms');
  const bridge = await startBridge({
    ...(probeMs ? { breaker: { firstProbeMs: Number(probeMs), maxProbeMs: 2 * Number(probeMs) } } : {}),
    ...(retryDelays ? { autoRetryDelaysMs: retryDelays.split(',').map(Number) } : {}),
    port: Number(flag('port') ?? process.env['BRIDGE_PORT'] ?? 0),
    apiKey: noKey ? null : PRESET_API_KEY,
    latencyMs: Number(flag('latency') ?? process.env['BRIDGE_LATENCY_MS'] ?? 0),
    ...(process.env['BRIDGE_RENDERER_DIR'] ? { rendererDir: process.env['BRIDGE_RENDERER_DIR'] } : {}),
    ...(flag('secret-backend') ? { secretBackend: flag('secret-backend') as SecretBackend } : {}),
  });
  console.log(`BRIDGE_READY ${JSON.stringify({ url: bridge.url, controlToken: bridge.controlToken, dataDir: bridge.dataDir, fakeUrl: bridge.fake.url })}`);
  const stop = () => {
    void bridge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.argv.includes('--exit-with-stdin')) {
    // The parent (a Playwright fixture) went away without telling us: do not linger.
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error('bridge failed to start:', error);
    process.exit(1);
  });
}
