// `npm run bench` (after the queue benchmark), `npm run bench:renderer`, or
// `npm run bench -- --only renderer`: how the renderer holds up with a big database, in
// Debian's Chromium against the browser bridge (the real app core, the fake model).
//   1. the queue with 10,000 jobs: first render, then frame times scrolling top to bottom
//   2. 50 jobs running for real (fake model, 300 ms a call) with the 10,000 rows present
//   3. a job's log with 100,000 lines: first render, then scrolling to the top and back
// Goal (issue): first render under 300 ms, no frame over 50 ms. Frame times come from the
// page itself (renderer/probe.ts); long frames are attributed with the Long Animation Frames
// API. Writes bench/results/renderer-latest.json and a dated copy.
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { rendererConfig } from '../electron.vite.config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { buildShim } from '../test/support/bridge/build';
import { launchBridge, type LaunchedBridge } from '../test/support/bridge/launch';
import { atBottom, atTop, scrollUntil, startRecording, stopRecording, listenToProbe, waitFirstSeen, type ScrollRun } from './renderer/driver';
import { frameStats, round, type FrameStats } from './renderer/frames';
import { PROBE_SCRIPT, type FirstSeen, type SnapshotTiming } from './renderer/probe';
import { seedDatabase, type SeedPlan } from './renderer/seed';

const PLAN: SeedPlan = { jobs: 10_000, logLines: 100_000, liveCourses: 50, callsPerJob: 16 };
const GOAL_FIRST_RENDER_MS = 300;
const GOAL_FRAME_MS = 50;
const LIVE_LATENCY_MS = 300;
/** The most the settings allow: the heaviest stream of live updates a person can configure. */
const LIVE_LIMITS = { jobs: 20, requests: 50 };
const LIVE_WINDOW_MS = 10_000;
/** Cold loads per first-render figure: on a shared two-core machine single loads range over ±80 ms, and a median of 5 swung by 60. */
const FIRST_RENDER_RUNS = 9;
/**
 * Steady scrolls: 25,000 px/s down the table (450 rows a second, 7 a frame: a brisk fling
 * held all the way) and 96,000 px/s through the log (4,000 lines a second) — quick enough to
 * cover 10,000 rows and 100,000 lines within the time budget. The table also gets a burst
 * at 50,000 px/s (15 new rows a frame), where its per-frame layout cost shows.
 */
const TABLE_SPEED = 25_000;
const TABLE_FAST_SPEED = 50_000;
const TABLE_FAST_PX = 150_000;
const LOG_SPEED = 96_000;
/** Two of the log's pages (1,000 lines each) per gesture; then it checks whether the top is reached. */
const LOG_CHUNK_PX = 48_000;
/** Row and line heights as the renderer sets them (JobTable, LogViewer). */
const TABLE_ROW_PX = 56;
const LOG_LINE_PX = 24;
const SCROLL_LIMIT_MS = 40_000;
const RENDERER_OUT = resolve(import.meta.dirname, '../out/bench/renderer');

interface FirstRender {
  /** Median of the runs: navigation start (or the click) → the first row's text painted. */
  ms: number;
  runsMs: number[];
  goalMet: boolean;
  /** Medians for cold loads: where the time went. */
  breakdown?: ColdBreakdown;
}

interface ColdBreakdown {
  /** Navigation start → the app's first command (HTML, the shim, the bundle, React's first render). */
  startupMs: number;
  /** jobs.snapshot sent → its answer arrived: the core's query, serialising, the transfer. */
  snapshotMs: number;
  snapshotKb: number;
  /** Answer arrived → first row painted: parsing, the store, React, layout, paint. */
  afterSnapshotMs: number;
  /** Loads that made an Intl formatter before the measured paint: ICU loading its data (15–30 ms) on the way to it. */
  intlBeforeFirstRow: number;
}

interface ColdRun {
  ms: number;
  firstCommand: number | null;
  snapshot: SnapshotTiming;
  intlFirstUse: number | null;
}

