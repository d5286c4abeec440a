// Economy and budget settings, the queue choice on `jobs.enqueue` and the estimate, through
// `dispatch` (input parsed by the contract, errors mapped) on a core that runs no job.
import { afterEach, describe, expect, it } from 'vitest';
import { queueGroupsOf } from '../../../src/main/db/repositories/queue-groups';
import { seedApprovedCourse } from '../../support/engine';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const started = () => startHarness({ core: { start: false } });

describe('economy and budget settings', () => {
  it('default to standard and no caps; are saved, validated, and a nonsense stored value falls back alone', async () => {
    h = await started();
    expect(await h.call('settings.get')).toMatchObject({ defaultEconomy: false, budget: { dailyUsd: null, batchUsd: null } });
    const saved = await h.call('settings.update', { defaultEconomy: true, budget: { dailyUsd: 20, batchUsd: 5.5 } });
    expect(saved).toMatchObject({ defaultEconomy: true, budget: { dailyUsd: 20, batchUsd: 5.5 } });
    expect(await h.call('settings.update', { reviewerName: 'Ada' })).toMatchObject({ defaultEconomy: true, budget: { dailyUsd: 20, batchUsd: 5.5 } });

    const refused = await h.dispatch('settings.update', { budget: { dailyUsd: -1, batchUsd: null } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'budget.dailyUsd', message: 'A budget must be more than $0.' }] } });
    expect((await h.call('settings.get')).budget).toEqual({ dailyUsd: 20, batchUsd: 5.5 });

    // Edited by hand: the budget makes no sense, the other fields are kept.
    const store = h.core.store;
    const warn = console.warn;
    console.warn = () => {};
    try {
      store.write(() => store.settings.set('preferences', { defaultAutoPublish: true, reviewerName: 'Ada', defaultEconomy: 'yes', budget: { dailyUsd: 'lots' } }));
      expect(await h.call('settings.get')).toMatchObject({
        defaultAutoPublish: true,
        reviewerName: 'Ada',
        defaultEconomy: false,
        budget: { dailyUsd: null, batchUsd: null },
      });
    } finally {
      console.warn = warn;
    }
  });
});

describe('jobs.enqueue', () => {
  it('takes economy from Settings unless chosen, and keeps the jobs queued together in one group', async () => {
    h = await started();
    const store = h.core.store;
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((t) => seedApprovedCourse(store, t));
    const economyOf = (jobId: string) => store.jobs.get(jobId)!.economy;

    expect(economyOf((await h.call('jobs.enqueue', { courseId: a! })).id)).toBe(0);
    await h.call('settings.update', { defaultEconomy: true });
    const group = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    const jb = await h.call('jobs.enqueue', { courseId: b!, queueGroup: group });
    const jc = await h.call('jobs.enqueue', { courseId: c!, queueGroup: group, economy: false });
    const jd = await h.call('jobs.enqueue', { courseId: d! });
    expect([economyOf(jb.id), economyOf(jc.id), economyOf(jd.id)]).toEqual([1, 0, 1]);
    expect(jb.economy).toBe(true);

    expect(store.jobs.get(jb.id)!.queue_group).toBe(group);
    expect(store.jobs.get(jc.id)!.queue_group).toBe(group);
    expect(queueGroupsOf(store).get(group)).toMatchObject({ id: group, budget_usd: null });
    // Alone: a group of its own.
    const own = store.jobs.get(jd.id)!.queue_group!;
    expect(own).not.toBe(group);
    expect(queueGroupsOf(store).get(own)).not.toBeNull();
  });
});

describe('what economy saved, through the contract', () => {
  it('courses.get carries the course\'s cost and saving; jobs.groupTotals sums the jobs queued together', async () => {
    h = await started();
    const store = h.core.store;
    const group = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    const [a, b] = ['A', 'B'].map((t) => seedApprovedCourse(store, t));
    const ja = await h.call('jobs.enqueue', { courseId: a!, queueGroup: group, economy: true });
    const jb = await h.call('jobs.enqueue', { courseId: b!, queueGroup: group, economy: true });
    expect([ja.queueGroup, jb.queueGroup]).toEqual([group, group]);
    const paid = (jobId: string, courseId: string, costUsd: number, serviceTier: 'batch' | 'standard') =>
      store.write(() =>
        store.calls.record({
          jobId, courseId, step: 'lessons', itemKey: 'project:0', attempt: 1, model: 'm', usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
          latencyMs: 1, costUsd, serviceTier, outcome: 'ok', errorKind: null, errorMessage: null, requestId: null, startedAt: new Date().toISOString(),
        }),
      );
    paid(ja.id, a!, 0.04, 'batch');
    paid(ja.id, a!, 0.1, 'standard');
    paid(jb.id, b!, 0.02, 'batch');

    const course = await h.call('courses.get', { courseId: a! });
    expect(course.spend.calls).toBe(2);
    expect(course.spend.costUsd).toBeCloseTo(0.14, 10);
    expect(course.spend.savedUsd).toBeCloseTo(0.04, 10);
    const totals = await h.call('jobs.groupTotals', { queueGroup: group });
    expect(totals).toMatchObject({ id: group, jobs: 2, calls: 3 });
    expect(totals.costUsd).toBeCloseTo(0.16, 10);
    expect(totals.savedUsd).toBeCloseTo(0.06, 10);
    expect((await h.call('jobs.snapshot', { ids: [jb.id] })).jobs[0]).toMatchObject({ queueGroup: group });
    expect(await h.dispatch('jobs.groupTotals', { queueGroup: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('estimate.courses', () => {
  it('estimates approved courses without a model call, and refuses unknown ids and bad input', async () => {
    h = await started();
    const store = h.core.store;
    const ids = [seedApprovedCourse(store, 'One', 3, 2), seedApprovedCourse(store, 'Two', 4, 3)];
    const estimate = await h.call('estimate.courses', { courseIds: ids });
    expect(estimate).toMatchObject({ courses: 2, calls: 3 + 6 + 1 + 4 + 12 + 1, basis: { pastCourses: 0, text: 'no history yet: rough' } });
    expect(estimate.economyUsd.expected).toBeLessThan(estimate.standardUsd.expected);
    expect(h.fake.requests).toHaveLength(0);

    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await h.dispatch('estimate.courses', { courseIds: [missing] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.dispatch('estimate.courses', { courseIds: ['not an id'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.dispatch('batches.list')).toEqual({ ok: true, value: [] });
  });
});
