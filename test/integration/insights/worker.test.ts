// The Insights read off the main thread (insights/reader.ts, insights-worker.ts) and the
// warming of the page's default period (insights/service.ts): the worker answers what the
// in-thread reader answers; writes by any connection still make the next open read
// afresh; a warming leaves figures the next open is served from; a worker that dies or
// hangs fails its reads clearly and is replaced, and one that cannot start is done without.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedInsights } from '../../../bench/insights-seed';
import { Store } from '../../../src/main/db/store';
import { InsightsCache, InsightsService, periodStart, periodStartReaches, readInsights, workerInsightsReader, type WorkerInsightsReader } from '../../../src/main/insights';
import { INSIGHTS_PERIODS, type InsightsPeriod } from '../../../src/shared/insights';
import { insightsWorkerFromSource } from '../../support/ts-worker';
import { startHarness, waitFor, type Harness } from '../ipc/core-harness';
import { NOW, SONNET, seedFixedDataset } from './fixed-dataset';

let dir: string;
let store: Store;
const closers: (() => unknown)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-insights-worker-'));
  store = Store.open(join(dir, 'db.sqlite'), { clockMs: () => NOW });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const req = (period: InsightsPeriod, tzOffsetMinutes = 60, nowMs = NOW) => ({ period, since: periodStart(period, nowMs), tzOffsetMinutes, nowMs });

function reader(start = insightsWorkerFromSource as () => Worker, options: { timeoutMs?: number } = {}): WorkerInsightsReader {
  const r = workerInsightsReader(store.db, start, options);
  closers.push(() => r.close());
  return r;
}

/** A stand-in worker (CommonJS, eval'd): answers `{ fake: n }` to its n-th request, and on the request numbered `dieOn` exits or never answers. */
function fakeWorker(dieOn: number, how: 'exit' | 'hang', started: Worker[]) {
  const code = `
    const { parentPort } = require('node:worker_threads');
    let n = 0;
    parentPort.on('message', ({ id }) => {
      n++;
      if (n === ${dieOn}) { if (${JSON.stringify(how)} === 'exit') process.exit(7); return; }
      parentPort.postMessage({ id, insights: { fake: n } });
    });`;
  return () => {
    const worker = new Worker(code, { eval: true });
    started.push(worker);
    return worker;
  };
}

function addCall(db: Database.Database, at: string, cost: number): void {
  db.prepare(
    `INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
       latency_ms, cost_usd, outcome, error_kind, started_at, service_tier, provider)
     VALUES ('j8', 'c-j8', 'lessons', 'k2', 1, ?, 10, 5, 0, 0, 1000, ?, 'ok', NULL, ?, 'standard', 'anthropic')`,
  ).run(SONNET, cost, at);
}

describe('the worker', () => {
  it('answers every period and time zone exactly as the in-thread reader, on the hand-worked dataset', async () => {
    seedFixedDataset(store);
    const r = reader();
    for (const period of INSIGHTS_PERIODS) {
      for (const tz of [60, -300]) expect(await r(req(period, tz))).toEqual(readInsights(store.db, req(period, tz)));
    }
    expect(r.offThread).toBe(true);
    expect(r.starts).toBe(1);
  });

  it('answers as the in-thread reader on a seeded store of 400 jobs (every kind of figure filled)', async () => {
    const nowMs = Date.now();
    store.write(() => seedInsights(store.db, { jobs: 400, callsPerJob: 16, nowMs, totalCalls: 7_000 }));
    const r = reader();
    for (const period of INSIGHTS_PERIODS) {
      const request = req(period, 60, nowMs);
      const inWorker = await r(request);
      expect(inWorker).toEqual(readInsights(store.db, request));
      if (period !== '24h') expect(inWorker.durations.calls.length).toBeGreaterThan(0);
    }
    expect(r.starts).toBe(1);
  });

  it('sees a write the moment it is committed, by the app or by another process', async () => {
    seedFixedDataset(store);
    const r = reader();
    const before = await r(req('7d'));
    addCall(store.db, '2026-12-07T11:30:00.000Z', 0.25);
    const other = new Database(join(dir, 'db.sqlite'));
    addCall(other, '2026-12-07T11:40:00.000Z', 0.5);
    other.close();
    const after = await r(req('7d'));
    expect(after.usage.totals.calls).toBe(before.usage.totals.calls + 2);
    expect(after).toEqual(readInsights(store.db, req('7d')));
  });

  it("lets go of the file when stopped: the app's close still folds the WAL away", async () => {
    seedFixedDataset(store);
    const r = reader();
    await r(req('all'));
    await r.close();
    store.close();
    expect(existsSync(join(dir, 'db.sqlite-wal'))).toBe(false);
  });
});

