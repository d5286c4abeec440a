// The budget guard over a real store: the ledger of today (local day) and of a queue group,
// plus reservations of calls in flight, against Settings' caps or a run's own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../src/main/ai/config';
import { updateSettings } from '../../../src/main/core/app-settings';
import { queueGroupsOf } from '../../../src/main/db/repositories/queue-groups';
import { Store } from '../../../src/main/db/store';
import { BudgetGuard, usd } from '../../../src/main/runner/budget';
import { seedApprovedCourse } from '../../support/engine';

let now: { ms: number };
let store: Store;
let paused: string[];

beforeEach(() => {
  // 15:00 local time: "today" began at local midnight.
  const d = new Date(2026, 11, 7, 15, 0, 0);
  now = { ms: d.getTime() };
  store = Store.open(':memory:', { clockMs: () => now.ms });
  paused = [];
});
afterEach(() => store.close());

const guard = (options: Partial<ConstructorParameters<typeof BudgetGuard>[0]> = {}) =>
  new BudgetGuard({ store, model: () => DEFAULT_MODEL, onOver: (reason) => paused.push(reason), ...options });

function job(group: string | null = null): string {
  const courseId = seedApprovedCourse(store, `Course ${Math.random()}`);
  return store.write(() => {
    if (group) queueGroupsOf(store).ensure(group);
    return store.jobs.enqueue(courseId, { queueGroup: group });
  }).id;
}

/** A paid call in the ledger, `hoursAgo` before now. */
function spent(jobId: string | null, costUsd: number, hoursAgo = 0): void {
  const courseId = jobId ? store.jobs.get(jobId)!.course_id : null;
  store.write(() =>
    store.calls.record({
      jobId,
      courseId,
      step: 'lessons',
      itemKey: 'project:0',
      attempt: 1,
      model: DEFAULT_MODEL,
      usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
      latencyMs: 1,
      costUsd,
      serviceTier: 'standard',
      outcome: 'ok',
      errorKind: null,
      errorMessage: null,
      requestId: null,
      startedAt: new Date(now.ms - hoursAgo * 3_600_000).toISOString(),
    }),
  );
}

describe('daily cap', () => {
  it('counts today\'s ledger (not yesterday\'s) plus reservations in flight, and refuses the call that would cross it', () => {
    updateSettings(store, { budget: { dailyUsd: 20, batchUsd: null } });
    const j = job();
    spent(j, 50, 16); // yesterday, 23:00
    spent(j, 19.5);
    const g = guard();
    expect(g.spentToday()).toBeCloseTo(19.5, 6);
    const first = g.check(j, 0.3);
    expect(first.ok).toBe(true);
    expect(g.reservedUsd).toBeCloseTo(0.3, 6);
    // 19.5 + 0.3 in flight + 0.3 > 20.
    expect(g.check(j, 0.3)).toEqual({ ok: false, reason: 'Daily budget of $20 reached: $19.50 spent; resume or raise the budget' });
    expect(paused).toEqual(['Daily budget of $20 reached: $19.50 spent; resume or raise the budget']);
    expect(g.pauseReason()).toBe(paused[0]);
    // The first call lands: its reservation goes, its cost is in the ledger.
    g.release(first.ok ? first.reservation : null);
    g.release(first.ok ? first.reservation : null);
    expect(g.reservedUsd).toBe(0);
    expect(g.check(j, 0.49).ok).toBe(true);
  });

  it('a run\'s own cap wins over Settings\'; no cap: anything goes', () => {
    updateSettings(store, { budget: { dailyUsd: 100, batchUsd: null } });
    const j = job();
    spent(j, 5);
    expect(guard({ dailyUsd: 5 }).check(j, 0.01)).toMatchObject({ ok: false, reason: expect.stringMatching(/^Daily budget of \$5 reached: \$5\.00 spent/) });
    expect(guard().check(j, 0.01).ok).toBe(true);
    expect(guard({ dailyUsd: null }).check(j, 1_000).ok).toBe(true);
  });

  it('resuming lifts the cap that paused the queue for the day, until the cap changes; raising it is seen as room', () => {
    updateSettings(store, { budget: { dailyUsd: 10, batchUsd: null } });
    const j = job();
    spent(j, 9.99);
    const g = guard();
    expect(g.check(j, 0.05).ok).toBe(false);
    expect(g.pauseLifted()).toBe(false);
    updateSettings(store, { budget: { dailyUsd: 12.5, batchUsd: null } });
    expect(g.pauseLifted()).toBe(true);
    updateSettings(store, { budget: { dailyUsd: 10, batchUsd: null } });

    g.acknowledge();
    expect(g.pauseReason()).toBeNull();
    expect(g.check(j, 5).ok).toBe(true);
    // A new cap applies again.
    updateSettings(store, { budget: { dailyUsd: 11, batchUsd: null } });
    expect(g.check(j, 5)).toMatchObject({ ok: false, reason: expect.stringMatching(/^Daily budget of \$11 reached/) });
    // The next day the spending starts from nothing.
    now.ms += 24 * 3_600_000;
    expect(g.pauseLifted()).toBe(true);
  });
});

describe('per queued batch', () => {
  it('holds each group to its own cap (or Settings\' per-batch cap), counting only its jobs', () => {
    updateSettings(store, { budget: { dailyUsd: null, batchUsd: 3 } });
    const a1 = job('group-a');
    const a2 = job('group-a');
    const b = job('group-b');
    store.write(() => queueGroupsOf(store).setBudget('group-b', 1.25));
    spent(a1, 1.5);
    spent(a2, 1.2);
    spent(b, 1);
    const g = guard();
    expect(g.check(a2, 0.2).ok).toBe(true);
    expect(g.check(a1, 0.2)).toEqual({ ok: false, reason: 'Budget of $3 for this batch of courses reached: $2.70 spent; resume or raise the budget' });
    expect(g.check(b, 0.2).ok).toBe(true);
    expect(g.check(b, 0.1)).toEqual({ ok: false, reason: 'Budget of $1.25 for this batch of courses reached: $1.00 spent; resume or raise the budget' });
    g.acknowledge();
    expect(g.check(b, 10).ok).toBe(true);
    // Another group's pause is its own.
    expect(g.check(a1, 0.2).ok).toBe(false);
  });
});

it('reserves the expected cost of a call of its kind, half at batch prices', () => {
  const g = guard();
  const j = job();
  // No cap: nothing to judge, nothing reserved.
  const free = g.reserve(j, 'lessons');
  expect(free.ok && free.reservation.usd).toBe(0);
  updateSettings(store, { budget: { dailyUsd: 50, batchUsd: null } });
  const check = g.reserve(j, 'lessons');
  expect(check.ok && check.reservation.usd).toBeCloseTo(g.expectedUsd('lessons'), 9);
  expect(g.expectedUsd('lessons')).toBeGreaterThan(0);
  expect(g.expectedUsd('lessons', 'batch')).toBeCloseTo(g.expectedUsd('lessons') / 2, 3);
  expect(g.expectedUsd('publish')).toBe(0);
});

it('formats caps as a person writes them', () => {
  expect([usd(20), usd(7.5), usd(0.25), usd(0.0484)]).toEqual(['$20', '$7.50', '$0.25', '$0.0484']);
});
