// The kept Insights (insights/cache.ts): a repeat open reuses them only while they equal a
// fresh read; a new call, a job's end, a write from another connection or a period start
// sliding past a row all read afresh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { InsightsCache, periodStart, readInsights } from '../../../src/main/insights';
import type { InsightsPeriod } from '../../../src/shared/insights';
import { NOW, SONNET, seedFixedDataset } from './fixed-dataset';

let store: Store;
let cache: InsightsCache;
beforeEach(() => {
  store = Store.open(':memory:', { clockMs: () => NOW });
  seedFixedDataset(store);
  cache = new InsightsCache(store.db);
});
afterEach(() => store.close());

const req = (period: InsightsPeriod, nowMs = NOW) => ({ period, since: periodStart(period, nowMs), tzOffsetMinutes: 60, nowMs });
const open = (period: InsightsPeriod, nowMs = NOW) => cache.read(req(period, nowMs));
const fresh = (period: InsightsPeriod, nowMs = NOW) => readInsights(store.db, req(period, nowMs));

function addCall(at: string, cost: number): void {
  store.db
    .prepare(
      `INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
         latency_ms, cost_usd, outcome, error_kind, started_at, service_tier, provider)
       VALUES ('j8', 'c-j8', 'lessons', 'k2', 1, ?, 10, 5, 0, 0, 1000, ?, 'ok', NULL, ?, 'standard', 'anthropic')`,
    )
    .run(SONNET, cost, at);
}

describe('a repeat open', () => {
  it('reuses the figures while nothing changed, with a new generatedAt', async () => {
    const first = await open('7d');
    const again = await open('7d', NOW + 1_000);
    expect(cache.hits).toBe(1);
    expect(again).toEqual(fresh('7d', NOW + 1_000));
    expect(again.generatedAt).toBe(new Date(NOW + 1_000).toISOString());
    expect({ ...again, generatedAt: '', since: '' }).toEqual({ ...first, generatedAt: '', since: '' });
  });

  it('keeps each period and time zone apart', async () => {
    const week = await open('7d');
    const all = await open('all');
    expect(await cache.read({ ...req('7d'), tzOffsetMinutes: -300 })).toEqual(readInsights(store.db, { ...req('7d'), tzOffsetMinutes: -300 }));
    expect(cache.hits).toBe(0);
    expect(await open('7d')).toEqual(week);
    expect(await open('all')).toEqual(all);
    expect(cache.hits).toBe(2);
  });
});

describe('what changes the figures on the next open', () => {
  it('a new call', async () => {
    const before = await open('7d');
    addCall('2026-12-07T11:30:00.000Z', 0.25);
    const after = await open('7d');
    expect(cache.hits).toBe(0);
    expect(after.usage.totals.calls).toBe(before.usage.totals.calls + 1);
    expect(after.usage.totals.costUsd).toBeCloseTo(before.usage.totals.costUsd + 0.25, 10);
    expect(after).toEqual(fresh('7d'));
  });

  it("a job's end", async () => {
    const before = await open('24h');
    store.db.prepare(`UPDATE jobs SET status = 'completed', completed_at = ?, run_ms = 30000 WHERE id = 'j8'`).run('2026-12-07T11:50:00.000Z');
    const after = await open('24h');
    expect(cache.hits).toBe(0);
    expect(after.jobs.completed).toBe(before.jobs.completed + 1);
    expect(after).toEqual(fresh('24h'));
  });

  it('a write by another connection (the file shared in WAL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-insights-cache-'));
    const fileStore = Store.open(join(dir, 'db.sqlite'), { clockMs: () => NOW });
    try {
      seedFixedDataset(fileStore);
      const fileCache = new InsightsCache(fileStore.db);
      const before = await fileCache.read(req('7d'));
      const other = new Database(join(dir, 'db.sqlite'));
      other.prepare(`UPDATE jobs SET status = 'completed', completed_at = ?, run_ms = 30000 WHERE id = 'j8'`).run('2026-12-07T11:50:00.000Z');
      other.close();
      const after = await fileCache.read(req('7d'));
      expect(fileCache.hits).toBe(0);
      expect(after.jobs.completed).toBe(before.jobs.completed + 1);
    } finally {
      fileStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the period start sliding past a row, and not when it passes none', async () => {
    // 24h starts at 2026-12-06T12:00; the next row after it is j2's call at 20:00 (j2 created 19:00).
    await open('24h');
    const slid = await open('24h', NOW + 5 * 60_000); // 12:05: the same hour, no row passed
    expect(cache.hits).toBe(1);
    expect(slid).toEqual(fresh('24h', NOW + 5 * 60_000));
    const later = NOW + 7.5 * 3_600_000; // 19:30: j2's creation (19:00) left the period
    const after = await open('24h', later);
    expect(cache.hits).toBe(1);
    expect(after.jobs.queued).toBe(slid.jobs.queued - 1);
    expect(after).toEqual(fresh('24h', later));
  });

  it('a row passed over within the same hour (the probe, not the hour, tells)', async () => {
    addCall('2026-12-06T12:02:00.000Z', 0.5);
    const before = await open('24h');
    const after = await open('24h', NOW + 5 * 60_000);
    expect(cache.hits).toBe(0);
    expect(after.usage.totals.calls).toBe(before.usage.totals.calls - 1);
    expect(after).toEqual(fresh('24h', NOW + 5 * 60_000));
  });
});
