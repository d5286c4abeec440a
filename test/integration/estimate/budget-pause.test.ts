// The daily budget on the live path, through the app core (real SDK, the fake Messages API):
// the queue pauses itself before a call could take the day's spending over the cap, says
// why in plain words, and goes on when the cap is raised, with nothing lost or paid twice.
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../../src/main/ai/clock';
import type { QueueState } from '../../../src/shared/domain';
import { seedApprovedCourse } from '../../support/engine';
import { startHarness, type Harness } from '../ipc/core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Row {
  step: string;
  item_key: string;
  outcome: string;
  cost_usd: number;
}

it('pauses the queue before the daily budget is crossed, with the reason, and resumes when it is raised, nothing lost', async () => {
  h = await startHarness({ latencyMs: 0 });
  const { store, runner } = h.core;
  await h.call('queue.setLimits', { jobs: 1, requests: 1 });
  const spentToday = () => runner.budget.spentToday();

  // A first course, no cap: the history the reservations are judged from.
  const first = await h.call('jobs.enqueue', { courseId: seedApprovedCourse(store, 'First', 3, 2) });
  await until(() => store.jobs.get(first.id)!.status === 'completed', 'the first course');
  const firstCost = spentToday();

  // Room for about half a course more today.
  const cap = Math.round(firstCost * 1.5 * 10_000) / 10_000;
  await h.call('settings.update', { budget: { dailyUsd: cap, batchUsd: null } });
  const secondCourse = seedApprovedCourse(store, 'Second', 3, 2);
  const second = await h.call('jobs.enqueue', { courseId: secondCourse });
  await until(() => runner.queueState().paused && runner.activeJobIds.length === 0, 'the budget pause');

  const queue: QueueState = (await h.call('jobs.snapshot')).queue;
  expect(queue.blockedReason).toMatch(/^Daily budget of \$[\d.]+ reached: \$[\d.]+ spent; resume or raise the budget$/);
  expect(queue.waitingReason).toBe(queue.blockedReason);
  expect(h.events['runner.events'].flat().some((e) => e.type === 'queue.state' && e.state.paused && e.state.blockedReason === queue.blockedReason)).toBe(true);
  // The job waits in the queue with its units kept; part of the course is there.
  const paused = store.jobs.get(second.id)!;
  expect(paused.status).toBe('queued');
  expect(paused.items_completed).toBeGreaterThan(0);
  expect(paused.items_completed).toBeLessThan(paused.items_total);

  // How far over: at most the reservation's error on the one call in flight (requests at once: 1).
  const rows = store.db.prepare(`SELECT step, item_key, outcome, cost_usd FROM model_calls ORDER BY id`).all() as Row[];
  const worstError = Math.max(0, ...rows.map((r) => r.cost_usd - runner.budget.expectedUsd(r.step as 'lessons')));
  expect(spentToday()).toBeLessThanOrEqual(cap + worstError + 1e-9);
  // And it stopped for the cap, not long before it: none of the calls that could go next
  // would have fit (finalize waits for every task; a project's tasks for its lessons).
  const left = store.courses.tree(secondCourse)!;
  const lessonsLeft = left.projects.some((p) => p.lessons.length === 0);
  const tasksLeft = left.projects.some((p) => p.lessons.some((l) => l.tasks.length === 0));
  const nextSteps = [...(lessonsLeft ? (['lessons'] as const) : []), ...(tasksLeft ? (['tasks'] as const) : []), ...(!lessonsLeft && !tasksLeft ? (['finalize'] as const) : [])];
  expect(spentToday() + Math.min(...nextSteps.map((step) => runner.budget.expectedUsd(step)))).toBeGreaterThan(cap - 1e-9);
  const requestsWhilePaused = h.fake.requests.length;
  expect(h.fake.requests.every((r) => r.outcome === 'ok')).toBe(true);

  // Raising the cap resumes the queue by itself.
  const view = await h.call('settings.update', { budget: { dailyUsd: cap * 3, batchUsd: null } });
  expect(view.budget.dailyUsd).toBeCloseTo(cap * 3, 9);
  await until(() => store.jobs.get(second.id)!.status === 'completed', 'the second course');
  expect(runner.queueState()).toMatchObject({ paused: false, blockedReason: null });
  expect(h.fake.requests.length).toBeGreaterThan(requestsWhilePaused);

  // Nothing lost, nothing twice: every unit once, every request an answer that was stored.
  const tree = store.courses.tree(secondCourse)!;
  expect(tree.projects.flatMap((p) => p.lessons)).toHaveLength(6);
  expect(tree.projects.flatMap((p) => p.lessons).every((l) => l.tasks.length > 0)).toBe(true);
  expect(tree.summary).not.toBeNull();
  const units = ['project:0', 'project:1', 'project:2'].map((k) => store.calls.successfulCalls(secondCourse, 'lessons', k));
  expect(units).toEqual([1, 1, 1]);
  expect(store.calls.successfulCalls(secondCourse, 'finalize', 'course')).toBe(1);
  expect(h.fake.requests).toHaveLength(20);
}, 60_000);