interface ScrollFigures extends FrameStats {
  goalMet: boolean;
  speedPxPerSec: number;
  durationMs: number;
  finished: boolean;
}

export interface RendererReport {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; chromium: string; loadAvgBefore: number[]; loadAvgAfter: number[] };
  goals: { firstRenderMs: number; frameMs: number };
  seed: SeedPlan & { ms: number };
  queue: {
    firstRender: FirstRender;
    /** The core answering all 10,000 summaries at once, and the first page of 100 the page asks for. */
    snapshotMs: number;
    firstPageMs: number;
    /** From the first row painted until the older pages are all in. */
    reading: FrameStats & { goalMet: boolean; durationMs: number };
    scroll: ScrollFigures;
    fastScroll: ScrollFigures;
  };
  live: {
    latencyMs: number;
    limits: typeof LIVE_LIMITS;
    jobs: number;
    /** From the first job queued until the last one is in the table. */
    queueing: FrameStats & { goalMet: boolean; durationMs: number };
    /** The following LIVE_WINDOW_MS of progress events. */
    streaming: FrameStats & { goalMet: boolean; durationMs: number };
    callsAnswered: number;
    callsAnsweredWhileStreaming: number;
    /** Of the live jobs, completed by the end of the streaming window. */
    jobsCompleted: number;
  };
  log: { firstRenderInApp: FirstRender; firstRenderCold: FirstRender; pagesLoaded: number; scrollUp: ScrollFigures; scrollDown: ScrollFigures };
  /** The 1-minute load average as each part started: above the CPU count, other processes were competing for the CPU. */
  loadAvg1m: { queue: number; live: number; log: number };
  pageErrors: string[];
  totalMs: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
/** Element Timing's paint time; the DOM insertion where the browser reported none. */
const paintedAt = (seen: FirstSeen) => seen.render ?? seen.seen;

function firstRender(runsMs: number[], cold: ColdRun[] = []): FirstRender {
  const ms = round(median(runsMs));
  const timed = cold.filter((r) => r.firstCommand !== null && r.snapshot.sent !== null && r.snapshot.received !== null);
  const breakdown: ColdBreakdown | undefined =
    timed.length === 0
      ? undefined
      : {
          startupMs: round(median(timed.map((r) => r.firstCommand!))),
          snapshotMs: round(median(timed.map((r) => r.snapshot.received! - r.snapshot.sent!))),
          snapshotKb: round(median(timed.map((r) => r.snapshot.bytes / 1024))),
          afterSnapshotMs: round(median(timed.map((r) => r.ms - r.snapshot.received!))),
          intlBeforeFirstRow: timed.filter((r) => r.intlFirstUse !== null && r.intlFirstUse < r.ms).length,
        };
  return { ms, runsMs: runsMs.map(round), goalMet: ms < GOAL_FIRST_RENDER_MS, ...(breakdown ? { breakdown } : {}) };
}

function scrollFigures(stats: FrameStats, run: ScrollRun, speedPxPerSec: number): ScrollFigures {
  return { ...stats, goalMet: stats.maxMs <= GOAL_FRAME_MS && run.finished, speedPxPerSec, durationMs: Math.round(run.durationMs), finished: run.finished };
}

async function buildAssets(): Promise<void> {
  // Its own folder: an e2e run rebuilding out/bridge at the same time cannot swap files under us.
  await build({ ...rendererConfig(RENDERER_OUT), configFile: false, logLevel: 'warn', mode: 'production' });
  // Always: a shim left by an older build would measure the old one.
  await buildShim();
}

async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(PROBE_SCRIPT);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  listenToProbe(page);
  await page.goto(url);
  return page;
}

