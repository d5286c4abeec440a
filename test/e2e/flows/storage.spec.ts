// Settings → Storage and the course bin: move a course to the bin from its page, count and
// delete old logs, restore the course, remove it for good (its cost stays in the totals), compact.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test('the bin and Settings → Storage: move to bin, old logs counted then deleted, restore, remove for good, compact', async ({ app, control, screens }) => {
  const { courseId: binned } = await seedCourse(control, 'Binned SQL course');
  await seedCourse(control, 'Kept Rust course');
  await control.waitIdle();
  const [spend] = await control.db<{ n: number }>('SELECT COUNT(*) AS n FROM model_calls');
  const origin = new URL(app.url()).origin;

  await app.goto(`${origin}/#/courses/${binned}`);
  await app.getByRole('button', { name: 'Move to bin' }).click();
  await app.getByRole('button', { name: 'Confirm move to bin' }).click();
  await expect(app).toHaveURL(`${origin}/#/courses`);
  await expect(app.getByText('Moved to the bin')).toBeVisible();
  await expect(app.getByRole('link', { name: /Kept Rust course/ }).first()).toBeVisible();
  await expect(app.getByRole('link', { name: /Binned SQL course/ })).toHaveCount(0);

  // The kept course's job finished long ago (the binned one's job went with it to the bin).
  expect(await control.ageFinishedJobs(60)).toBe(1);
  await app.goto(`${origin}/#/settings`);
  const storage = app.getByRole('region', { name: 'Storage' });
  await expect(storage.getByTestId('storage-total')).toHaveText(/\d+(\.\d)? (KB|MB)/);
  const logs = storage.getByRole('group', { name: 'Old logs' });
  await logs.getByRole('button', { name: 'Check' }).click();
  await expect(logs.getByRole('status')).toHaveText(/^Will remove [\d,]+ log lines of 1 job\.$/);
  await logs.getByRole('button', { name: 'Delete old logs' }).click();
  await logs.getByRole('button', { name: 'Confirm delete old logs' }).click();
  await expect(logs.getByRole('status')).toHaveText(/^Removed [\d,]+ log lines of 1 job\.$/);
  expect(await control.db('SELECT id FROM job_logs')).toEqual([]);

  const bin = storage.getByRole('group', { name: 'Deleted courses' });
  await expect(bin.getByRole('cell', { name: /^[\w ]*Binned SQL course$/ })).toBeVisible();
  await screens.save('settings-storage');
  await bin.getByRole('button', { name: /^Restore .*Binned SQL course$/ }).click();
  await expect(bin.getByText('The bin is empty.')).toBeVisible();
  expect((await control.call('courses.list')).map((c) => c.id)).toContain(binned);

  await control.call('courses.delete', { courseId: binned });
  await app.reload();
  await bin.getByRole('button', { name: /^Remove .*Binned SQL course for good$/ }).click();
  await bin.getByRole('button', { name: /^Confirm: remove .*Binned SQL course for good$/ }).click();
  await expect(bin.getByText('The bin is empty.')).toBeVisible();
  expect(await control.db('SELECT id FROM courses WHERE id = ?', [binned])).toEqual([]);
  // Its calls are rolled up, not gone: the ledger counts as many calls as before.
  const [after] = await control.db<{ n: number }>('SELECT (SELECT COUNT(*) FROM model_calls) + (SELECT COALESCE(SUM(calls), 0) FROM call_rollups) AS n');
  expect(after!.n).toBe(spend!.n);

  await storage.getByRole('button', { name: 'Compact now' }).click();
  await expect(app.getByText(/^(Compacted|Nothing to compact)$/)).toBeVisible();
});
