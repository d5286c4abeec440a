// Just the scrolls of the renderer benchmark (the 10,000-row table, the 100,000-line log),
// repeated, for A/B work on the row and line rendering. Not part of `npm run bench`.
//   npx tsx bench/renderer/scroll-check.ts [--runs 3] [--only table|log] [--baseline]
//          [--trace <dir>] [--profile <dir>] [--shots <dir>] [--css <rules>] [--limit-ms <ms>]
//          [--also <name>=<dir>] [--no-build] [--no-minify]
// The rest of the working tree may be mid-change, so it measures a fixed tree: HEAD (exported with
// `git archive`, core and bridge included) with the scrolling files (OWNED) taken from the
// working tree ("cur"), and with --baseline also as committed ("base"). Runs of the two
// alternate against one bridge, so both see the same core, data and machine load.
// Per scroll it prints the frame figures (as bench/renderer.ts) and, from CDP, the renderer's
// main-thread CPU for the whole scroll: the work done, which other load inflates far less
// than it inflates frame gaps. --trace writes a Chromium trace of each variant's first run and
// prints the main thread's self time per frame by event (script, style, layout, paint…).
// The environment variable INIT is run in the page before the app (experiment switches).
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { execFileSync, execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { rendererConfig } from '../../electron.vite.config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { atBottom, atTop, scrollUntil, startRecording, stopRecording, listenToProbe, waitFirstSeen } from './driver';
import { frameStats, percentile, round } from './frames';
import { PROBE_SCRIPT, type Recording } from './probe';

const repo = resolve(import.meta.dirname, '../..');
const OUT = resolve(repo, 'out/bench/scroll-check');
const PLAN = { jobs: 10_000, logLines: 100_000, liveCourses: 0, callsPerJob: 16 };
/** The files "cur" takes from the working tree (missing ones are left as in HEAD). */
const OWNED = [
  'src/renderer/pages/queue/JobTable.tsx',
  'src/renderer/pages/queue/JobRow.tsx',
  'src/renderer/pages/queue/JobRowActions.tsx',
  'src/renderer/pages/queue/LogViewer.tsx',
  'src/renderer/pages/queue/LogLine.tsx',
  'src/renderer/pages/queue/use-job-log.ts',
  'src/renderer/components/ProgressBar.tsx',
  'src/renderer/components/StatusBadge.tsx',
  'src/renderer/components/SyncBadge.tsx',
  'src/renderer/lib/format.ts',
  'src/renderer/lib/log-format.ts',
  'src/renderer/lib/use-now.ts',
  'src/renderer/lib/status.ts',
  'src/renderer/styles/queue.css',
  'src/renderer/styles/components.css',
];

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const has = (name: string) => process.argv.includes(`--${name}`);
const RUNS = Number(arg('runs') ?? 3);
const ONLY = arg('only');
const TRACE_DIR = arg('trace');
const SHOTS = arg('shots');
/** Extra CSS laid over the app's (CSP bypassed for it): quick experiments without a rebuild. */
const CSS = arg('css');
/** Stops each scroll after this long (quicker experiments; the figures then cover part of the list). */
const LIMIT_MS = Number(arg('limit-ms') ?? 40_000);
/** Writes a V8 CPU profile of each scroll of the first run there, and prints the top functions by self time. */
const PROFILE_DIR = arg('profile');
const say = (line: string) => process.stdout.write(`${line}\n`);

/** HEAD, exported once per commit (no worktree: the repository's state stays untouched). */
function headTree(): string {
  const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `cs-scroll-tree-${sha}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive HEAD | tar -x -C ${JSON.stringify(dir)}`, { cwd: repo });
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  }
  return dir;
}

/**
 * The tree's renderer source, with the owned files from the working tree for "cur" and for
 * the --also variants, which then lay their own folder over it (files at their repo paths).
 */
