// The renderer's cold start-up, taken apart: `npx tsx bench/renderer/startup.ts [--runs 7]
// [--jobs 0] [--trace] [--against <other checkout>]`. Builds the renderer (the app's own
// config) and the bridge shim, starts the browser bridge on a fresh data folder (optionally
// seeded with finished jobs), and cold-loads `#/queue` in fresh Chromium contexts (the e2e
// flags), printing each milestone in ms since navigation start and their medians:
//   html      the document's response end
//   shim      the bridge shim evaluated (its WebSocket created)
//   wsOpen    that WebSocket open
//   js / css  the entry script's / the last stylesheet's response end (Resource Timing)
//   domInt    domInteractive (the parser done: deferred and module scripts run next)
//   render    React's first commit into #root (a MutationObserver on it)
//   firstCmd  the first command sent over the WebSocket
//   snapshot  the first jobs.snapshot sent
//   answered  its answer arrived
//   row       the first job row in the DOM (with --jobs), else the queue's empty state
//   painted   that row's text painted (Element Timing, what the renderer benchmark counts)
// --against runs the same loads against another checkout (its own build, shim and bridge),
// alternating page by page, so both see the same machine load: on a shared two-core machine
// that is the only fair before/after. --trace adds one traced load per checkout and lists
// the main thread's work until the first command and from the snapshot's answer until the
// row is painted (script compile/evaluate, parsing, style, layout, paint).
import { chromium, type Browser } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import type { LaunchedBridge, LaunchOptions } from '../../test/support/bridge/launch';
import type { seedDatabase } from './seed';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const RUNS = Number(flag('runs') ?? 7);
const JOBS = Number(flag('jobs') ?? 0);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Installed before any page script; a string because tsx's name helpers do not exist in the page. */
const PROBE = `(() => {
  const t = { firstCmd: null, snapshot: null, snapshotId: null, answered: null, wsCreated: null, wsOpen: null, render: null, row: null, painted: null, empty: null, commands: [] };
  window.__startup = t;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      t.wsCreated = performance.now();
      this.addEventListener('open', () => { t.wsOpen = performance.now(); });
      this.addEventListener('message', (e) => {
        if (t.answered === null && t.snapshotId !== null && e.data.startsWith('{"type":"response","id":' + t.snapshotId + ',')) t.answered = performance.now();
      });
    }
    send(data) {
      const now = performance.now();
      const { command: name, id } = JSON.parse(data);
      if (t.firstCmd === null) t.firstCmd = now;
      if (name === 'jobs.snapshot' && t.snapshot === null) {
        t.snapshot = now;
        t.snapshotId = id;
      }
      t.commands.push([name, Math.round(now)]);
      super.send(data);
    }
  };
  const mo = new MutationObserver(() => {
    const root = document.getElementById('root');
    if (t.render === null && root && root.firstChild) t.render = performance.now();
    const row = t.row === null && document.querySelector('tr.job-row');
    if (row) {
      t.row = performance.now();
      row.querySelectorAll('*').forEach((el) => el.setAttribute('elementtiming', 'row'));
    }
    if (t.empty === null && document.querySelector('.queue-page .empty-state')) t.empty = performance.now();
    if (${JOBS > 0 ? 't.row' : 't.empty'} !== null) {
      console.debug('startup:first');
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === 'row' && e.renderTime > 0 && (t.painted === null || e.renderTime < t.painted)) t.painted = e.renderTime;
  }).observe({ type: 'element', buffered: true });
})();`;

interface Run {
  html: number;
  shim: number | null;
  wsOpen: number | null;
  js: number | null;
  css: number | null;
  domInteractive: number;
  render: number | null;
  firstCmd: number | null;
  snapshot: number | null;
  answered: number | null;
  row: number | null;
  painted: number | null;
  empty: number | null;
  commands: [string, number][];
  /** name, start, request sent, first byte, last byte, bytes */
  resources: [string, number, number, number, number, number][];
}

