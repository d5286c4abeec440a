// Pausing the whole queue while a job runs: the job goes back to waiting in the queue (it is
// not paused itself, so it has no Resume of its own), live and after a reload alike. The
// fake holds the job's calls, so each state is there until the test moves on, however busy
// the machine is.
import { expect, test } from '../fixtures';
import { jobStatus, seedCourse } from './seed';

test('a queue pause hands the running job back as queued, live and after a reload', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Kubernetes basics', { enqueue: false });
  const lessons = await control.fake.hold('submit_lessons');
  const job = await control.call('jobs.enqueue', { courseId, autoPublish: false });

  await app.goto(`${new URL(app.url()).origin}/#/queue`);
  const row = app.locator(`.job-row[data-job-id="${job.id}"]`);
  const status = row.locator('.cell-status');
  // Three projects, three lessons calls, all held: the job stays in its lessons step.
  await expect.poll(() => control.fake.held(lessons)).toBe(3);
  await expect(status).toContainText('Generating lessons');

  await app.getByRole('button', { name: 'Pause queue' }).click();
  await expect(app.getByText('The queue is paused: nothing new starts.')).toBeVisible();
  // The job is handed back once its calls in flight have landed; anything it sent after the
  // pause would be held here, and the job would never be handed back.
  const later = await control.fake.hold();
  await control.fake.release(lessons);
  await expect.poll(() => jobStatus(control, job.id)).toBe('queued');
  expect(await control.fake.held(later)).toBe(0);
  await expect(status).toContainText('Queued');
  await expect(row.getByRole('button', { name: /^Resume / })).toHaveCount(0);

  await app.reload();
  await expect(status).toContainText('Queued');

  await app.getByRole('button', { name: 'Resume queue' }).click();
  await expect.poll(() => control.fake.held(later)).toBeGreaterThan(0);
  await expect(status).toContainText('Generating');
  await control.fake.release(later);
});
