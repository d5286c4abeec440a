// Every Insights figure against values worked out by hand on the fixed dataset
// (fixed-dataset.ts): counts and rates, nearest-rank percentiles, step spans, call latency,
// failures by step and cause, retries and waits, tokens and cost per local day and per split,
// the live ledger plus the rolled-up one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { bucketWidth, periodStart, readInsights } from '../../../src/main/insights';
import type { InsightsPeriod } from '../../../src/shared/insights';
import { HAIKU, NOW, SONNET, seedFixedDataset } from './fixed-dataset';

let store: Store;
beforeEach(() => {
  store = Store.open(':memory:', { clockMs: () => NOW });
  seedFixedDataset(store);
});
afterEach(() => store.close());

const read = (period: InsightsPeriod, tzOffsetMinutes = 60) => readInsights(store.db, { period, since: periodStart(period, NOW), tzOffsetMinutes, nowMs: NOW });

describe('jobs over a period', () => {
  it('counts queued, completed, failed and cancelled jobs, with rates over the jobs that ended (a course in the bin counts)', () => {
    const i = read('7d');
    expect(i.since).toBe('2026-11-30T12:00:00.000Z');
    expect(i.jobs).toEqual({ queued: 8, completed: 4, failed: 2, cancelled: 1, successRate: 4 / 7, failureRate: 2 / 7, cancellationRate: 1 / 7 });
  });

  it('reaches further back for 30 days and everything', () => {
    expect(read('30d').jobs).toMatchObject({ queued: 9, completed: 4, failed: 3, cancelled: 1 });
    expect(read('all').jobs).toMatchObject({ queued: 10, completed: 5, failed: 3, cancelled: 1 });
    expect(read('24h').jobs).toMatchObject({ queued: 7, completed: 3, failed: 2, cancelled: 1 });
  });

  it('gives null rates, not NaN, when nothing ended', () => {
    store.db.exec(`DELETE FROM jobs`);
    expect(read('7d').jobs).toEqual({ queued: 0, completed: 0, failed: 0, cancelled: 0, successRate: null, failureRate: null, cancellationRate: null });
  });
});

describe('durations', () => {
  it('active time of completed jobs: nearest-rank P50/P95/P99, average and max', () => {
    expect(read('7d').durations.course).toEqual({ count: 4, avgMs: 240_000, p50Ms: 120_000, p95Ms: 600_000, p99Ms: 600_000, maxMs: 600_000 });
    expect(read('all').durations.course).toEqual({ count: 5, avgMs: 392_000, p50Ms: 180_000, p95Ms: 999_999, p99Ms: 999_999, maxMs: 999_999 });
  });

  it('the distribution has equal buckets up to the P99', () => {
    expect(bucketWidth(600_000)).toBe(100_000);
    expect(read('7d').durations.distribution).toEqual([
      { fromMs: 0, toMs: 100_000, count: 1 },
      { fromMs: 100_000, toMs: 200_000, count: 2 },
      { fromMs: 200_000, toMs: 300_000, count: 0 },
      { fromMs: 300_000, toMs: 400_000, count: 0 },
      { fromMs: 400_000, toMs: 500_000, count: 0 },
      { fromMs: 500_000, toMs: 600_000, count: 0 },
      { fromMs: 600_000, toMs: 700_000, count: 1 },
    ]);
  });

  it('per step: the span from first call to last answer, in completed jobs that needed no retry', () => {
    // j1: lessons 0 → 2 s + 3 s = 5 s, tasks 2 s, finalize 0.5 s; j2: lessons 7 s, tasks 4 s.
    // j3 (a person's retry) and j4 (an automatic one) are left out.
    expect(read('7d').durations.steps).toEqual([
      { step: 'lessons', count: 2, avgMs: 6_000, p50Ms: 5_000, p95Ms: 7_000, p99Ms: 7_000, maxMs: 7_000 },
      { step: 'tasks', count: 2, avgMs: 3_000, p50Ms: 2_000, p95Ms: 4_000, p99Ms: 4_000, maxMs: 4_000 },
      { step: 'finalize', count: 1, avgMs: 500, p50Ms: 500, p95Ms: 500, p99Ms: 500, maxMs: 500 },
    ]);
  });

  it('per call kind: latency of answered live calls (the 429 is not an answer)', () => {
    expect(read('7d').durations.calls).toEqual([
      { kind: 'finalize', count: 1, avgMs: 500, p50Ms: 500, p95Ms: 500, p99Ms: 500, maxMs: 500 },
      { kind: 'lessons', count: 4, avgMs: 27_750, p50Ms: 3_000, p95Ms: 100_000, p99Ms: 100_000, maxMs: 100_000 },
      { kind: 'outline', count: 1, avgMs: 9_000, p50Ms: 9_000, p95Ms: 9_000, p99Ms: 9_000, maxMs: 9_000 },
      { kind: 'tasks', count: 2, avgMs: 3_000, p50Ms: 2_000, p95Ms: 4_000, p99Ms: 4_000, maxMs: 4_000 },
    ]);
  });
});