const COLUMNS: [string, (r: Run) => number | null][] = [
  ['html', (r) => r.html],
  ['shim', (r) => r.shim],
  ['wsOpen', (r) => r.wsOpen],
  ['js', (r) => r.js],
  ['css', (r) => r.css],
  ['domInt', (r) => r.domInteractive],
  ['render', (r) => r.render],
  ['firstCmd', (r) => r.firstCmd],
  ['snapshot', (r) => r.snapshot],
  ['answered', (r) => r.answered],
  [JOBS > 0 ? 'row' : 'empty', (r) => (JOBS > 0 ? r.row : r.empty)],
  ['painted', (r) => r.painted],
];

const READ_RUN = `(() => {
  const t = window.__startup;
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const entry = document.querySelector('script[type="module"][src]');
  const entryJs = entry ? res.find((r) => r.name === entry.src) : undefined;
  const css = res.filter((r) => r.name.endsWith('.css'));
  return {
    html: nav.responseEnd,
    shim: t.wsCreated,
    wsOpen: t.wsOpen,
    js: entryJs ? entryJs.responseEnd : null,
    css: css.length ? Math.max(...css.map((r) => r.responseEnd)) : null,
    domInteractive: nav.domInteractive,
    render: t.render,
    firstCmd: t.firstCmd,
    snapshot: t.snapshot,
    answered: t.answered,
    row: t.row,
    painted: t.painted,
    empty: t.empty,
    commands: t.commands,
    resources: res.map((r) => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.requestStart), Math.round(r.responseStart), Math.round(r.responseEnd), r.encodedBodySize]),
  };
})()`;

async function coldLoad(browser: Browser, url: string, trace: boolean): Promise<{ run: Run; trace?: Buffer }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'loading', 'blink.user_timing'] });
  // Told on the console, not polled: polling would run Playwright's script in the page in the
  // middle of the load being measured.
  const first = page.waitForEvent('console', { predicate: (m) => m.text() === 'startup:first', timeout: 30_000 });
  await page.goto(url);
  await first;
  // Element Timing reports a frame or two after the paint; and a page closed while it still
  // reads older jobs would leave its core busy during the next load.
  await page.waitForTimeout(200);
  await page.locator('.queue-reading').waitFor({ state: 'detached', timeout: 60_000 });
  const run = (await page.evaluate(READ_RUN)) as Run;
  const buffer = trace ? await browser.stopTracing() : undefined;
  await context.close();
  return { run, ...(buffer ? { trace: buffer } : {}) };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; documentLoaderURL?: string } };
}

const TRACED = new Set(['ParseHTML', 'EvaluateScript', 'v8.evaluateModule', 'v8.compile', 'v8.compileModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'ParseAuthorStyleSheet', 'PrePaint', 'EventDispatch', 'RunMicrotasks']);

/** The main thread's work from `from` until `until` (ms since the navigation's start). */
function summariseTrace(buffer: Buffer, from: number, until: number): string {
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const navStart = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith('http'));
  const parse = navStart && events.find((e) => e.name === 'ParseHTML' && e.ts >= navStart.ts);
  if (!navStart || !parse) return '  (no navigation in the trace)';
  const at = (e: TraceEvent) => (e.ts - navStart.ts) / 1000;
  const onMain = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && at(e) >= from && at(e) <= until);
  const rows = onMain
    .filter((e) => TRACED.has(e.name) && (e.dur ?? 0) >= 500)
    .map((e) => `  ${at(e).toFixed(1).padStart(7)} +${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)}  ${e.name} ${(e.args?.data?.url ?? '').split('/').pop()}`);
  const busy = onMain.filter((e) => e.name === 'RunTask').reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  return `${rows.join('\n')}\n  main thread busy in tasks: ${busy.toFixed(1)} ms of ${(until - from).toFixed(1)} ms`;
}

const median = (values: (number | null)[]) => {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length === 0 ? null : v[Math.floor(v.length / 2)]!;
};
const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(0));

interface Checkout {
  root: string;
  out: string;
  bridge?: LaunchedBridge;
  runs: Run[];
}

