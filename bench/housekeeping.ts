// `npm run bench -- --only housekeeping`: Settings → Storage on the database of the
// housekeeping test (10,000 jobs, a million log lines, 40,000 calls, 1,000 courses in the
// bin): how long measuring the sizes (dbstat) takes, the cleanup (old logs and the bin), and
// each compaction step, which should hold the database for at most ~100 ms (GOAL_STEP_MS).
// Writes bench/results/housekeeping-latest.json and a dated copy.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/main/db/store';
import { runCleanup } from '../src/main/housekeeping/cleanup';
import { compact } from '../src/main/housekeeping/compaction';
import { storageSizes } from '../src/main/housekeeping/storage-report';
import { seedBig } from '../test/support/big-database';

const GOAL_STEP_MS = 100;

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

export async function runHousekeepingBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-bench-housekeeping-'));
  const path = join(dir, 'big.db');
  try {
    const store = Store.open(path);
    let t = performance.now();
    seedBig(store);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const seedMs = performance.now() - t;
    const bytesBefore = statSync(path).size;
    t = performance.now();
    storageSizes(store.db);
    const sizesMs = performance.now() - t;
    t = performance.now();
    const removed = await runCleanup(store, { logsOlderThanDays: 30, keepVersions: null, purgeDeleted: true, dryRun: false });
    const cleanupMs = performance.now() - t;
    const steps: number[] = [];
    t = performance.now();
    const result = await compact(store.db, { isIdle: () => true, onStep: (ms) => steps.push(ms) });
    const compactMs = performance.now() - t;
    store.close();
    const figures = {
      at: new Date().toISOString(),
      load: loadavg()[0] ?? 0,
      cores: cpus().length,
      seedMs: Math.round(seedMs),
      bytesBefore,
      bytesAfter: result.bytesAfter,
      sizesMs: Math.round(sizesMs),
      removed,
      cleanupMs: Math.round(cleanupMs),
      compactMs: Math.round(compactMs),
      steps: steps.length,
      stepMs: { p50: quantile(steps, 0.5), p95: quantile(steps, 0.95), max: Math.max(...steps) },
      goalStepMs: GOAL_STEP_MS,
    };
    const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
    process.stdout.write(
      [
        `file: ${mb(bytesBefore)} → ${mb(result.bytesAfter)} (seeded in ${figures.seedMs} ms, load ${figures.load.toFixed(1)})`,
        `sizes by kind (dbstat): ${figures.sizesMs} ms`,
        `cleanup (${removed.logLines.toLocaleString('en-US')} log lines, ${removed.courses} courses): ${figures.cleanupMs} ms`,
        `compaction: ${figures.compactMs} ms in ${steps.length} steps; per step p50 ${figures.stepMs.p50.toFixed(1)} ms, p95 ${figures.stepMs.p95.toFixed(1)} ms, max ${figures.stepMs.max.toFixed(1)} ms (goal ≤ ${GOAL_STEP_MS} ms)`,
      ].join('\n') + '\n',
    );
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    const stamp = figures.at.replace(/[:.]/g, '-');
    const json = `${JSON.stringify(figures, null, 2)}\n`;
    for (const file of ['housekeeping-latest.json', `housekeeping-${stamp}.json`]) writeFileSync(join(results, file), json);
    process.stdout.write(`\nwritten to bench/results/housekeeping-latest.json and bench/results/housekeeping-${stamp}.json\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
