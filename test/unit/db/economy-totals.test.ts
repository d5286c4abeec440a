// What economy saved, summed in SQL from the call ledger (issue 14, Pricing): a batch call is
// billed at half the standard price, so what it saved equals its cost. Per job (JobSummary),
// per course (courseTotals), per queue group (jobs queued together) and per run (the morning
// report), and `course-studio status` over the same store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../src/main/ai/config';
import { statusReport, statusText } from '../../../src/main/cli/status-command';
import { queueGroupsOf } from '../../../src/main/db/repositories/queue-groups';
import { Store } from '../../../src/main/db/store';
import type { ServiceTier } from '../../../src/shared/economy';
import { seedApprovedCourse } from '../../support/engine';

let now: { ms: number };
let store: Store;

beforeEach(() => {
  now = { ms: Date.parse('2026-12-07T02:00:00.000Z') };
  store = Store.open(':memory:', { clockMs: () => now.ms });
});
afterEach(() => store.close());

function job(title: string, group: string | null): { jobId: string; courseId: string } {
  const courseId = seedApprovedCourse(store, title);
  const jobId = store.write(() => {
    if (group) queueGroupsOf(store).ensure(group);
    return store.jobs.enqueue(courseId, { queueGroup: group, economy: true });
  }).id;
  return { jobId, courseId };
}

/** One call in the ledger: for a job (and its course), or for a course alone (an outline option). */
function call(unit: { jobId: string | null; courseId: string }, costUsd: number, serviceTier: ServiceTier, outcome: 'ok' | 'error' = 'ok'): void {
  store.write(() =>
    store.calls.record({
      jobId: unit.jobId,
      courseId: unit.courseId,
      step: 'lessons',
      itemKey: 'project:0',
      attempt: 1,
      model: DEFAULT_MODEL,
      usage: { input: 100, output: 50, cacheRead: 0, cacheWrite: 0 },
      latencyMs: 1,
      costUsd,
      serviceTier,
      outcome,
      errorKind: outcome === 'ok' ? null : 'overloaded',
      errorMessage: null,
      requestId: null,
      startedAt: new Date(now.ms).toISOString(),
    }),
  );
}

