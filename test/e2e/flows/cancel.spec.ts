// Cancelling running jobs: one from its row, the rest selected with a shift-click range
// and cancelled in bulk. The fake holds every lessons call, so they stay running until cancelled.
import { expect, test } from '../fixtures';
import { jobStatus, seedCourse } from './seed';

test('cancel a running job, then the others in bulk', async ({ app, control, screens }) => {
  const seeded = [];
  for (const topic of ['Rust ownership', 'Kubernetes basics', 'CSS grid layouts']) seeded.push(await seedCourse(control, topic, { enqueue: false }));
  const lessons = await control.fake.hold('submit_lessons');
  for (const { courseId } of seeded) await control.call('jobs.enqueue', { courseId, autoPublish: false });

  await app.goto(`${new URL(app.url()).origin}/#/queue`);
  const rows = app.locator('.job-row');
  await expect(rows).toHaveCount(3);
  // Nine lessons calls wanted, six request slots: six held, and no job can leave its lessons step.
  await expect.poll(() => control.fake.held(lessons)).toBe(6);
  await expect(rows.filter({ hasText: 'Generating lessons' })).toHaveCount(3);
  await expect(app.getByTestId('tracker-summary')).toContainText('3 running');
  await screens.save('queue-running');

  const first = rows.first();
  const title = (await first.locator('.job-title').textContent())!;
  await first.getByRole('button', { name: `Cancel ${title}` }).click();
  await expect(first.getByText('Cancelled')).toBeVisible();
  const firstId = (await first.getAttribute('data-job-id'))!;
  expect(await jobStatus(control, firstId)).toBe('cancelled');

  // Shift-click selects the range between the two clicked rows.
  await rows.nth(1).getByRole('checkbox').click();
  await rows.nth(2).getByRole('checkbox').click({ modifiers: ['Shift'] });
  await expect(app.getByRole('region', { name: 'Selected jobs' })).toContainText('2 jobs selected');
  await app.getByRole('region', { name: 'Selected jobs' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByText('Cancelled 2 jobs.')).toBeVisible();
  await expect(rows.filter({ hasText: 'Cancelled' })).toHaveCount(3);
  // Cancelling gave up every call the jobs had in flight.
  await expect.poll(() => control.fake.held(lessons)).toBe(0);
  const statuses = await control.db<{ status: string }>('SELECT status FROM jobs');
  expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  await expect(app.getByTestId('tracker-summary')).toHaveText('Idle');

  // The whole queue can be paused (nothing new starts) and resumed; limits are adjustable.
  await app.getByRole('button', { name: 'Pause queue' }).click();
  await expect(app.getByText('The queue is paused: nothing new starts.')).toBeVisible();
  await expect(app.locator('.tracker')).toContainText('paused');
  expect((await control.call('jobs.snapshot')).queue.paused).toBe(true);
  await app.getByRole('button', { name: 'Resume queue' }).click();
  await expect(app.getByText('The queue is running.')).toBeVisible();
  // A value out of bounds is explained by the form, as on the Settings page, and not sent.
  await app.getByLabel('Requests at once').fill('60');
  await app.getByRole('button', { name: 'Apply limits' }).click();
  await expect(app.locator('.queue-limits').getByRole('alert')).toHaveText('Allow 1 to 50 requests at a time.');
  await expect(app.getByLabel('Requests at once')).toHaveAttribute('aria-invalid', 'true');
  expect((await control.call('jobs.snapshot')).queue.limits.requests).toBe(6);
  await app.getByLabel('Requests at once').fill('4');
  await app.getByRole('button', { name: 'Apply limits' }).click();
  // The button is disabled while the command runs too: the core is asked, not the button.
  await expect.poll(async () => (await control.call('jobs.snapshot')).queue.limits.requests).toBe(4);
  await expect(app.getByRole('button', { name: 'Apply limits' })).toBeDisabled();
  await expect(app.getByLabel('Requests at once')).toHaveValue('4');
});
