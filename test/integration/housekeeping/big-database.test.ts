// Housekeeping on a database of 10,000 jobs and a million log lines: the cleanup removes
// exactly what the rules say, compaction gives the space back to the disk, every cost and
// token total is the same before and after (courses removed for good included), and a
// cleanup killed in the middle leaves a valid file with nothing lost that should stay.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { runCleanup } from '../../../src/main/housekeeping/cleanup';
import { compact } from '../../../src/main/housekeeping/compaction';
import { tempDbPath, until } from '../../support/engine';
import { BIG, seedBig, type BigShape } from '../../support/big-database';

const EVER = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };

/** Every total a person sees beyond one course. */
function totals(store: Store) {
  const ledger = store.calls.ledgerTotals();
  const report = store.reports.measure(EVER.from, EVER.to);
  return {
    calls: ledger.calls,
    usage: ledger.usage,
    costUsd: ledger.costUsd,
    savedUsd: ledger.savedUsd,
    report: { calls: report.calls, usage: report.usage, rateLimited: report.rateLimited, costUsd: report.costUsd, savedUsd: report.savedUsd },
  };
}

function expectSameTotals(after: ReturnType<typeof totals>, before: ReturnType<typeof totals>) {
  // Counts and tokens exactly; dollars summed in another order may differ in the last bits.
  expect({ ...after, costUsd: 0, savedUsd: 0, report: { ...after.report, costUsd: 0, savedUsd: 0 } }).toEqual({
    ...before,
    costUsd: 0,
    savedUsd: 0,
    report: { ...before.report, costUsd: 0, savedUsd: 0 },
  });
  for (const [a, b] of [
    [after.costUsd, before.costUsd],
    [after.savedUsd, before.savedUsd],
    [after.report.costUsd, before.report.costUsd],
    [after.report.savedUsd, before.report.savedUsd],
  ] as const) {
    expect(Math.abs(a - b)).toBeLessThan(1e-6);
  }
}

const count = (store: Store, sql: string) => store.db.prepare<[], { n: number }>(sql).get()!.n;

/** What the rules keep, checked row by row: recent jobs whole, each failed old job's error line, courses outside the bin. */
function expectKept(store: Store, shape: BigShape) {
  const recent = shape.jobs - shape.oldJobs;
  const recentKept = count(store, `SELECT COUNT(*) AS n FROM job_logs l JOIN jobs j ON j.id = l.job_id WHERE j.completed_at > datetime('now', '-1 day')`);
  // Recent jobs of binned courses go with their course when it is removed for good.
  const recentJobsOutsideBin = Array.from({ length: recent }, (_, i) => shape.oldJobs + i + 1).filter((n) => n % shape.binEvery !== 0).length;
  expect(recentKept).toBeGreaterThanOrEqual(recentJobsOutsideBin * shape.logsPerJob);
  const failedOld = count(store, `SELECT COUNT(*) AS n FROM jobs WHERE status = 'failed'`);
  const errorsKept = count(store, `SELECT COUNT(*) AS n FROM job_logs WHERE level = 'error'`);
  expect(errorsKept).toBe(failedOld);
  expect(count(store, `SELECT COUNT(*) AS n FROM courses WHERE deleted_at IS NULL`)).toBe(shape.jobs - Math.floor(shape.jobs / shape.binEvery));
}

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
});

it('10,000 jobs and a million log lines: cleanup and compaction shrink the file, totals stay exact', async () => {
  const path = tempDbPath('big.db');
  const store = Store.open(path);
  seedBig(store);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  expect(count(store, 'SELECT COUNT(*) AS n FROM job_logs')).toBe(1_000_000);
  const before = totals(store);
  const sizeBefore = statSync(path).size;

  // The dry run counts exactly what the rule allows and removes nothing.
  const failedOld = BIG.oldJobs / BIG.failEvery;
  const plan = { logsOlderThanDays: 30, keepVersions: null, purgeDeleted: true, dryRun: true };
  const dry = await runCleanup(store, plan);
  expect(dry).toEqual({
    dryRun: true,
    logLines: BIG.oldJobs * BIG.logsPerJob - failedOld,
    logJobs: BIG.oldJobs,
    versions: 0,
    courses: BIG.jobs / BIG.binEvery,
    callsRolledUp: (BIG.jobs / BIG.binEvery) * BIG.callsPerJob,
  });
  expect(count(store, 'SELECT COUNT(*) AS n FROM job_logs')).toBe(1_000_000);

  const done = await runCleanup(store, { ...plan, dryRun: false });
  // The logs count first (binned courses' old jobs included), then the bin takes the rest of its jobs' lines.
  expect(done).toEqual({ ...dry, dryRun: false });
  expectKept(store, BIG);
  expectSameTotals(totals(store), before);
  expect(count(store, 'SELECT COUNT(*) AS n FROM model_calls')).toBe(BIG.jobs * BIG.callsPerJob - dry.callsRolledUp);

  const result = await compact(store.db, { isIdle: () => true });
  expect(result).toMatchObject({ mode: 'incremental', interrupted: false });
  expect(result.steps).toBeGreaterThan(1);
  expect(count(store, 'SELECT freelist_count AS n FROM pragma_freelist_count')).toBe(0);
  const sizeAfter = statSync(path).size;
  // About 80 % of the log lines went, and they were most of the file.
  expect(sizeAfter).toBeLessThan(sizeBefore * 0.4);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expectSameTotals(totals(store), before);
  console.log(`big database: ${(sizeBefore / 1e6).toFixed(1)} MB → ${(sizeAfter / 1e6).toFixed(1)} MB in ${result.steps} compaction steps, longest ${result.longestStepMs.toFixed(1)} ms`);
  store.close();
}, 240_000);

it('a cleanup killed in the middle leaves a valid file: nothing lost that should stay, totals unchanged, and it finishes on the next run', async () => {
  const shape: BigShape = { ...BIG, jobs: 2_000, oldJobs: 1_600 };
  const path = tempDbPath('crash.db');
  const store = Store.open(path);
  seedBig(store, shape);
  const before = totals(store);
  const expected = await runCleanup(store, { logsOlderThanDays: 30, keepVersions: null, purgeDeleted: true, dryRun: true });
  store.close();

  const run = spawn(process.execPath, ['--import', 'tsx', 'test/support/cleanup-child.ts', path], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = run;
  let steps = 0;
  run.stdout.on('data', (chunk: Buffer) => (steps += (chunk.toString().match(/step/g) ?? []).length));
  // Killed in the bin's part (the logs take ~30 transactions): some courses gone, others not.
  await until(() => steps >= 40, 120_000, 'the cleanup to be under way in the child');
  const exited = new Promise((resolve) => run.once('exit', resolve));
  run.kill('SIGKILL');
  await exited;

  const after = Store.open(path);
  expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expectKept(after, shape);
  expectSameTotals(totals(after), before);
  const binLeft = count(after, 'SELECT COUNT(*) AS n FROM courses WHERE deleted_at IS NOT NULL');
  expect(binLeft).toBeLessThan(expected.courses);

  // The next run removes what is left, and the whole is what one run would have removed.
  const rest = await runCleanup(after, { logsOlderThanDays: 30, keepVersions: null, purgeDeleted: true, dryRun: false });
  expect(rest.courses).toBe(binLeft);
  expect(count(after, 'SELECT COUNT(*) AS n FROM courses')).toBe(shape.jobs - expected.courses);
  expectSameTotals(totals(after), before);
  after.close();
}, 240_000);
