// Playwright fixtures for Course Studio in Chromium. Each test gets a fresh bridge process
// (the real app core, the fake Anthropic server) with a fresh temp data folder — removed
// after a pass, kept after a failure (its path is attached to the report). Option fixtures put the app
// in a failure state before it starts:
//   test.use({ noApiKey: true })        no API key: the queue waits for one
//   test.use({ corruptDatabase: true }) the database file is damaged
//   test.use({ damagedPages: true })    a real database with pages overwritten: it opens, queries that reach them fail
//   test.use({ readOnlyDatabase: true }) a sound database the app may read but not write
//   test.use({ fakeLatencyMs: 1500 })   slow model, to observe running jobs
//   test.use({ seededJobs: 1250 })      that many finished jobs written straight into the database
//   test.use({ seededLogLines: 3500 })  and one of them (at least one job is seeded) with a log that long
//   test.use({ seededInsights: 300 })   that many jobs of Insights history (10 days: outcomes, causes, calls; bench/insights-seed.ts)
//   test.use({ breakerProbeMs: 1000 })  the overload breaker probes after 1 s (the app: 15 s), so an outage ends fast
//   test.use({ autoRetryDelaysMs: [600_000] }) automatic job retries wait this long (the app: 2, 10, 30 min)
// `app` is the page with the renderer loaded and `window.courseStudio` present; `control`
// steers the bridge (faults, content, DB reads; see test/support/bridge/control.ts);
// `screens.save(name)` writes test-results/screenshots/<name>-{light,dark}.png.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BridgeControl, BridgeInfo } from '../support/bridge/control-client';
import { seedInsights } from '../../bench/insights-seed';
import { seedDatabase } from '../../bench/renderer/seed';
import { DATABASE_FILE } from '../../src/main/app-core';
import { Store } from '../../src/main/db/store';
import { damageCoursesTable, makeReadOnly } from '../support/broken-files';
import { launchBridge } from '../support/bridge/launch';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

export interface Options {
  noApiKey: boolean;
  corruptDatabase: boolean;
  damagedPages: boolean;
  readOnlyDatabase: boolean;
  fakeLatencyMs: number;
  secretBackend: 'os' | 'plaintext' | 'unavailable';
  /** Uncaught exceptions in the page fail the test unless this is set. */
  allowPageErrors: boolean;
  seededJobs: number;
  seededLogLines: number;
  seededInsights: number;
  /** 0: the app's breaker timings. */
  breakerProbeMs: number;
  /** null: the app's retry delays. */
  autoRetryDelaysMs: number[] | null;
}

export interface Fixtures {
  bridge: BridgeInfo;
  control: BridgeControl;
  /** The app, loaded and ready for clicks. */
  app: Page;
  pageErrors: string[];
  screens: { save(name: string, options?: { fullPage?: boolean }): Promise<void> };
}

export const test = base.extend<Options & Fixtures & { launched: Awaited<ReturnType<typeof launchBridge>> }>({
  noApiKey: [false, { option: true }],
  corruptDatabase: [false, { option: true }],
  damagedPages: [false, { option: true }],
  readOnlyDatabase: [false, { option: true }],
  fakeLatencyMs: [0, { option: true }],
  secretBackend: ['os', { option: true }],
  allowPageErrors: [false, { option: true }],
  seededJobs: [0, { option: true }],
  seededLogLines: [0, { option: true }],
  seededInsights: [0, { option: true }],
  breakerProbeMs: [0, { option: true }],
  autoRetryDelaysMs: [null, { option: true }],

  launched: async (
    { noApiKey, corruptDatabase, damagedPages, readOnlyDatabase, fakeLatencyMs, secretBackend, seededJobs, seededLogLines, seededInsights, breakerProbeMs, autoRetryDelaysMs },
    use,
    testInfo,
  ) => {
    const log: string[] = [];
    // Outside Playwright's output folder, which a concurrent run would empty under our feet.
    const dataDir = mkdtempSync(join(tmpdir(), 'course-studio-e2e-'));
    if (seededJobs > 0 || seededLogLines > 0) seedDatabase(dataDir, { jobs: Math.max(1, seededJobs), logLines: seededLogLines, liveCourses: 0, callsPerJob: 2 });
    if (seededInsights > 0) {
      const store = Store.open(join(dataDir, DATABASE_FILE));
      seedInsights(store.db, { jobs: seededInsights, callsPerJob: 16, nowMs: Date.now(), days: 10 });
      store.close();
    }
    let undoReadOnly = () => {};
    if (damagedPages || readOnlyDatabase) {
      const file = join(dataDir, DATABASE_FILE);
      const store = Store.open(file);
      store.write(() => {
        for (let i = 0; i < 200; i++) store.courses.create({ topic: `Course ${i}`, audience: 'adults', level: 'beginner', projects: 3, language: 'English', notes: '' });
      });
      store.close();
      if (damagedPages) damageCoursesTable(file);
      if (readOnlyDatabase) undoReadOnly = makeReadOnly(file);
    }
    const launched = await launchBridge({
      dataDir,
      noApiKey,
      corruptDatabase,
      latencyMs: fakeLatencyMs,
      secretBackend,
      ...(breakerProbeMs > 0 ? { breakerProbeMs } : {}),
      ...(autoRetryDelaysMs ? { autoRetryDelaysMs } : {}),
      log: (line) => log.push(line),
    });
    await use(launched);
    await launched.stop();
    undoReadOnly();
    if (log.length > 0) await testInfo.attach('bridge.log', { body: log.join('\n'), contentType: 'text/plain' });
    if (testInfo.status === testInfo.expectedStatus) rmSync(dataDir, { recursive: true, force: true });
    else await testInfo.attach('data-dir.txt', { body: `The failed test's data folder (database included): ${dataDir}\n`, contentType: 'text/plain' });
  },
  bridge: async ({ launched }, use) => use(launched.info),
  control: async ({ launched }, use) => use(launched.control),

  pageErrors: async ({ page, allowPageErrors }, use, testInfo) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
    await use(errors);
    if (errors.length > 0) {
      await testInfo.attach('page-errors.txt', { body: errors.join('\n'), contentType: 'text/plain' });
      if (!allowPageErrors) expect(errors, 'uncaught errors in the page').toEqual([]);
    }
  },

  app: async ({ page, bridge, pageErrors }, use) => {
    void pageErrors;
    await page.goto(bridge.url);
    await page.waitForFunction(() => typeof (window as { courseStudio?: unknown }).courseStudio === 'object');
    await use(page);
  },

  screens: async ({ page }, use) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use({
      async save(name, options = {}) {
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          // Let CSS transitions on theme variables settle before the shot.
          await page.waitForTimeout(150);
          await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}-${colorScheme}.png`), fullPage: options.fullPage ?? true });
        }
        await page.emulateMedia({ colorScheme: null });
      },
    });
  },
});

export { expect };