describe('the kept figures, read by the worker', () => {
  it('a write by another connection (the CLI) makes the next open read afresh', async () => {
    seedFixedDataset(store);
    const cache = new InsightsCache(store.db, reader());
    const before = await cache.read(req('7d'));
    expect(await cache.read(req('7d'))).toEqual(before);
    expect(cache.hits).toBe(1);
    const cli = Store.open(join(dir, 'db.sqlite'), { clockMs: () => NOW });
    cli.write(() => cli.db.prepare(`UPDATE jobs SET status = 'completed', completed_at = ?, run_ms = 30000 WHERE id = 'j8'`).run('2026-12-07T11:50:00.000Z'));
    cli.close();
    const after = await cache.read(req('7d'));
    expect(cache.hits).toBe(1);
    expect(cache.reads).toBe(2);
    expect(after.jobs.completed).toBe(before.jobs.completed + 1);
    expect(after).toEqual(readInsights(store.db, req('7d')));
  });

  it("a write by the app's own connection does too", async () => {
    seedFixedDataset(store);
    const cache = new InsightsCache(store.db, reader());
    const before = await cache.read(req('24h'));
    addCall(store.db, '2026-12-07T11:30:00.000Z', 0.25);
    const after = await cache.read(req('24h'));
    expect(cache.hits).toBe(0);
    expect(after.usage.totals.calls).toBe(before.usage.totals.calls + 1);
  });

  it('two opens while one read is under way share it', async () => {
    seedFixedDataset(store);
    const cache = new InsightsCache(store.db, reader());
    const [a, b] = await Promise.all([cache.read(req('30d')), cache.read(req('30d', 60, NOW + 1_000))]);
    expect(cache.reads).toBe(1);
    expect(cache.hits).toBe(1);
    expect(b).toEqual(readInsights(store.db, req('30d', 60, NOW + 1_000)));
    expect({ ...b, generatedAt: '', since: '' }).toEqual({ ...a, generatedAt: '', since: '' });
  });

  it('says from which period start they no longer hold: past the first row after the kept start, or in the next hour', async () => {
    seedFixedDataset(store);
    const cache = new InsightsCache(store.db, reader());
    expect(cache.staleFrom(req('24h'))).toBeNull();
    // 24h starts at 2026-12-06T12:00; the first row after it is j2's creation at 19:00, but the hour ends at 13:00.
    await cache.read(req('24h'));
    expect(cache.staleFrom(req('24h'))).toBe(Date.parse('2026-12-06T13:00:00.000Z'));
    // A call at 12:30 comes first: a start past it (12:30:00.001) no longer holds.
    addCall(store.db, '2026-12-06T12:30:00.000Z', 0.1);
    await cache.read(req('24h'));
    expect(cache.staleFrom(req('24h'))).toBe(Date.parse('2026-12-06T12:30:00.000Z') + 1);
    // …which a 24-hour period's start, on whole minutes, passes at 12:31 the next day.
    expect(periodStartReaches('24h', Date.parse('2026-12-06T12:30:00.000Z') + 1)).toBe(Date.parse('2026-12-07T12:31:00.000Z'));
    await cache.read(req('all'));
    expect(cache.staleFrom(req('all'))).toBeNull();
  });
});

