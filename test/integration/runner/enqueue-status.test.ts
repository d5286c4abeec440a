// Which courses jobs.enqueue takes, over dispatch as the window sends it: only those whose
// status allows generation. A generated, approved or published course is refused, so its
// status never goes back to "generated" behind its approval and publication.
import { afterEach, expect, it } from 'vitest';
import { approvedCourse, startHarness, waitFor, type Harness } from '../ipc/core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function generated(harness: Harness) {
  const course = await approvedCourse(harness, 'Enqueue rules', 3);
  const job = await harness.call('jobs.enqueue', { courseId: course.id });
  await waitFor(() => harness.events['runner.events'].flat().some((e) => e.type === 'job.completed' && e.jobId === job.id), 20_000, 'job.completed');
  return { courseId: course.id, jobId: job.id };
}

it('refuses to queue a published course again once its job is deleted, and leaves it published', async () => {
  h = await startHarness();
  const { courseId, jobId } = await generated(h);
  await h.call('courses.approve', { courseId, by: 'Ada' });
  const published = await h.call('courses.publish', { courseId });
  expect(await h.call('jobs.delete', { jobIds: [jobId] })).toEqual({ done: [jobId], failed: [] });

  const again = await h.dispatch('jobs.enqueue', { courseId });
  expect(again).toEqual({
    ok: false,
    error: expect.objectContaining({
      code: 'conflict',
      message: 'This course is already published. Edit it or regenerate single lessons and tasks on its page instead of queuing it again.',
    }),
  });
  const course = await h.call('courses.get', { courseId });
  expect(course).toMatchObject({ status: 'published', publishedAt: published.publishedAt, courseApproval: { by: 'Ada' } });
  expect((await h.call('jobs.snapshot')).jobs).toEqual([]);
});

it('refuses a generated course too, and queues a cancelled one again', async () => {
  h = await startHarness();
  const { courseId, jobId } = await generated(h);
  await h.call('jobs.delete', { jobIds: [jobId] });
  expect(await h.dispatch('jobs.enqueue', { courseId })).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringMatching(/^This course is already generated\./) },
  });

  // Cancelled, its job deleted: the course may be queued again.
  const other = await approvedCourse(h, 'Cancelled course', 3);
  const held = h.fake.hold();
  const first = await h.call('jobs.enqueue', { courseId: other.id });
  await h.call('jobs.cancel', { jobIds: [first.id] });
  await waitFor(() => h!.events['runner.events'].flat().some((e) => e.type === 'job.cancelled' && e.jobId === first.id), 10_000, 'job.cancelled');
  expect((await h.call('courses.get', { courseId: other.id })).status).toBe('cancelled');
  await h.call('jobs.delete', { jobIds: [first.id] });
  h.fake.release(held);
  const second = await h.dispatch('jobs.enqueue', { courseId: other.id });
  expect(second).toMatchObject({ ok: true, value: { courseId: other.id } });
});