it('Resume goes past the cap that paused the queue for the rest of the day', async () => {
  h = await startHarness({ latencyMs: 0 });
  const { store, runner } = h.core;
  await h.call('queue.setLimits', { jobs: 1, requests: 1 });
  await h.call('settings.update', { budget: { dailyUsd: 0.0001, batchUsd: null } });
  const job = await h.call('jobs.enqueue', { courseId: seedApprovedCourse(store, 'Tiny budget', 3, 1) });
  await until(() => runner.queueState().paused && runner.activeJobIds.length === 0, 'the budget pause');
  expect(h.fake.requests).toHaveLength(0);
  expect(runner.queueState().blockedReason).toBe('Daily budget of $0.0001 reached: $0.00 spent; resume or raise the budget');
  await h.call('queue.resume');
  await until(() => store.jobs.get(job.id)!.status === 'completed', 'the course');
  expect(runner.queueState().paused).toBe(false);
}, 60_000);

it('a queue paused by the daily cap goes on by itself when the day turns, with the new day\'s budget', async () => {
  // The app's clock runs a settable amount ahead of the machine's: "tomorrow" without waiting.
  let ahead = 0;
  const clock = { now: () => Date.now() + ahead, sleep: systemClock.sleep };
  h = await startHarness({ latencyMs: 0, core: { clock } });
  const { store, runner } = h.core;
  await h.call('queue.setLimits', { jobs: 1, requests: 1 });
  await h.call('settings.update', { budget: { dailyUsd: 0.0001, batchUsd: null } });
  const job = await h.call('jobs.enqueue', { courseId: seedApprovedCourse(store, 'Overnight', 3, 1) });
  await until(() => runner.queueState().paused && runner.activeJobIds.length === 0, 'the budget pause');
  // Still today: ticks go by and the queue stays paused.
  await new Promise((r) => setTimeout(r, 300));
  expect(runner.queueState()).toMatchObject({ paused: true, blockedReason: expect.stringMatching(/^Daily budget of \$0\.0001 reached/) });
  expect(h.fake.requests).toHaveLength(0);

  // Past the next local midnight: the pause lifts, and the new day's cap is checked afresh (it
  // still holds, so the queue pauses again for today, not for yesterday).
  const midnight = new Date(Date.now());
  midnight.setHours(24, 0, 1, 0);
  const seen = h.events['runner.events'].length;
  ahead = midnight.getTime() - Date.now();
  await until(() => h!.events['runner.events'].slice(seen).flat().some((e) => e.type === 'queue.state' && !e.state.paused), 'the resume at midnight');
  await until(() => runner.queueState().paused && runner.activeJobIds.length === 0, 'the new day\'s budget pause');
  const pause = store.settings.get('budget.pause', z.object({ day: z.string() }), { day: '' });
  const d = new Date(clock.now());
  expect(pause.day).toBe(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);

  // With room in the new day's budget the course completes.
  await h.call('settings.update', { budget: { dailyUsd: 100, batchUsd: null } });
  await until(() => store.jobs.get(job.id)!.status === 'completed', 'the course');
}, 60_000);
