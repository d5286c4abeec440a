// The desktop shell as built: out/main/index.js started under plain Node with a stand-in
// `electron` module (test/support/electron-standin). The real binary cannot run here, so this
// is what catches the bundling, import and path mistakes only a start of the app would show:
// the single-instance lock, one hardened window whose preload and page exist in out/, a
// handler for every command of the contract, and a clean quit with the database closed.
// The build is made (electron-vite) when out/ is missing or older than the sources.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../src/main/app-core';
import { workerFile } from '../../../src/main/core/persistent-worker';
import { Store } from '../../../src/main/db/store';
import { readInsights, workerInsightsReader } from '../../../src/main/insights';
import { CONTENT_SECURITY_POLICY, webPreferences } from '../../../src/main/security';
import { COMMAND_NAMES, commandChannel } from '../../../src/shared/ipc-contract';

const ROOT = join(import.meta.dirname, '../../..');
const OUT = join(ROOT, 'out');
const MAIN = join(OUT, 'main/index.js');
const INSIGHTS_WORKER = join(OUT, 'main/insights-worker.js');
const BUILT = [MAIN, INSIGHTS_WORKER, join(OUT, 'preload/index.cjs'), join(OUT, 'renderer/index.html')];
const REGISTER_STANDIN = join(ROOT, 'test/support/electron-standin/register.mjs');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** Builds out/ unless every part is there and newer than everything it is built from. */
function ensureBuilt(): void {
  const inputs = Math.max(newestSource(join(ROOT, 'src')), ...['electron.vite.config.ts', 'package.json'].map((f) => statSync(join(ROOT, f)).mtimeMs));
  const fresh = BUILT.every((file) => existsSync(file) && statSync(file).mtimeMs >= inputs);
  if (fresh) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
}

interface Entry {
  type: string;
  [key: string]: any;
}

interface Run {
  code: number | null;
  stderr: string;
  entries: Entry[];
  dataDir: string;
}

/** The bundle's process while it runs: a start that hangs is ended when the file's tests end. */
let running: ChildProcess | null = null;

/** Starts the bundle under the stand-in; it plays its scripted session and quits. */
function runBundle(dir: string): Promise<Run> {
  const dataDir = join(dir, 'data');
  const recordFile = join(dir, 'record.jsonl');
  // Nothing of the developer's own setup: no key, no endpoint, no dev server, no data folder.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_') && !k.startsWith('COURSE_STUDIO_') && !k.startsWith('ELECTRON_')),
  );
  const child = spawn(process.execPath, ['--import', REGISTER_STANDIN, MAIN], {
    cwd: ROOT,
    env: { ...env, COURSE_STUDIO_DATA_DIR: dataDir, ELECTRON_STANDIN_RECORD: recordFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running = child;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      running = null;
      const text = existsSync(recordFile) ? readFileSync(recordFile, 'utf8') : '';
      const entries = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Entry);
      resolve({ code, stderr, entries, dataDir });
    });
  });
}

describe('the built main bundle, started with a stand-in electron module', () => {
  let run: Run;
  // One run for the whole file, so its folder stays until every check has read it.
  const dir = mkdtempSync(join(tmpdir(), 'shell-smoke-'));
  afterAll(() => {
    running?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const of = (type: string) => run.entries.filter((e) => e.type === type);
  const indexOf = (type: string) => run.entries.findIndex((e) => e.type === type);

  beforeAll(async () => {
    ensureBuilt();
    run = await runBundle(dir);
    // The child's own words make a failure readable.
    if (run.code !== 0) console.error(run.stderr);
  }, 180_000);

  it('starts without an error and asks for the single-instance lock before anything else', () => {
    expect(of('dialog.showErrorBox')).toEqual([]);
    expect(of('session.error')).toEqual([]);
    expect(indexOf('app.requestSingleInstanceLock')).toBeGreaterThanOrEqual(0);
    expect(indexOf('app.requestSingleInstanceLock')).toBeLessThan(indexOf('app.ready'));
    // The data folder from the environment gets its own profile: the person's is never touched.
    expect(of('app.setPath')).toEqual([{ type: 'app.setPath', name: 'userData', path: join(run.dataDir, 'profile') }]);
  });

  it('opens one window with the hardened preferences and a preload that exists in out/preload', () => {
    const windows = of('BrowserWindow.new');
    expect(windows).toHaveLength(1);
    const prefs = windows[0]!['options'].webPreferences;
    expect(prefs).toEqual(webPreferences(join(OUT, 'preload/index.cjs')));
    // Spelled out too, so a weaker security.ts cannot pass by changing both sides.
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload.startsWith(join(OUT, 'preload'))).toBe(true);
    expect(existsSync(prefs.preload)).toBe(true);
  });

  it('hardens the session and the window before the page loads', () => {
    expect(of('session.headers')[0]?.['headers']).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(of('session.permissionRequest')[0]?.['mediaGranted']).toBe(false);
    expect(of('session.permissionCheck')[0]?.['media']).toBe(false);
    const hardening = of('webContents.hardening')[0]!;
    expect(hardening).toMatchObject({ willNavigate: 1, willRedirect: 1, willAttachWebview: 1, windowOpen: { action: 'deny' } });
    expect(indexOf('session.headers')).toBeLessThan(indexOf('BrowserWindow.loadFile'));
  });

  it('loads out/renderer/index.html, which exists', () => {
    expect(of('BrowserWindow.loadURL')).toEqual([]);
    expect(of('BrowserWindow.loadFile')).toEqual([{ type: 'BrowserWindow.loadFile', file: join(OUT, 'renderer/index.html') }]);
    expect(existsSync(join(OUT, 'renderer/index.html'))).toBe(true);
  });

  it('has an ipcMain handler for every command of the contract, and the page can call one', () => {
    const channels = of('ipcMain.handle').map((e) => e['channel']);
    expect([...channels].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    const calls = of('session.invoke');
    expect(calls.find((c) => c['from'] === 'page')?.['result']).toMatchObject({ ok: true, value: { dataDir: run.dataDir, startupError: null } });
    expect(calls.find((c) => c['from'] === 'foreign frame')?.['result']).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('quits cleanly when the window is closed: handlers removed, database closed, exit code 0', () => {
    expect(run.code).toBe(0);
    const closed = indexOf('BrowserWindow.closed');
    const deferred = indexOf('app.before-quit.deferred');
    expect(closed).toBeGreaterThan(indexOf('session.closeWindow'));
    // The app holds the first quit back to stop the runner and close the store, then quits.
    expect(deferred).toBeGreaterThan(closed);
    expect(run.entries.at(-1)).toEqual({ type: 'app.exit', code: 0 });
    expect(of('ipcMain.removeHandler')).toHaveLength(COMMAND_NAMES.length);
    // A WAL database left open by an exiting process keeps its -wal file; a closed one does not.
    const file = join(run.dataDir, DATABASE_FILE);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('has the Insights worker as its own entry, which answers as the in-thread reader', async () => {
    const store = Store.open(join(dir, 'insights.sqlite'));
    const reader = workerInsightsReader(store.db, workerFile(INSIGHTS_WORKER));
    try {
      const request = { period: '7d', since: new Date(Date.now() - 7 * 86_400_000).toISOString(), tzOffsetMinutes: 60, nowMs: Date.now() };
      expect(await reader(request)).toEqual(readInsights(store.db, request));
      expect(reader.offThread).toBe(true);
    } finally {
      await reader.close();
      store.close();
    }
  });
});