describe('warming', () => {
  let service: InsightsService;
  const start = (busy = () => false) => {
    service = new InsightsService({ db: store.db, clockMs: () => NOW, startWorker: insightsWorkerFromSource, busy, warming: false });
    closers.push(() => service.close());
    return service;
  };

  it('reads the default period ahead, and the next open is served from it', async () => {
    seedFixedDataset(store);
    start();
    await service.warm();
    expect(service.cache.reads).toBe(1);
    const opened = await service.get('7d', -new Date(NOW).getTimezoneOffset());
    expect(service.cache.hits).toBe(1);
    expect(service.cache.reads).toBe(1);
    expect(opened).toEqual(readInsights(store.db, req('7d', -new Date(NOW).getTimezoneOffset())));
  });

  it("warms in the page's last time zone, reads nothing when the figures are still exact, and not at all while a job runs", async () => {
    seedFixedDataset(store);
    let busy = true;
    start(() => busy);
    await service.warm();
    expect(service.cache.reads).toBe(0);
    busy = false;
    await service.get('24h', 330);
    await service.warm();
    await service.warm();
    expect(service.cache.reads).toBe(2);
    expect(service.cache.hits).toBe(1);
    await service.get('7d', 330);
    expect(service.cache.hits).toBe(2);
  });

  it('once closed, an open says the app is closing and starts no worker', async () => {
    seedFixedDataset(store);
    start();
    await service.get('7d', 60);
    await service.close();
    await expect(service.get('7d', 60)).rejects.toThrow(/app is closing/);
    expect(service.reader.starts).toBe(1);
  });

  it('does not warm when it would read in the main thread (an in-memory store)', async () => {
    const memory = Store.open(':memory:', { clockMs: () => NOW });
    const s = new InsightsService({ db: memory.db, clockMs: () => NOW, startWorker: insightsWorkerFromSource, busy: () => false });
    s.start();
    await s.warm();
    expect(s.cache.reads).toBe(0);
    expect(s.reader.offThread).toBe(false);
    await s.close();
    memory.close();
  });
});

describe('the app core', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('warms the page’s default period after the start, and insights.get is then answered from it', async () => {
    h = await startHarness({ core: { insightsWorker: insightsWorkerFromSource } });
    // Seeded at once (the warming waits a moment after the start).
    h.core.store.write(() => {
      seedInsights(h.core.store.db, { jobs: 200, callsPerJob: 8, nowMs: Date.now(), totalCalls: 2_000 });
      // Nothing for the runner to take up: a running job would hold the warming back.
      h.core.store.db.prepare(`UPDATE jobs SET status = 'cancelled', completed_at = created_at WHERE status = 'queued'`).run();
    });
    await waitFor(() => h.core.insights.cache.reads === 1, 30_000, 'the warming read');
    expect(h.core.insights.reader.offThread).toBe(true);
    const page = await h.call('insights.get', { period: '7d', tzOffsetMinutes: -new Date().getTimezoneOffset() });
    expect(h.core.insights.cache.reads).toBe(1);
    expect(h.core.insights.cache.hits).toBe(1);
    expect(page.jobs.queued).toBeGreaterThan(0);
  });
});

describe('a worker that fails', () => {
  it('one that dies is replaced: the read it had fails with a clear error, the next read gets a new worker', async () => {
    const started: Worker[] = [];
    const r = reader(fakeWorker(2, 'exit', started));
    expect(await r(req('7d'))).toEqual({ fake: 1 });
    await expect(r(req('7d'))).rejects.toThrow(/Insights reader stopped \(exit code 7\) before it answered/);
    expect(await r(req('7d'))).toEqual({ fake: 1 });
    expect(started).toHaveLength(2);
  });

  it('one that hangs is stopped after the time limit and replaced', async () => {
    const started: Worker[] = [];
    // Long enough for a worker to start on a busy machine: the limit counts from the request, start included.
    const r = reader(fakeWorker(2, 'hang', started), { timeoutMs: 3_000 });
    expect(await r(req('7d'))).toEqual({ fake: 1 });
    await expect(r(req('7d'))).rejects.toThrow(/did not answer within 3 s and was stopped/);
    expect(await r(req('7d'))).toEqual({ fake: 1 });
    expect(started).toHaveLength(2);
  });

  it('one that cannot start is done without: the reads happen in this thread', async () => {
    seedFixedDataset(store);
    const r = reader(() => new Worker(new URL('file:///nonexistent/insights-worker.js')));
    expect(await r(req('7d'))).toEqual(readInsights(store.db, req('7d')));
    expect(r.offThread).toBe(false);
    expect(await r(req('30d'))).toEqual(readInsights(store.db, req('30d')));
  });

  it('one that cannot open the file is done without too', async () => {
    seedFixedDataset(store);
    const expected = readInsights(store.db, req('7d'));
    // The file gone from the folder: the app's connection still reads it, a new one cannot open it.
    rmSync(join(dir, 'db.sqlite'));
    const r = reader();
    expect(await r(req('7d'))).toEqual(expected);
    expect(r.offThread).toBe(false);
  });
});