describe('failures', () => {
  it('by step and by cause, every cause listed, cancelled jobs under their own cause', () => {
    const f = read('7d').failures;
    expect(f.byStep).toEqual([
      { step: 'lessons', count: 1 },
      { step: 'tasks', count: 1 },
    ]);
    expect(Object.fromEntries(f.byCause.map((c) => [c.cause, c.count]))).toEqual({
      rate_limit: 1,
      overload: 0,
      network: 0,
      validation: 0,
      cut_off: 1,
      permission_credit: 0,
      cancelled: 1,
      other: 0,
    });
    expect(read('30d').failures.byCause.find((c) => c.cause === 'overload')!.count).toBe(1);
  });
});

describe('retries and waiting', () => {
  it('automatic retries and waits from the run reports, manual retries from the jobs, 429s from both ledgers', () => {
    expect(read('7d').retries).toEqual({
      automatic: 2,
      manual: 1,
      rateLimited: 4, // one live call, three rolled up
      waitedMs: { provider: 60_000, network: 30_000, rateLimit: 5_000 },
      runs: 1,
    });
    expect(read('all').retries).toMatchObject({ automatic: 7, runs: 2, waitedMs: { provider: 61_000, network: 31_000, rateLimit: 6_000 } });
  });
});

describe('tokens and cost', () => {
  it('totals read the live calls and the rolled-up ones', () => {
    const t = read('7d').usage.totals;
    expect(t).toMatchObject({ calls: 22, inputTokens: 1_800, outputTokens: 900, cacheReadTokens: 600, cacheWriteTokens: 200 });
    expect(t.costUsd).toBeCloseTo(0.565, 10);
    expect(t.cacheShare).toBeCloseTo(600 / 2_600, 10);
    const all = read('all').usage.totals;
    expect(all.calls).toBe(28);
    expect(all.costUsd).toBeCloseTo(1.575, 10);
  });

  it('per local day: the time-zone offset moves calls and rolled-up hours across midnight', () => {
    const days = (tz: number) => read('7d', tz).usage.byDay.map((d) => [d.day, d.calls, Number(d.costUsd.toFixed(6))]);
    expect(days(60)).toEqual([
      ['2026-12-06', 15, 0.55],
      ['2026-12-07', 7, 0.015],
    ]);
    expect(days(0)).toEqual([
      ['2026-12-05', 10, 0.5],
      ['2026-12-06', 6, 0.06],
      ['2026-12-07', 6, 0.005],
    ]);
    expect(days(-600)).toEqual([
      ['2026-12-05', 14, 0.54],
      ['2026-12-06', 7, 0.02],
      ['2026-12-07', 1, 0.005],
    ]);
  });

  it('split by provider, model and tier, most expensive first', () => {
    const splits = read('7d').usage.bySplit.map((s) => [s.provider, s.model, s.tier, s.calls, Number(s.costUsd.toFixed(6))]);
    expect(splits).toEqual([
      ['anthropic', SONNET, 'standard', 20, 0.56],
      ['anthropic', HAIKU, 'batch', 1, 0.005],
      ['openai-compatible', 'llama3', 'standard', 1, 0],
    ]);
  });

  it('per day for the charts: jobs that ended and what was spent, on local days', () => {
    expect(read('7d').daily.map((d) => ({ ...d, costUsd: Number(d.costUsd.toFixed(6)) }))).toEqual([
      { day: '2026-12-06', completed: 1, failed: 0, cancelled: 0, costUsd: 0.55 },
      { day: '2026-12-07', completed: 3, failed: 2, cancelled: 1, costUsd: 0.015 },
    ]);
  });

  it('rolling a course\'s calls up (as housekeeping does) changes no total', () => {
    const before = read('all').usage;
    store.write(() => {
      store.db.exec(`
        INSERT INTO call_rollups (hour, provider, model, service_tier, step, outcome, error_kind, calls, input_tokens, output_tokens,
            cache_read_tokens, cache_write_tokens, latency_ms, cost_usd)
          SELECT substr(started_at, 1, 13), provider, model, service_tier, step, outcome, COALESCE(error_kind, ''), COUNT(*), SUM(input_tokens),
            SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(latency_ms), SUM(cost_usd)
          FROM model_calls WHERE course_id = 'c-j1' GROUP BY 1, 2, 3, 4, 5, 6, 7
          ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, input_tokens = input_tokens + excluded.input_tokens,
            output_tokens = output_tokens + excluded.output_tokens, cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
            cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, latency_ms = latency_ms + excluded.latency_ms,
            cost_usd = cost_usd + excluded.cost_usd;
        DELETE FROM courses WHERE id = 'c-j1';`);
    });
    const after = read('all').usage;
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls WHERE course_id = 'c-j1'`).get()).toEqual({ n: 0 });
    expect(after.totals.calls).toBe(before.totals.calls);
    expect(after.totals.costUsd).toBeCloseTo(before.totals.costUsd, 10);
    expect(after.totals.cacheReadTokens).toBe(before.totals.cacheReadTokens);
    expect(after.byDay.map((d) => [d.day, d.calls])).toEqual(before.byDay.map((d) => [d.day, d.calls]));
  });
});
