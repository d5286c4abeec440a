// Screen readers get what the queue rows keep in tooltips — a job's exact start time, the
// tokens and calls behind its cost — without the first paint building any of it: the cells
// are focusable, and the text is built on focus (as on hover) as their accessible description.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

const origin = (app: Page) => new URL(app.url()).origin;

test('queue: focusing a row’s time and cost cells gives them the exact date and the tokens as their description', async ({ app, control }) => {
  const { jobId } = await seedCourse(control, 'Rust ownership');
  await control.waitIdle();
  const later = await seedCourse(control, 'Scheduled for tomorrow', { enqueue: false });
  const runAfter = new Date(Date.now() + 30 * 3_600_000);
  const { id: scheduledId } = await control.call('jobs.enqueue', { courseId: later.courseId, runAfter: runAfter.toISOString() });
  await app.goto(`${origin(app)}/#/queue`);
  const row = app.locator(`tr.job-row[data-job-id="${jobId}"]`);
  await expect(row.getByText('Completed')).toBeVisible();
  const time = row.locator('.cell-time');
  const cost = row.locator('.cell-cost');

  // Rendered without them: nothing is formatted until someone asks.
  for (const cell of [time, cost]) {
    expect(await cell.getAttribute('title')).toBeNull();
    expect(await cell.getAttribute('aria-description')).toBeNull();
  }

  // The keyboard reaches them in reading order, after the course's title.
  await row.locator('.job-title').focus();
  await app.keyboard.press('Tab');
  await expect(time).toBeFocused();
  await expect(time).toHaveAccessibleDescription(new RegExp(`^Started .*${new Date().getFullYear()}`));
  await app.keyboard.press('Tab');
  await expect(cost).toBeFocused();
  await expect(cost).toHaveAccessibleDescription(/^[1-9][\d,.\s]* tokens in [1-9]\d* calls?$/);
  await expect(cost).toHaveAttribute('aria-description', /tokens in/);

  // A scheduled job's time cell says when it will start.
  const scheduledTime = app.locator(`tr.job-row[data-job-id="${scheduledId}"] .cell-time`);
  await scheduledTime.focus();
  await expect(scheduledTime).toHaveAccessibleDescription(new RegExp(`^Scheduled for .*${runAfter.getFullYear()}`));
});