const GROUP = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('what economy saved, from the ledger', () => {
  it('per job and per course: the batch calls\' cost, standard calls saving nothing', () => {
    const a = job('Rust', GROUP);
    call(a, 0.04, 'batch');
    call(a, 0.01, 'batch', 'error'); // a paid attempt that failed still cost (and saved) its share
    call(a, 0.1, 'standard'); // a retry through the live API
    call({ jobId: null, courseId: a.courseId }, 0.2, 'standard'); // an outline option, before the job

    const summary = store.jobs.summary(a.jobId)!;
    expect(summary.costUsd).toBeCloseTo(0.15, 10);
    expect(summary.savedUsd).toBeCloseTo(0.05, 10);
    expect(summary.queueGroup).toBe(GROUP);

    expect(store.calls.courseTotals(a.courseId)).toMatchObject({ calls: 4, usage: { input: 400, output: 200 } });
    expect(store.calls.courseTotals(a.courseId).costUsd).toBeCloseTo(0.35, 10);
    expect(store.calls.courseTotals(a.courseId).savedUsd).toBeCloseTo(0.05, 10);
    // A course with no calls, and one with standard calls only.
    const b = job('Go', null);
    expect(store.calls.courseTotals(b.courseId)).toMatchObject({ calls: 0, costUsd: 0, savedUsd: 0 });
    call(b, 0.3, 'standard');
    expect(store.calls.courseTotals(b.courseId).savedUsd).toBe(0);
  });

  it('per queue group: the jobs queued together, their cost and saving in all (other groups and calls outside jobs left out)', () => {
    const a = job('Rust', GROUP);
    const b = job('Go', GROUP);
    const c = job('Zig', GROUP);
    const other = job('Elm', OTHER);
    call(a, 0.04, 'batch');
    call(a, 0.1, 'standard');
    call(b, 0.02, 'batch');
    call(other, 5, 'batch');
    call({ jobId: null, courseId: c.courseId }, 7, 'standard');

    const groups = queueGroupsOf(store);
    const totals = groups.totals(GROUP);
    expect(totals).toMatchObject({ jobs: 3, calls: 3 });
    expect(totals.costUsd).toBeCloseTo(0.16, 10);
    expect(totals.savedUsd).toBeCloseTo(0.06, 10);
    // The same figure the per-batch budget counts.
    expect(totals.costUsd).toBeCloseTo(groups.spentUsd(GROUP), 10);
    expect(groups.totals(OTHER)).toMatchObject({ jobs: 1, calls: 1, costUsd: 5, savedUsd: 5 });
    expect(groups.totals('no-such-group')).toEqual({ jobs: 0, calls: 0, costUsd: 0, savedUsd: 0 });

    // A deleted job leaves the group (its calls are kept in the ledger, without a job).
    store.write(() => store.jobs.delete(b.jobId));
    expect(groups.totals(GROUP)).toMatchObject({ jobs: 2, calls: 2 });
  });

  it('reads the group through jobs_by_queue_group', () => {
    const plan = store.db
      .prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM jobs j INDEXED BY jobs_by_queue_group LEFT JOIN model_calls m ON m.job_id = j.id WHERE j.queue_group = ?`)
      .all(GROUP) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/jobs_by_queue_group[\s\S]*model_calls_by_job/);
  });

  it('per run: the morning report keeps the run\'s saving', () => {
    const a = job('Rust', GROUP);
    call(a, 0.04, 'batch');
    call(a, 0.1, 'standard');
    const from = new Date(now.ms - 60_000).toISOString();
    const to = new Date(now.ms + 60_000).toISOString();
    const measured = store.reports.measure(from, to);
    expect(measured.costUsd).toBeCloseTo(0.14, 10);
    expect(measured.savedUsd).toBeCloseTo(0.04, 10);
    // Outside the run: nothing.
    expect(store.reports.measure(to, new Date(now.ms + 120_000).toISOString()).savedUsd).toBe(0);

    const stored = store.write(() =>
      store.reports.insert({ source: 'cli', startedAt: from, endedAt: to, autoRetries: 0, waited: { providerMs: 0, networkMs: 0, rateLimitMs: 0 }, ...measured }),
    );
    expect(store.reports.latest()).toEqual(stored);
  });

  it('reads a report stored before savings were kept as one that saved nothing', () => {
    const old = {
      completed: [{ jobId: 'a', courseTitle: 'Rust' }],
      failed: [{ jobId: 'b', courseTitle: 'Go', reason: 'Overloaded', step: 'lessons' }],
      autoRetries: 1,
      waited: { providerMs: 60_000, networkMs: 0, rateLimitMs: 0 },
      rateLimited: 2,
      calls: 12,
      usage: { input: 1000, output: 500, cacheRead: 0, cacheWrite: 0 },
      costUsd: 0.42,
    };
    store.write(() =>
      store.db.prepare(`INSERT INTO run_reports (started_at, ended_at, source, report_json) VALUES (?, ?, ?, ?)`).run('2026-12-06T01:00:00.000Z', '2026-12-06T05:00:00.000Z', 'app', JSON.stringify(old)),
    );
    expect(store.reports.latest()).toEqual({ id: 1, source: 'app', startedAt: '2026-12-06T01:00:00.000Z', endedAt: '2026-12-06T05:00:00.000Z', ...old, savedUsd: 0 });
  });

  it('course-studio status gives the saving in its totals and in --json', () => {
    const a = job('Rust', GROUP);
    call(a, 0.04, 'batch');
    call(a, 0.1, 'standard');
    call({ jobId: null, courseId: a.courseId }, 0.2, 'standard');
    const report = statusReport(store);
    expect(report.jobs[0]!.savedUsd).toBeCloseTo(0.04, 10);
    expect(report.totals.savedUsd).toBeCloseTo(0.04, 10);
    expect(report.spend.savedUsd).toBeCloseTo(0.04, 10);
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json.totals.savedUsd).toBeCloseTo(0.04, 10);
    expect(json.spend.savedUsd).toBeCloseTo(0.04, 10);
    const text = statusText(report, 120, now.ms);
    expect(text).toContain('· 2 model calls · $0.1400 (saved $0.0400 with economy)\n');
    expect(text).toContain('All model calls, outline options included: 3 calls · $0.3400 (saved $0.0400 with economy)\n');
  });
});