function variantSource(tree: string, name: string, overlay?: string): string {
  const dir = join(tmpdir(), `cs-scroll-src-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(tree, 'src'), join(dir, 'src'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  if (name !== 'base') for (const file of OWNED) if (existsSync(join(repo, file))) cpSync(join(repo, file), join(dir, file));
  if (overlay) cpSync(join(overlay, 'src'), join(dir, 'src'), { recursive: true });
  return join(dir, 'src/renderer');
}

/** --also name=<dir> (repeatable): another variant, the working tree with <dir>/src laid over it. */
const ALSO = process.argv.flatMap((a, i) => (a === '--also' ? [process.argv[i + 1]!.split('=') as [string, string]] : []));

async function buildVariant(name: string, root: string): Promise<void> {
  const config = rendererConfig(join(OUT, name));
  await build({
    ...config,
    root,
    build: { ...config.build, rollupOptions: { input: join(root, 'index.html') }, ...(has('no-minify') ? { minify: false } : {}) },
    configFile: false,
    logLevel: 'error',
    mode: 'production',
  });
}

interface Figures {
  maxMs: number;
  p95Ms: number;
  p99Ms: number;
  over50: number;
  over33: number;
  frames: number;
  meanFps: number;
  /** Main-thread CPU for the whole scroll, ms (CDP ThreadTime). */
  cpuMs: number;
  /** Of the frames over 33 ms (LoAF): mean script, forced layout and rendering time, and the top scripts. */
  long: string;
}

function figures(rec: Recording, cpuMs: number): Figures {
  const s = frameStats(rec);
  const long = rec.loafs.filter((l) => l.duration > 33);
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  const script = long.map((l) => l.scripts.reduce((a, x) => a + x.duration, 0));
  const forced = long.map((l) => l.scripts.reduce((a, x) => a + (x.forcedStyleAndLayout ?? 0), 0));
  const render = long.map((l) => (l.renderStart > 0 ? l.start + l.duration - l.renderStart : 0));
  const top = new Map<string, number>();
  for (const l of long) {
    for (const x of l.scripts) {
      const key = `${x.invoker}${x.fn ? `→${x.fn}` : ''}`;
      if (x.duration > 5) top.set(key, (top.get(key) ?? 0) + x.duration);
    }
  }
  const tops = [...top.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => `${k} ${round(v)}`)
    .join(', ');
  return {
    maxMs: s.maxMs,
    p95Ms: s.p95Ms,
    p99Ms: round(percentile(rec.frames, 99)),
    over50: s.over50,
    over33: rec.frames.filter((f) => f > 34).length,
    frames: s.frames,
    meanFps: s.meanFps,
    cpuMs: Math.round(cpuMs),
    long: long.length ? `${long.length} LoAF>33: script ${mean(script)} · forced ${mean(forced)} · render ${mean(render)} ms avg; ${tops}` : '',
  };
}

const line = (label: string, f: Figures) =>
  `${label.padEnd(18)} max ${String(f.maxMs).padStart(5)} · p95 ${String(f.p95Ms).padStart(4)} · p99 ${String(f.p99Ms).padStart(4)} · >50 ${String(f.over50).padStart(3)} · >33 ${String(f.over33).padStart(4)} of ${String(f.frames).padStart(4)} · ${f.meanFps} fps · main CPU ${f.cpuMs} ms${f.long ? `\n${''.padEnd(20)}${f.long}` : ''}`;

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(CSS ? { bypassCSP: true } : {}) });
  await context.addInitScript(PROBE_SCRIPT);
  if (process.env['INIT']) await context.addInitScript(process.env['INIT']);
  const page = await context.newPage();
  page.on('pageerror', (e) => say(`  page error: ${e.message}`));
  listenToProbe(page);
  await page.goto(url);
  if (CSS) await page.addStyleTag({ content: CSS });
  return page;
}

/** CDP's counters count only while enabled: one session per page, enabled from the start. */
const sessions = new WeakMap<Page, CDPSession>();
async function threadMs(page: Page): Promise<number> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    sessions.set(page, cdp);
  }
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
}

type Results = Record<string, Figures[]>;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

function topFunctions(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `${round(v)} ms  ${k}`)
    .join('\n    ');
}

const profiled = new Set<string>();

async function record(page: Page, results: Results, key: string, scroll: () => Promise<unknown>) {
  const cpu0 = await threadMs(page);
  const profile = PROFILE_DIR && !profiled.has(key) ? sessions.get(page)! : null;
  if (profile) {
    profiled.add(key);
    await profile.send('Profiler.enable');
    await profile.send('Profiler.setSamplingInterval', { interval: 250 });
    await profile.send('Profiler.start');
  }
  await startRecording(page);
  await scroll();
  const rec = await stopRecording(page);
  if (profile) {
    const { profile: p } = await profile.send('Profiler.stop');
    writeFileSync(join(PROFILE_DIR!, `${key.replace(/ /g, '-')}.cpuprofile`), JSON.stringify(p));
    say(`  profile ${key}:\n    ${topFunctions(p as never)}`);
  }
  const f = figures(rec, (await threadMs(page)) - cpu0);
  (results[key] ??= []).push(f);
  say(`  ${line(key, f)}`);
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

async function runTable(browser: Browser, base: string, variant: string, results: Results, trace: string | null) {
  const page = await openPage(browser, `${base}${variant}/index.html#/queue`);
  await page.locator('.job-row').first().waitFor({ timeout: 30_000 });
  // The queue reads its older jobs in the background: wait until all 10,000 rows are there.
  // A function, not a string: the app's CSP forbids the eval a string predicate needs.
  await page.waitForFunction(() => ((globalThis as any).document.querySelector('[data-testid="job-table"]')?.scrollHeight ?? 0) > 500_000, undefined, { timeout: 30_000 });
  await page.waitForTimeout(700);
  await threadMs(page);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${variant}-table.png`) });
  if (trace) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
  const sel = '[data-testid="job-table"]';
  await record(page, results, `${variant} table down`, () =>
    scrollUntil(page, sel, { direction: 'down', speedPxPerSec: 25_000, chunkPx: 560_000, limitMs: LIMIT_MS, done: atBottom }),
  );
  await page.waitForTimeout(300);
  await record(page, results, `${variant} table burst`, () =>
    scrollUntil(page, sel, { direction: 'up', speedPxPerSec: 50_000, chunkPx: 150_000, limitMs: LIMIT_MS, done: atTop, maxGestures: 1 }),
  );
  if (trace) await browser.stopTracing();
  await page.context().close();
}

async function runLog(browser: Browser, base: string, variant: string, logJobId: string, results: Results, trace: string | null) {
  const page = await openPage(browser, `${base}${variant}/index.html#/queue/${logJobId}`);
  await waitFirstSeen(page, '.log-line');
  await page.waitForTimeout(700);
  await threadMs(page);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${variant}-log.png`) });
  if (trace) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
  const sel = '[data-testid="log-lines"]';
  const full = PLAN.logLines * 24;
  await record(page, results, `${variant} log up`, () =>
    scrollUntil(page, sel, { direction: 'up', speedPxPerSec: 96_000, chunkPx: 48_000, limitMs: LIMIT_MS, done: (s) => atTop(s) && s.height >= full }),
  );
  await record(page, results, `${variant} log down`, () =>
    scrollUntil(page, sel, { direction: 'down', speedPxPerSec: 96_000, chunkPx: full, limitMs: LIMIT_MS, done: atBottom }),
  );
  if (trace) await browser.stopTracing();
  await page.context().close();
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** The renderer main thread's self time per main frame, by trace event (a Layout inside a script counts as Layout). */
function analyseTrace(file: string): string {
  const { traceEvents } = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const names = new Map<string, string>();
  for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String((e.args as { name: string }).name));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of traceEvents) {
    if (e.ph !== 'X') continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k)!.push(e);
  }
  const mains = [...names.entries()].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
  const mainKey = mains.sort((a, b) => (byThread.get(b)?.length ?? 0) - (byThread.get(a)?.length ?? 0))[0];
  if (!mainKey) return 'no renderer main thread in the trace';
  const events = byThread.get(mainKey)!.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= upTo) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + (top.e.dur ?? 0) - top.child);
    }
  };
  for (const e of events) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += e.dur ?? 0;
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  close(Infinity);
  const frames = Math.max(1, events.filter((e) => e.name === 'Commit').length);
  const span = (events.at(-1)!.ts - events[0]!.ts) / 1000;
  const busy = events.filter((e) => e.name === 'RunTask').reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
  const rows = [...self.entries()]
    .filter(([k]) => k !== 'RunTask')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([k, v]) => `${k} ${round(v / 1000 / frames)}`)
    .join(' · ');
  return `${frames} commits in ${round(span / 1000)} s, main thread busy ${round((busy / span) * 100)}% (${round(busy / frames)} ms/commit); self ms per commit: ${rows}`;
}

async function main() {
  const tree = headTree();
  const names = [...(has('baseline') ? ['cur', 'base'] : ['cur']), ...ALSO.map(([n]) => n)];
  if (!has('no-build')) {
    for (const name of names) {
      const root = variantSource(tree, name, ALSO.find(([n]) => n === name)?.[1]);
      say(`building ${name}…`);
      await buildVariant(name, root);
    }
  }
  // The bridge, shim and seed of the exported tree, so the core matches the renderer.
  const { launchBridge } = (await import(join(tree, 'test/support/bridge/launch.ts'))) as typeof import('../../test/support/bridge/launch');
  const { buildShim, SHIM_OUT } = (await import(join(tree, 'test/support/bridge/build.ts'))) as typeof import('../../test/support/bridge/build');
  const { seedDatabase } = (await import(join(tree, 'bench/renderer/seed.ts'))) as typeof import('./seed');
  if (!existsSync(SHIM_OUT)) await buildShim();

  const dataDir = mkdtempSync(join(tmpdir(), 'cs-scroll-check-'));
  const seed = seedDatabase(dataDir, PLAN);
  process.env['BRIDGE_RENDERER_DIR'] = OUT;
  const bridge = await launchBridge({ dataDir, latencyMs: 0, log: () => undefined });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const results: Results = {};
  const base = bridge.info.url.replace(/\/?$/, '/');
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  if (TRACE_DIR) mkdirSync(TRACE_DIR, { recursive: true });
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  try {
    for (let run = 0; run < RUNS; run++) {
      // Alternating which variant goes first evens out drifting load.
      const order = run % 2 === 1 ? [...names].reverse() : names;
      for (const v of order) {
        say(`run ${run + 1}/${RUNS} · ${v} · load ${round(loadavg()[0]!)}`);
        const traceFile = (kind: string) => (TRACE_DIR && run === 0 ? join(TRACE_DIR, `${v}-${kind}.json`) : null);
        if (ONLY !== 'log') await runTable(browser, base, v, results, traceFile('table'));
        if (ONLY !== 'table') await runLog(browser, base, v, seed.logJobId, results, traceFile('log'));
        for (const kind of ['table', 'log']) {
          const t = traceFile(kind);
          if (t && existsSync(t)) say(`  trace ${kind}: ${analyseTrace(t)}`);
        }
      }
    }
    say('\nsummary (max: worst of the runs; p95, p99, fps, CPU: medians; counts per run):');
    for (const [key, runs] of Object.entries(results).sort()) {
      const med = (k: keyof Figures) => round(percentile(runs.map((r) => r[k] as number), 50));
      say(
        `  ${key.padEnd(18)} max ${Math.max(...runs.map((r) => r.maxMs))} (${runs.map((r) => r.maxMs).join(', ')}) · p95 ${med('p95Ms')} · p99 ${med('p99Ms')} · >50 ${runs.map((r) => r.over50).join('/')} · >33 ${runs.map((r) => r.over33).join('/')} · fps ${med('meanFps')} · main CPU ${med('cpuMs')} ms`,
      );
    }
  } finally {
    await browser.close();
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
