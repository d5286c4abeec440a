// A failure the fake server injects (the key rejected while writing tasks: not retryable)
// fails the job at that step; the detail shows where and why; Retry continues from the
// failed step (lessons are not written again), completes, and the log records the retry.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test('a job fails at the tasks step, is retried from there and completes', async ({ app, control, screens }) => {
  const { courseId } = await seedCourse(control, 'Python data classes', { enqueue: false });
  await app.goto(`${new URL(app.url()).origin}/#/queue?status=failed`);
  await expect(app.getByText('No jobs yet')).toBeVisible();
  // Queued while the page watches, so the failure arrives live (and toasts).
  await control.fake.fault({ kind: 'auth', tool: 'submit_tasks' });
  const { id: jobId } = await control.call('jobs.enqueue', { courseId, autoPublish: false });

  const row = app.locator(`.job-row[data-job-id="${jobId}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText('Failed')).toBeVisible();
  await expect(app.getByRole('alert').filter({ hasText: 'Generation failed' })).toBeVisible();

  await row.locator('.job-title').click();
  await expect(app).toHaveURL(new RegExp(`#/queue/${jobId}\\?status=failed$`));
  const detail = app.getByTestId('job-detail');
  const failure = detail.getByRole('alert').filter({ hasText: 'Failed while generating tasks.' });
  await expect(failure).toContainText(/API key was rejected/);
  await expect(detail.getByTestId('log-lines')).toContainText('Failed during tasks');
  await screens.save('job-failed');

  const lessonRows = () => control.db<{ id: string; content: string }>('SELECT id, content FROM lessons ORDER BY id');
  const lessonsBefore = await lessonRows();
  expect(lessonsBefore.length).toBeGreaterThan(0);
  await failure.getByRole('button', { name: 'Retry from tasks' }).click();

  // It leaves the "failed" filter, and completes under "All".
  await expect(row).toHaveCount(0, { timeout: 15_000 });
  await app.getByRole('button', { name: /^All/ }).click();
  await expect(app.locator(`.job-row[data-job-id="${jobId}"]`).getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(detail.getByTestId('log-lines')).toContainText('Retry requested; continuing from tasks');
  await expect(detail.getByTestId('log-lines')).toContainText('Completed');
  expect(await lessonRows()).toEqual(lessonsBefore);
  const [job] = await control.db<{ status: string; retry_count: number }>('SELECT status, retry_count FROM jobs WHERE id = ?', [jobId]);
  expect(job).toMatchObject({ status: 'completed' });
});
