// The log viewer: live lines while a job runs, following the end until the person scrolls
// up ("Jump to latest" brings them back), level filter and search, export as .jsonl.
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test('live log, follow and jump to latest, level filter, search, export', async ({ app, control, screens }) => {
  const { courseId } = await seedCourse(control, 'Linux shell scripting', { enqueue: false, projects: 5 });
  await control.fake.latency(250);
  // The tasks calls are held: the job stops after its lessons, whose lines are then the
  // newest (the log shows only the lines in view, and follows the end).
  const tasks = await control.fake.hold('submit_tasks');
  const { id: jobId } = await control.call('jobs.enqueue', { courseId, autoPublish: false });

  // Deep link straight to the job.
  await app.goto(`${new URL(app.url()).origin}/#/queue/${jobId}`);
  const log = app.getByTestId('log-lines');
  await expect(log).toContainText('Queued for generation');
  // Lines arrive while the job runs, without reloading.
  await expect.poll(() => control.fake.held(tasks)).toBeGreaterThan(0);
  await expect(log).toContainText('Stored 3 lessons');
  await control.fake.release(tasks);
  await expect(log).toContainText('Completed: ready for review', { timeout: 40_000 });
  await screens.save('log-viewer');

  // Following: the log stays scrolled to its newest line. Scrolling up stops following.
  const atEnd = () => log.evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollHeight - el.scrollTop - el.clientHeight < 32);
  await log.scrollIntoViewIfNeeded();
  await expect.poll(atEnd).toBe(true);
  const jump = app.getByRole('button', { name: 'Jump to latest ↓' });
  await expect(jump).toBeHidden();
  await log.hover();
  await app.mouse.wheel(0, -2_000);
  await expect(jump).toBeVisible();
  expect(await atEnd()).toBe(false);
  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(atEnd).toBe(true);
  await expect(log.locator('.log-line', { hasText: 'Completed: ready for review' })).toBeVisible();

  // Level filter: only success lines.
  await app.getByRole('group', { name: 'Show levels' }).getByRole('button', { name: 'success' }).click();
  await expect(log.locator('.log-line').first()).toBeVisible();
  await expect(log.locator('.log-line:not(.log-success)')).toHaveCount(0);
  await app.getByRole('button', { name: 'error' }).click();
  await app.getByRole('button', { name: 'success' }).click();
  await expect(log).toContainText('No log lines match the filter.');
  await app.getByRole('button', { name: 'error' }).click();

  // Search (server-side, like the live filter).
  await app.getByRole('searchbox', { name: 'Search the log' }).fill('course summary');
  await expect(log.locator('.log-line')).toHaveCount(1);
  await expect(log.locator('.log-line')).toContainText('Stored the course summary');

  // Export what the filter shows, as JSON lines.
  const downloadPromise = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export .jsonl' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'success', message: 'Stored the course summary' });

  // Copy what the filter shows; the toast counts it in plain English ("1 log line").
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.getByRole('button', { name: 'Copy all' }).click();
  await expect(app.locator('.toast', { hasText: 'Copied' })).toHaveText(/Copied 1 log line(?!s)/);
});