/** Builds a checkout's renderer and shim with its own code, and starts its own bridge on `dataDir`. */
async function prepare(root: string, dataDir: string): Promise<Checkout> {
  const out = join(root, 'out/bench/startup');
  const { build } = (await import(pathToFileURL(join(root, 'node_modules/vite/dist/node/index.js')).href)) as typeof import('vite');
  const { rendererConfig } = (await import(pathToFileURL(join(root, 'electron.vite.config.ts')).href)) as typeof import('../../electron.vite.config');
  const bridgeBuild = (await import(pathToFileURL(join(root, 'test/support/bridge/build.ts')).href)) as typeof import('../../test/support/bridge/build');
  const { launchBridge } = (await import(pathToFileURL(join(root, 'test/support/bridge/launch.ts')).href)) as { launchBridge: (o: LaunchOptions) => Promise<LaunchedBridge> };
  say(`${root}: building the renderer into ${out}…`);
  await build({ ...rendererConfig(out), configFile: false, logLevel: 'info', mode: 'production' });
  await bridgeBuild.buildShim();
  say(`  shim: ${(statSync(bridgeBuild.SHIM_OUT).size / 1024).toFixed(1)} KB`);
  // The bridge reads its renderer folder from the environment at spawn time.
  process.env['BRIDGE_RENDERER_DIR'] = out;
  const bridge = await launchBridge({ dataDir, latencyMs: 0, log: () => {} });
  return { root, out, bridge, runs: [] };
}

async function main(): Promise<void> {
  const roots = [resolve(import.meta.dirname, '../..'), ...(flag('against') ? [resolve(flag('against')!)] : [])];
  for (const root of roots) if (!existsSync(join(root, 'package.json'))) throw new Error(`${root} is not a checkout`);
  const dataDirs: string[] = [];
  const checkouts: Checkout[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    for (const root of roots) {
      const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-startup-'));
      dataDirs.push(dataDir);
      // Each checkout seeds with its own code: its schema may be older than this one's.
      const { seedDatabase: seed } = (await import(pathToFileURL(join(root, 'bench/renderer/seed.ts')).href)) as { seedDatabase: typeof seedDatabase };
      if (JOBS > 0) seed(dataDir, { jobs: JOBS, logLines: 10, liveCourses: 0, callsPerJob: 1 });
      checkouts.push(await prepare(root, dataDir));
    }
    const url = (c: Checkout) => `${c.bridge!.info.url}#/queue`;
    // One load each first: warms the OS file cache, the bridges and Chromium's code.
    for (const c of checkouts) await coldLoad(browser, url(c), false);
    for (let i = 0; i < RUNS; i++) for (const c of checkouts) c.runs.push((await coldLoad(browser, url(c), false)).run);

    for (const c of checkouts) {
      say(`\n${c.root} (cold loads of #/queue, ms since navigation start)`);
      say(COLUMNS.map(([n]) => n.padStart(9)).join(''));
      for (const r of c.runs) say(COLUMNS.map(([, f]) => fmt(f(r)).padStart(9)).join(''));
      say(`${COLUMNS.map(([, f]) => fmt(median(c.runs.map(f))).padStart(9)).join('')}  ← median of ${RUNS}`);
      const last = c.runs.at(-1)!;
      say(`  commands (last load): ${last.commands.map(([n, t]) => `${n}@${t}`).join(' ')}`);
      for (const [name, start, request, first, end, size] of last.resources) {
        say(`  ${name}: queued ${start}, requested ${request}, first byte ${first}, done ${end} (${(size / 1024).toFixed(1)} KB)`);
      }
      const files = await readdir(join(c.out, 'assets'));
      say(`  built: ${files.map((f) => `${f} ${(statSync(join(c.out, 'assets', f)).size / 1024).toFixed(1)} KB`).join(', ')}`);
    }
    if (process.argv.includes('--trace')) {
      for (const c of checkouts) {
        const { run, trace } = await coldLoad(browser, url(c), true);
        say(`\n${c.root}: traced load, first command at ${fmt(run.firstCmd)} ms; main-thread events ≥ 0.5 ms (start +duration, ms)`);
        say(summariseTrace(trace!, 0, run.firstCmd ?? 2_000));
        if (run.answered !== null && run.painted !== null) {
          say(`  from the snapshot's answer (${fmt(run.answered)} ms) until the row is painted (${fmt(run.painted)} ms):`);
          say(summariseTrace(trace!, run.answered, run.painted));
        }
      }
    }
  } finally {
    await browser.close();
    for (const c of checkouts) await c.bridge?.stop();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  }
}

await main();