/** Cold loads of `hashRoute` in fresh pages: navigation start → `selector` painted. */
async function coldFirstRender(browser: Browser, base: string, hashRoute: string, selector: string, errors: string[]): Promise<FirstRender> {
  const runs: ColdRun[] = [];
  for (let i = 0; i < FIRST_RENDER_RUNS; i++) {
    const page = await openPage(browser, `${base}${hashRoute}`, errors);
    const ms = paintedAt(await waitFirstSeen(page, selector));
    const timing = (await page.evaluate(`({ firstCommand: window.__bench.firstCommand ?? null, snapshot: window.__bench.snapshot, intlFirstUse: window.__bench.intlFirstUse })`)) as Omit<ColdRun, 'ms'>;
    runs.push({ ms, ...timing });
    // Closed once it has read the older pages, not before: a page closed mid-read leaves the
    // core answering it while the next cold load starts, which no cold start of the app has.
    await page.locator('.queue-reading').waitFor({ state: 'detached', timeout: 60_000 });
    await page.context().close();
  }
  return firstRender(
    runs.map((r) => r.ms),
    runs,
  );
}

async function queueScenario(bridge: LaunchedBridge, browser: Browser, errors: string[]) {
  const base = bridge.info.url;
  // What the core alone takes to answer the snapshot the page asks for (through the control channel, so JSON over HTTP included).
  const t0 = performance.now();
  await bridge.control.call('jobs.snapshot');
  const snapshotMs = round(performance.now() - t0);
  const t1 = performance.now();
  await bridge.control.call('jobs.snapshot', { limit: 100 });
  const firstPageMs = round(performance.now() - t1);

  say(`queue: first render (${FIRST_RENDER_RUNS} cold loads)…`);
  const first = await coldFirstRender(browser, base, '#/queue', 'tr.job-row', errors);

  // A person may scroll as soon as the first rows show: frames while the older pages arrive.
  const page = await openPage(browser, `${base}#/queue`, errors);
  await waitFirstSeen(page, 'tr.job-row');
  await startRecording(page);
  const readingStarted = performance.now();
  await page.locator('.queue-reading').waitFor({ state: 'detached', timeout: 60_000 });
  const readingMs = performance.now() - readingStarted;
  const reading = { ...frameStats(await stopRecording(page)), durationMs: Math.round(readingMs) };
  const rows = (await page.evaluate(`document.querySelector('[data-testid="job-table"] table')?.getAttribute('aria-rowcount')`)) as string | null;
  if (Number(rows) !== PLAN.jobs + 1) throw new Error(`the queue holds ${rows} rows after reading, expected ${PLAN.jobs + 1}`);
  await page.waitForTimeout(500);
  say('queue: scrolling 10,000 rows top to bottom…');
  await startRecording(page);
  const run = await scrollUntil(page, '[data-testid="job-table"]', {
    direction: 'down',
    speedPxPerSec: TABLE_SPEED,
    chunkPx: PLAN.jobs * TABLE_ROW_PX,
    limitMs: SCROLL_LIMIT_MS,
    done: atBottom,
  });
  const scroll = scrollFigures(frameStats(await stopRecording(page)), run, TABLE_SPEED);
  say('queue: a faster burst back up…');
  await page.waitForTimeout(300);
  await startRecording(page);
  const fastRun = await scrollUntil(page, '[data-testid="job-table"]', {
    direction: 'up',
    speedPxPerSec: TABLE_FAST_SPEED,
    chunkPx: TABLE_FAST_PX,
    limitMs: SCROLL_LIMIT_MS,
    done: atTop,
    maxGestures: 1,
  });
  const fastScroll = scrollFigures(frameStats(await stopRecording(page)), fastRun, TABLE_FAST_SPEED);
  return { page, result: { firstRender: first, snapshotMs, firstPageMs, reading: { ...reading, goalMet: reading.maxMs <= GOAL_FRAME_MS }, scroll, fastScroll } };
}

