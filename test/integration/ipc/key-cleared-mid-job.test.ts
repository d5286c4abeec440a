// Clearing the API key while a job runs makes the job wait for a key, as jobs not yet
// started do: requests already sent land, nothing new goes out, the queue says why, and the
// job carries on from where it was once a key is set again.
import { afterEach, expect, it } from 'vitest';
import { approvedCourse, KEY, startHarness, waitFor, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Queues a 3-project course and clears the key while its three lessons requests are on the wire. */
async function clearKeyWhileLessonsRun(harness: Harness, topic: string) {
  const course = await approvedCourse(harness, topic, 3);
  // The lessons answers are held, so the key is surely cleared before any unit lands and more units start.
  const lessons = harness.fake.hold();
  const job = await harness.call('jobs.enqueue', { courseId: course.id });
  const row = () => harness.core.store.jobs.get(job.id)!;
  await harness.fake.untilHeld(3, lessons);
  await harness.call('apiKey.clear');
  expect(row().items_completed).toBe(0);
  harness.fake.release(lessons);
  // The lessons sent with the old key land and are stored; the tasks that follow hold
  // request slots without sending anything: they wait for a key.
  await waitFor(
    () => row().items_completed === 3 && harness.fake.inFlight() === 0 && harness.core.gateway.activeRequests > 0,
    15_000,
    'task calls waiting for the key',
  );
  return { course, job, row };
}

it('a running job waits for a key cleared under it, then finishes once one is set', async () => {
  h = await startHarness();
  const { course, row } = await clearKeyWhileLessonsRun(h, 'Elixir');
  const sentWithoutKey = h.fake.requests.length;
  expect(row().status).not.toBe('failed');
  expect(row().error_message).toBeNull();
  expect(row().lease_owner).not.toBeNull();
  expect((await h.call('jobs.snapshot')).queue.waitingReason).toBe('Add your Anthropic API key in Settings');

  await h.call('apiKey.set', { key: KEY });
  await waitFor(() => row().status === 'completed', 20_000, 'completion after the key');
  expect(h.fake.requests.length).toBeGreaterThan(sentWithoutKey);
  expect((await h.call('jobs.snapshot')).queue.waitingReason).toBeNull();
  const tree = h.core.store.courses.tree(course.id)!;
  expect(tree.summary).not.toBeNull();
  tree.projects.forEach((p, pi) => {
    expect(h!.core.store.calls.successfulCalls(course.id, 'lessons', `project:${pi}`)).toBe(1);
    p.lessons.forEach((_, li) => expect(h!.core.store.calls.successfulCalls(course.id, 'tasks', `lesson:${pi}.${li}`)).toBe(1));
  });
}, 40_000);

it('pausing a job that waits for a key releases it at once', async () => {
  h = await startHarness();
  const { job, row } = await clearKeyWhileLessonsRun(h, 'Erlang');

  await h.call('jobs.pause', { jobIds: [job.id] });
  await waitFor(() => row().status === 'paused', 5_000, 'the job to pause without a key');
  expect(row().error_message).toBeNull();
  expect(h.core.runner.activeJobIds).toEqual([]);
});
