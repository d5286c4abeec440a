// Pausing the whole queue while a job runs: the job goes back to waiting in the queue (it is
// not paused itself, so it has no Resume of its own), live and after a reload alike.
import { expect, test } from '../fixtures';
import { jobStatus, seedCourse } from './seed';

test('a queue pause hands the running job back as queued, live and after a reload', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Kubernetes basics', { enqueue: false });
  await control.fake.latency(1_500);
  const job = await control.call('jobs.enqueue', { courseId, autoPublish: false });

  await app.goto(`${new URL(app.url()).origin}/#/queue`);
  const row = app.locator(`.job-row[data-job-id="${job.id}"]`);
  const status = row.locator('.cell-status');
  await expect(status).toContainText('Generating lessons', { timeout: 15_000 });

  await app.getByRole('button', { name: 'Pause queue' }).click();
  await expect(app.getByText('The queue is paused: nothing new starts.')).toBeVisible();
  // The job is handed back once its calls in flight have landed.
  await expect.poll(() => jobStatus(control, job.id), { timeout: 15_000 }).toBe('queued');
  await expect(status).toContainText('Queued');
  await expect(row.getByRole('button', { name: /^Resume / })).toHaveCount(0);

  await app.reload();
  await expect(status).toContainText('Queued');

  await app.getByRole('button', { name: 'Resume queue' }).click();
  await expect(status).toContainText('Generating', { timeout: 15_000 });
});
