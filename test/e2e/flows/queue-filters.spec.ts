// Filters and search live in the URL: they survive a reload, and the table shows exactly
// the matching jobs.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test('status filter and search update the URL and the table, and survive a reload', async ({ app, control, screens }) => {
  // One job that fails (the key is rejected while writing lessons), then two that complete.
  await control.fake.fault({ kind: 'auth', tool: 'submit_lessons' });
  await seedCourse(control, 'React native apps');
  await control.waitIdle();
  await seedCourse(control, 'React hooks');
  await seedCourse(control, 'Go concurrency');
  await control.waitIdle();

  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/queue`);
  const rows = app.locator('.job-row');
  await expect(rows).toHaveCount(3);

  await app.getByRole('group', { name: 'Filter jobs by status' }).getByRole('button', { name: /^Failed/ }).click();
  await expect(app).toHaveURL(`${origin}/#/queue?status=failed`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('React native');
  await expect(app.getByRole('button', { name: /^Failed/ })).toHaveAttribute('aria-pressed', 'true');

  await app.getByRole('button', { name: /^All/ }).click();
  await app.getByRole('searchbox', { name: 'Search jobs' }).fill('react');
  await expect(app).toHaveURL(`${origin}/#/queue?q=react`);
  await expect(rows).toHaveCount(2);

  await app.getByRole('button', { name: /^Completed/ }).click();
  await expect(app).toHaveURL(`${origin}/#/queue?status=completed&q=react`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('React hooks');
  await screens.save('queue-filtered');

  await app.reload();
  await expect(app.getByRole('searchbox', { name: 'Search jobs' })).toHaveValue('react');
  await expect(app.getByRole('button', { name: /^Completed/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);

  await app.getByRole('searchbox', { name: 'Search jobs' }).fill('no such course');
  await expect(app.getByText('No jobs match “no such course”.')).toBeVisible();

  // An unknown status in a hand-typed URL shows everything rather than nothing.
  await app.goto(`${origin}/#/queue?status=bogus`);
  await expect(rows).toHaveCount(3);
});