async function liveScenario(bridge: LaunchedBridge, page: Page, liveCourseIds: string[]) {
  const { control } = bridge;
  await page.evaluate(`document.querySelector('[data-testid="job-table"]').scrollTop = 0`);
  await page.waitForTimeout(300);
  await control.fake.latency(LIVE_LATENCY_MS);
  await control.call('queue.setLimits', LIVE_LIMITS);
  say(`live: ${liveCourseIds.length} jobs against the fake model (${LIVE_LATENCY_MS} ms a call, ${LIVE_LIMITS.jobs} jobs / ${LIVE_LIMITS.requests} requests at once)…`);
  const requestsBefore = (await control.fake.requests()).length;

  // Queued through the control channel, as the CLI or another window would: the page learns
  // of them from events and reads just those jobs by id to get their titles.
  await startRecording(page);
  const queueingStarted = performance.now();
  const jobIds: string[] = [];
  for (const courseId of liveCourseIds) jobIds.push((await control.call('jobs.enqueue', { courseId, autoPublish: false })).id);
  await page.locator(`tr[data-job-id="${jobIds.at(-1)}"]`).waitFor({ timeout: 20_000 });
  const queueingMs = performance.now() - queueingStarted;
  const queueing = frameStats(await stopRecording(page));

  say(`live: ${LIVE_WINDOW_MS / 1000} s of progress streaming in…`);
  const callsBefore = (await control.fake.requests()).length;
  await startRecording(page);
  await page.waitForTimeout(LIVE_WINDOW_MS);
  const streaming = frameStats(await stopRecording(page));
  const requests = await control.fake.requests();
  const answered = (from: number) => requests.slice(from).filter((r) => r.status === 200).length;
  const completed = await control.db<{ n: number }>(
    `SELECT COUNT(*) AS n FROM jobs WHERE status = 'completed' AND id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(jobIds)],
  );
  // Whatever is left would keep the page busy during the log measurements.
  await control.call('jobs.cancel', { jobIds });
  await control.fake.latency(0);
  await control.waitIdle(30_000);
  return {
    latencyMs: LIVE_LATENCY_MS,
    limits: LIVE_LIMITS,
    jobs: liveCourseIds.length,
    queueing: { ...queueing, goalMet: queueing.maxMs <= GOAL_FRAME_MS, durationMs: Math.round(queueingMs) },
    streaming: { ...streaming, goalMet: streaming.maxMs <= GOAL_FRAME_MS, durationMs: LIVE_WINDOW_MS },
    callsAnswered: answered(requestsBefore),
    callsAnsweredWhileStreaming: answered(callsBefore),
    jobsCompleted: completed[0]?.n ?? 0,
  };
}

async function logScenario(bridge: LaunchedBridge, browser: Browser, page: Page, logJobId: string, errors: string[]) {
  const base = bridge.info.url;
  say('log: first render…');
  // In the app: the queue is loaded, the person opens the job (a hash change, as a click on its row does).
  const inApp: number[] = [];
  for (let i = 0; i < FIRST_RENDER_RUNS; i++) {
    await page.evaluate(`location.hash = '#/queue'`);
    await page.locator('.log-line').first().waitFor({ state: 'detached' });
    await page.waitForTimeout(200);
    const clickedAt = (await page.evaluate(`(() => { window.__bench.watch('.log-line'); const t = performance.now(); location.hash = '#/queue/${logJobId}'; return t; })()`)) as number;
    inApp.push(paintedAt(await waitFirstSeen(page, '.log-line')) - clickedAt);
  }
  const firstRenderCold = await coldFirstRender(browser, base, `#/queue/${logJobId}`, '.log-line', errors);

  await page.waitForTimeout(500);
  const log = '[data-testid="log-lines"]';
  const fullHeight = PLAN.logLines * LOG_LINE_PX;
  say('log: scrolling 100,000 lines to the top (paging back 1,000 at a time)…');
  await startRecording(page);
  const up = await scrollUntil(page, log, {
    direction: 'up',
    speedPxPerSec: LOG_SPEED,
    chunkPx: LOG_CHUNK_PX,
    limitMs: SCROLL_LIMIT_MS,
    done: (s) => atTop(s) && s.height >= fullHeight,
  });
  const scrollUp = scrollFigures(frameStats(await stopRecording(page)), up, LOG_SPEED);
  const lines = (await page.evaluate(`document.querySelector('${log} .log-lines')?.offsetHeight ?? 0`)) as number;
  say('log: and back to the bottom…');
  await startRecording(page);
  const down = await scrollUntil(page, log, { direction: 'down', speedPxPerSec: LOG_SPEED, chunkPx: fullHeight, limitMs: SCROLL_LIMIT_MS, done: atBottom });
  const scrollDown = scrollFigures(frameStats(await stopRecording(page)), down, LOG_SPEED);
  return {
    firstRenderInApp: firstRender(inApp),
    firstRenderCold,
    pagesLoaded: Math.round(lines / LOG_LINE_PX / 1_000),
    scrollUp,
    scrollDown,
  };
}

function table(r: RendererReport): string {
  const ok = (met: boolean) => (met ? '✓' : '✗');
  const fr = (f: FirstRender) => `${f.ms} ms ${ok(f.goalMet)} (runs: ${f.runsMs.join(', ')})`;
  const frames = (s: FrameStats & { goalMet: boolean }) =>
    `max ${s.maxMs} ms ${ok(s.goalMet)} · p95 ${s.p95Ms} ms · ${s.over50} of ${s.frames} over ${GOAL_FRAME_MS} ms · ${s.meanFps} fps`;
  const scrolled = (s: ScrollFigures) =>
    `${(s.durationMs / 1000).toFixed(1)} s at ${(s.speedPxPerSec / 1000).toFixed(0)}k px/s${s.finished ? '' : ' (stopped by the time limit: not at the end)'}`;
  const split = (f: FirstRender) =>
    f.breakdown
      ? `start-up ${f.breakdown.startupMs} ms · waiting for the first page of jobs ${f.breakdown.snapshotMs} ms (${f.breakdown.snapshotKb} KB) · after it ${f.breakdown.afterSnapshotMs} ms · an Intl formatter made before that paint in ${f.breakdown.intlBeforeFirstRow} of ${f.runsMs.length} loads`
      : '';
  const rows: [string, string][] = [
    ['queue: jobs.snapshot in the core', `all 10,000 jobs ${r.queue.snapshotMs} ms · first page of 100 ${r.queue.firstPageMs} ms`],
    ['queue: first render (cold load → first row)', fr(r.queue.firstRender)],
    ['', split(r.queue.firstRender)],
    ['queue: reading the older pages after it', frames(r.queue.reading)],
    ['', `${(r.queue.reading.durationMs / 1000).toFixed(1)} s until all ${PLAN.jobs.toLocaleString('en')} jobs were in`],
    ['queue: scroll 10,000 rows to the bottom', frames(r.queue.scroll)],
    ['', scrolled(r.queue.scroll)],
    [`queue: faster burst (${TABLE_FAST_PX / 1000}k px back up)`, frames(r.queue.fastScroll)],
    ['', scrolled(r.queue.fastScroll)],
    [`live: queueing ${r.live.jobs} jobs (until all are in the table)`, frames(r.live.queueing)],
    ['', `${(r.live.queueing.durationMs / 1000).toFixed(1)} s`],
    [`live: ${r.live.jobs} jobs running, ${r.live.streaming.durationMs / 1000} s`, frames(r.live.streaming)],
    ['', `${r.live.callsAnsweredWhileStreaming} model calls answered in the window, ${r.live.jobsCompleted} of ${r.live.jobs} jobs completed by its end`],
    ['log: first render (open the job in the app)', fr(r.log.firstRenderInApp)],
    ['log: first render (cold load of #/queue/<id>)', fr(r.log.firstRenderCold)],
    ['', split(r.log.firstRenderCold)],
    ['log: scroll 100,000 lines to the top', frames(r.log.scrollUp)],
    ['', `${scrolled(r.log.scrollUp)}; ${r.log.pagesLoaded} pages of 1,000 lines loaded`],
    ['log: scroll back to the bottom', frames(r.log.scrollDown)],
    ['', scrolled(r.log.scrollDown)],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = rows.map(([l, v]) => `${l.padEnd(width)}  ${v}`);
  const causes = [
    ['queue: reading older pages', r.queue.reading],
    ['queue scroll', r.queue.scroll],
    ['queue fast burst', r.queue.fastScroll],
    ['live: queueing', r.live.queueing],
    ['live: streaming', r.live.streaming],
    ['log scroll up', r.log.scrollUp],
    ['log scroll down', r.log.scrollDown],
  ] as const;
  for (const [name, s] of causes) {
    if (s.causes.length === 0) continue;
    lines.push('', `long frames during ${name}:`);
    for (const c of s.causes) lines.push(`  ${c.what}: ${c.frames} frames, ${c.totalMs} ms in all, worst ${c.maxMs} ms`);
  }
  return lines.join('\n');
}

export async function runRendererBench(): Promise<RendererReport> {
  const started = performance.now();
  const loadAvgBefore = loadavg().map((l) => round(l));
  say('renderer: building the renderer…');
  await buildAssets();
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-renderer-'));
  const seed = seedDatabase(dataDir, PLAN);
  say(`renderer: seeded ${PLAN.jobs} jobs, ${PLAN.logLines} log lines in ${(seed.ms / 1000).toFixed(1)} s`);

  const bridgeLog: string[] = [];
  process.env['BRIDGE_RENDERER_DIR'] = RENDERER_OUT;
  const bridge = await launchBridge({ dataDir, latencyMs: 0, log: (line) => bridgeLog.push(line) });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const errors: string[] = [];
  try {
    const load1m = () => round(loadavg()[0]!);
    const loadAvg1m = { queue: load1m(), live: 0, log: 0 };
    const { page, result: queue } = await queueScenario(bridge, browser, errors);
    loadAvg1m.live = load1m();
    const live = await liveScenario(bridge, page, seed.liveCourseIds);
    loadAvg1m.log = load1m();
    const log = await logScenario(bridge, browser, page, seed.logJobId, errors);
    const report: RendererReport = {
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: round(totalmem() / 1024 ** 3),
        platform: `${process.platform} ${process.arch}`,
        node: process.version,
        chromium: browser.version(),
        loadAvgBefore,
        loadAvgAfter: loadavg().map((l) => round(l)),
      },
      goals: { firstRenderMs: GOAL_FIRST_RENDER_MS, frameMs: GOAL_FRAME_MS },
      seed: { ...PLAN, ms: Math.round(seed.ms) },
      queue,
      live,
      log,
      loadAvg1m,
      pageErrors: errors,
      totalMs: Math.round(performance.now() - started),
    };
    say(`\n${table(report)}\n`);
    say(`machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, node ${report.machine.node}, Chromium ${report.machine.chromium}`);
    say(`1-minute load average as each part started: queue ${loadAvg1m.queue}, live ${loadAvg1m.live}, log ${loadAvg1m.log} (above ${report.machine.cpus}: other processes competed for the CPU; compare runs made under the same load)`);
    if (errors.length > 0) say(`page errors:\n  ${errors.join('\n  ')}`);
    const dir = join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const files = ['renderer-latest.json', `renderer-${report.at.replace(/[:.]/g, '-')}.json`];
    for (const file of files) writeFileSync(join(dir, file), json);
    say(`written to ${files.map((f) => `bench/results/${f}`).join(' and ')} (${(report.totalMs / 1000).toFixed(0)} s in all)`);
    return report;
  } catch (error) {
    if (bridgeLog.length > 0) process.stderr.write(`bridge log:\n${bridgeLog.slice(-40).join('\n')}\n`);
    throw error;
  } finally {
    await browser.close();
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runRendererBench().catch((error: unknown) => {
    process.stderr.write(`renderer bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
