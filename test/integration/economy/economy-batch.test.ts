// Economy mode end to end, over real HTTP with the real SDK against the fake Messages and
// Message Batches API: a job's units travel in batches, at batch prices, and land exactly
// as live ones do; errored and expired results go into the next batch; an invalid request
// fails its unit with the API's message; a cancelled job's units are dropped and its batch
// cancelled.
import { describe, expect, it } from 'vitest';
import { costOf } from '../../../src/main/ai/pricing';
import { callKind, countTree, seedApprovedCourse } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 5 });

describe('economy mode', () => {
  it('generates a whole course through Message Batches: every unit stored, no live call, every call at batch prices', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Rust', 3, 2);
    const job = e.runner.enqueue(courseId, { economy: true });
    e.runner.start();
    await e.runner.waitUntilIdle();

    const summary = e.store.jobs.summary(job.id)!;
    expect(summary.status).toBe('completed');
    expect(summary.economy).toBe(true);
    expect(countTree(e.store, courseId)).toMatchObject({ projects: 3, lessons: 6, summary: true });
    expect(countTree(e.store, courseId).tasks).toBeGreaterThan(0);
    // Nothing went through the live Messages API; the units went in a few batches: the
    // lessons, the tasks once they had landed, the summary.
    expect(rig.fake.requests.filter((r) => callKind(r.body) !== null)).toHaveLength(0);
    const batches = rig.fake.batches();
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(batches.reduce((n, b) => n + b.requests.length, 0)).toBe(3 + 6 + 1);
    // Batch requests use the 1-hour cache.
    const params = batches[0]!.requests[0]!.params as { system: { cache_control: unknown }[] };
    expect(params.system[0]!.cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });

    const rows = e.store.db.prepare(`SELECT model, input_tokens i, output_tokens o, cache_read_tokens cr, cache_write_tokens cw, cost_usd, service_tier FROM model_calls WHERE job_id = ?`).all(job.id) as {
      model: string; i: number; o: number; cr: number; cw: number; cost_usd: number; service_tier: string;
    }[];
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r.service_tier).toBe('batch');
      const usage = { input: r.i, output: r.o, cacheRead: r.cr, cacheWrite: r.cw };
      expect(r.cost_usd).toBeCloseTo(costOf(r.model, usage, 'batch'), 10);
      expect(r.cost_usd).toBeLessThan(costOf(r.model, usage, 'standard'));
    }
    expect(summary.savedUsd).toBeCloseTo(summary.costUsd, 10);
    expect(summary.savedUsd).toBeGreaterThan(0);
    expect(e.store.batches.list().map((b) => b.state)).toEqual(e.store.batches.list().map(() => 'done'));
    const logs = e.store.logs.list(job.id).map((l) => l.message);
    expect(logs.some((m) => /^Waiting in economy batch msgbatch_\w+ \(\d+ requests/.test(m))).toBe(true);
  });

  it('sends errored (transient) and expired requests again in the next batch, and the job completes', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Go', 3, 1);
    const job = e.runner.enqueue(courseId, { economy: true });
    // The first batch's three lessons requests: each overloaded or expired.
    rig.fake.setBatchProcessing({ outcomeRates: { overloaded_error: 0.5, expired: 0.5 } });
    e.runner.start();
    await untilBatches(1);
    rig.fake.setBatchProcessing({ outcomeRates: {} });
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(job.id)!.status).toBe('completed');
    const first = rig.fake.batches()[0]!;
    expect(first.requestCounts.succeeded).toBe(0);
    // All three went again, in a later batch, and landed once.
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 3, summary: true });
    const failed = e.store.db.prepare(`SELECT COUNT(*) n FROM model_calls WHERE job_id = ? AND outcome = 'error'`).get(job.id) as { n: number };
    expect(failed.n).toBe(3);
    expect(rig.fake.batches()[1]!.requests).toHaveLength(3);
  });

  it('fails a unit the API calls invalid, with its message, without sending it again', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Zig', 3, 1);
    const job = e.runner.enqueue(courseId, { economy: true });
    rig.fake.setBatchProcessing({ outcomeRates: { invalid_request_error: 1 } });
    e.runner.start();
    await e.runner.waitUntilIdle();
    const row = e.store.jobs.get(job.id)!;
    expect(row.status).toBe('failed');
    expect(row.error_message).toMatch(/invalid_request_error/);
    expect(rig.fake.batches()).toHaveLength(1);
  });

  it('feeds an answer out of shape back to the model in the next batch, as the live path does', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Ada', 3, 1);
    // The first answer for project 2's lessons has no lessons; its repair (the answer fed back) is answered.
    rig.fake.setContentOverride((body: { messages: unknown[] }) =>
      body.messages.length === 1 && JSON.stringify(body.messages[0]).includes('of project 2:') ? { lessons: [] } : undefined,
    );
    const job = e.runner.enqueue(courseId, { economy: true });
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(job.id)!.status).toBe('completed');
    const repairs = rig.fake.batches().flatMap((b) => b.requests).filter((r) => /did not match the schema/.test(JSON.stringify(r.params)));
    expect(repairs).toHaveLength(1);
    const rows = e.store.db.prepare(`SELECT outcome, service_tier FROM model_calls WHERE job_id = ? AND item_key = 'project:1' ORDER BY id`).all(job.id);
    expect(rows).toEqual([
      { outcome: 'invalid_output', service_tier: 'batch' },
      { outcome: 'ok', service_tier: 'batch' },
    ]);
  });

  it('waits out a 529 on create and sends the batch once', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Lua', 3, 1);
    rig.fake.failNextBatchCreate('overloaded');
    const job = e.runner.enqueue(courseId, { economy: true });
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(job.id)!.status).toBe('completed');
    const creates = rig.fake.batchRequests.filter((r) => r.method === 'POST' && r.path?.endsWith('/batches'));
    expect(creates.map((r) => r.status)).toEqual([529, 200, 200, 200]);
    expect(rig.fake.batches().flatMap((b) => b.requests)).toHaveLength(3 + 3 + 1);
  });

  it('cancelling a job drops its units and cancels its batch; answers that still arrive are not stored', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Nim', 3, 1);
    rig.fake.setBatchProcessing({ processingMs: 60_000 });
    const job = e.runner.enqueue(courseId, { economy: true });
    e.runner.start();
    await untilSubmitted(e);
    e.runner.cancel(job.id);
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('cancelled');
    await until(() => rig.fake.batches()[0]!.cancelInitiatedAt !== null, 'the batch to be cancelled');
    expect(countTree(e.store, courseId).lessons).toBe(0);
    expect(e.store.db.prepare(`SELECT DISTINCT state FROM economy_units`).all()).toEqual([{ state: 'discarded' }]);
  });
});

async function untilBatches(n: number): Promise<void> {
  await until(() => rig.fake.batches().length >= n, `${n} batch(es) to be created`);
}

async function untilSubmitted(e: ReturnType<typeof rig.engine>): Promise<void> {
  await until(() => e.store.batches.list().some((b) => b.state === 'submitted'), 'a batch to be submitted');
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
