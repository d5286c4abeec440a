// The Insights page opened in Chromium against the bridge (the real core over the
// benchmark's database of 10,000 jobs and 160,000 calls), as a person opens it: the app is
// started on the queue and has read its 10,000 jobs, then the sidebar's Insights link is
// clicked (its chunk not loaded yet). Measured from the click to the summary tiles painted
// (Element Timing) and to the first bar of the cost chart in the DOM (SVG has no text to
// time; it is painted in the frame after; on an empty database, the chart's "no calls"
// note instead). The page "opens" when both are there: the later of the two. The loads
// share one core, so the first is the first open after the start (the query runs) and the
// others are repeat opens (nothing was written in between: the kept figures, insights/cache.ts).
// The app fetches the Insights chunk when idle after its first paint; whether it was in
// before the click is recorded. A cold start straight onto #/insights is
// slower (about 2 s at a load of 8): the core then answers the queue's first reads of
// 10,000 jobs before the page's query, so that measures the app's start-up, not the page.
// Part of bench/insights.ts.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { rendererConfig } from '../electron.vite.config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { DATABASE_FILE } from '../src/main/app-core';
import { Store } from '../src/main/db/store';
import { buildShim } from '../test/support/bridge/build';
import { launchBridge } from '../test/support/bridge/launch';
import { seedInsights } from './insights-seed';
import { listenToProbe, waitFirstSeen } from './renderer/driver';
import { PROBE_SCRIPT } from './renderer/probe';

const OUT = resolve(import.meta.dirname, '../out/bench/insights-renderer');
const LOADS = 7;
const TILE = '[data-testid="tile-jobs"] .insights-tile-value';
const BAR = '[data-testid="chart-cost"] .recharts-bar-rectangle, [data-testid="chart-cost"] .insights-chart-empty';

export interface PageLoads {
  jobs: number;
  calls: number;
  tilesMs: number[];
  chartMs: number[];
  /** Per load, the later of tiles and chart: when the page counts as open. */
  opensMs: number[];
  tilesMedianMs: number;
  chartMedianMs: number;
  /** The first load (the query runs) and the median of the repeat opens. */
  firstOpenMs: number;
  repeatOpenMedianMs: number;
  /** Loads where the Insights chunk had been fetched (idle prefetch) before the click. */
  chunkInBeforeClick: number;
  /** Per load, whether main answered insights.get from kept figures (warmed or an earlier open's) rather than reading. */
  servedFromKept: boolean[];
  /** Warmings the core ran before the first click. */
  warmingsBeforeFirstClick: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function insightsPageLoads(jobs: number, calls: number, opts: { build: boolean } = { build: true }): Promise<PageLoads> {
  if (opts.build) await build({ ...rendererConfig(OUT), configFile: false, logLevel: 'warn', mode: 'production' });
  if (opts.build) await buildShim();
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-insights-page-'));
  const store = Store.open(join(dataDir, DATABASE_FILE));
  if (jobs > 0) seedInsights(store.db, { jobs, callsPerJob: Math.round(calls / jobs), nowMs: Date.now(), totalCalls: calls });
  store.close();
  process.env['BRIDGE_RENDERER_DIR'] = OUT;
  const bridge = await launchBridge({ dataDir, latencyMs: 0, log: () => {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const tilesMs: number[] = [];
    const chartMs: number[] = [];
    let chunkInBeforeClick = 0;
    const servedFromKept: boolean[] = [];
    let warmingsBeforeFirstClick = 0;
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(PROBE_SCRIPT);
      await context.addInitScript(`window.__bench.watch(${JSON.stringify(TILE)}); window.__bench.watch(${JSON.stringify(BAR)});`);
      const page = await context.newPage();
      listenToProbe(page);
      await page.goto(`${bridge.info.url}#/queue`);
      await page.locator(jobs > 0 ? 'tr.job-row' : '[data-focus-key="queue-empty-new"]').first().waitFor();
      await page.locator('.queue-reading').waitFor({ state: 'detached', timeout: 60_000 });
      // The click's own time stamp (when the browser took the input), not when Playwright
      // set out to click: its checks before clicking take tens of ms on a loaded machine.
      const before = await bridge.control.insights();
      if (i === 0) warmingsBeforeFirstClick = before.warmings;
      await page.evaluate(`document.addEventListener('click', (e) => { window.__clickAt = e.timeStamp; }, { capture: true, once: true })`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
      const clickedAt = (await page.evaluate('window.__clickAt')) as number;
      const chunkIn = (await page.evaluate(
        `performance.getEntriesByType('resource').some((e) => /InsightsPage-[^/]*\\.js$/.test(e.name) && e.responseEnd <= ${clickedAt})`,
      )) as boolean;
      if (chunkIn) chunkInBeforeClick++;
      const tile = await waitFirstSeen(page, TILE);
      const bar = await waitFirstSeen(page, BAR);
      tilesMs.push(Math.round((tile.render ?? tile.seen) - clickedAt));
      chartMs.push(Math.round(bar.seen - clickedAt));
      const after = await bridge.control.insights();
      servedFromKept.push(after.hits > before.hits && after.reads === before.reads);
      await context.close();
    }
    const opensMs = tilesMs.map((t, i) => Math.max(t, chartMs[i]!));
    return {
      jobs,
      calls,
      tilesMs,
      chartMs,
      opensMs,
      tilesMedianMs: median(tilesMs),
      chartMedianMs: median(chartMs),
      firstOpenMs: opensMs[0]!,
      repeatOpenMedianMs: median(opensMs.slice(1)),
      chunkInBeforeClick,
      servedFromKept,
      warmingsBeforeFirstClick,
    };
  } finally {
    await browser.close();
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
