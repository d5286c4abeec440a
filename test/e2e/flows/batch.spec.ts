// Batch: a CSV file with a bad row (reported with its line, not dropped silently), outline
// options generated for every good row (checking again generates nothing twice), one course
// rejected (after a confirmation, and reopened once), the rest bulk-approved and queued together.
import { expect, test } from '../fixtures';

const CSV = [
  'topic,audience,level,projects,language,notes',
  'React hooks,JavaScript developers,intermediate,3,English,',
  'Broken row,everyone,beginner,12,English,too many projects',
  'SQL window functions,analysts,advanced,3,English,Use PostgreSQL',
  'Git for designers,designers,beginner,3,English,',
].join('\n');

test('batch import → outlines for all → check again → reject one (and reopen it), bulk approve, queue all approved', async ({ app, control, screens }) => {
  await app.goto(`${new URL(app.url()).origin}/#/batch`);
  await expect(app.getByText('Nothing to review')).toBeVisible();

  await app.getByLabel('…or import a file').setInputFiles({ name: 'topics.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(app.getByText('3 topics ready, 1 row with errors.')).toBeVisible();
  const rowErrors = app.getByRole('alert').filter({ hasText: 'Rows that were not imported' });
  await expect(rowErrors).toContainText('Line 3:');
  await expect(rowErrors).toContainText(/project/i);
  await expect(app.getByLabel('Paste topics')).toHaveValue(CSV);
  await expect(app.locator('.batch-rows tbody tr')).toHaveCount(3);
  await expect(app.locator('.batch-rows tr[data-line="5"]')).toContainText('Git for designers');

  await app.getByLabel('Options per topic').selectOption('2');
  await app.getByRole('button', { name: 'Generate outlines for all (3)' }).click();
  await expect(app.getByText('3 done')).toBeVisible({ timeout: 30_000 });
  const review = app.locator('.review-rows > li');
  await expect(review).toHaveCount(3);

  // Checking the same topics again keeps their courses: nothing is left to generate twice.
  await app.getByRole('button', { name: 'Check topics' }).click();
  await expect(app.locator('.batch-rows tbody tr')).toHaveCount(3);
  await expect(app.locator('.batch-rows tbody').getByText('Outlines ready')).toHaveCount(3);
  await expect(app.getByRole('button', { name: 'Every outline is written' })).toBeDisabled();
  expect(await control.db('SELECT id FROM courses')).toHaveLength(3);

  // Options are shown per course, and the picked one is what gets approved.
  const sqlRow = review.filter({ hasText: 'SQL window functions' });
  await sqlRow.getByRole('button', { name: 'Options' }).click();
  await expect(sqlRow.getByRole('radio')).toHaveCount(2);
  await sqlRow.getByRole('radio').nth(1).check();
  await app.getByLabel('Approve as').fill('Grace');
  await screens.save('batch-review');

  // Reject asks first; a rejected course is listed below with the way back.
  const gitRow = review.filter({ hasText: 'Git for designers' });
  const gitStatus = async () => (await control.db<{ status: string }>(`SELECT status FROM courses WHERE json_extract(topic_json, '$.topic') = 'Git for designers'`))[0]?.status;
  const reject = async () => {
    await gitRow.getByRole('button', { name: /^Reject/ }).click();
    expect(await gitStatus()).toBe('draft');
    await gitRow.getByRole('button', { name: /^Reject .*\?$/ }).click();
    await expect(review).toHaveCount(2);
  };
  await reject();
  const rejected = app.locator('.review-rejected');
  await expect(rejected.locator('summary')).toHaveText('Rejected (1)');
  await expect(rejected.locator('li')).toContainText('Git for designers');
  expect(await gitStatus()).toBe('rejected');
  await rejected.getByRole('button', { name: /^Reopen/ }).click();
  await expect(review).toHaveCount(3);
  await expect(rejected).toHaveCount(0);
  expect(await gitStatus()).toBe('draft');
  await reject();

  await app.getByLabel('Select all drafts').check();
  await app.getByRole('button', { name: 'Approve selected (2)' }).click();
  await expect(app.getByText('Approved 2 outlines')).toBeVisible();
  await expect(app.locator('.review-rows').getByText('Approved · waiting to be queued')).toHaveCount(2);

  const courses = await control.db<{ topic: string; status: string; outline_approved_by: string | null; chosen: number | null }>(
    `SELECT json_extract(c.topic_json, '$.topic') AS topic, c.status, c.outline_approved_by, o.position AS chosen
     FROM courses c LEFT JOIN outline_options o ON o.id = c.chosen_option_id ORDER BY topic`,
  );
  expect(courses).toEqual([
    { topic: 'Git for designers', status: 'rejected', outline_approved_by: null, chosen: null },
    { topic: 'React hooks', status: 'outline_approved', outline_approved_by: 'Grace', chosen: 0 },
    { topic: 'SQL window functions', status: 'outline_approved', outline_approved_by: 'Grace', chosen: 1 },
  ]);

  await app.getByRole('button', { name: 'Queue all approved (2)' }).click();
  await expect(app.getByText('2 courses queued for generation')).toBeVisible();
  await expect(app.getByText('Nothing to review')).toBeVisible();
  expect(await control.db('SELECT id FROM jobs')).toHaveLength(2);

  await app.getByRole('link', { name: 'Open the queue' }).click();
  await expect(app.locator('.job-row')).toHaveCount(2);
});

test('a file that is not UTF-8 is refused with how to save it, keeping the topics already there; UTF-16 and a broken quoted value import as they should', async ({ app }) => {
  await app.goto(`${new URL(app.url()).origin}/#/batch`);
  const file = app.getByLabel('…or import a file');
  await app.getByLabel('Paste topics').fill('Pottery');

  // Excel's default CSV: Windows-1252, "é" as the single byte E9.
  await file.setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.from('topic\r\nCafé culture\r\n', 'latin1') });
  await expect(app.getByRole('alert').filter({ hasText: 'excel.csv' })).toHaveText('“excel.csv” is not UTF-8 text; in Excel, save it as “CSV UTF-8 (Comma delimited)”; in a text editor, save it with UTF-8 encoding.');
  await expect(app.getByLabel('Paste topics')).toHaveValue('Pottery');

  // Excel's "Unicode Text": UTF-16 little-endian with a BOM.
  const csv = 'topic,notes\r\nCafé culture,ok\r\nBad,"first line\r\nInjected topic,x\r\nmore" trailing\r\nNext,fine\r\n';
  await file.setInputFiles({ name: 'unicode.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]) });
  await expect(app.getByText('2 topics ready, 1 row with errors.')).toBeVisible();
  await expect(app.locator('.batch-rows tr[data-line="2"]')).toContainText('Café culture');
  await expect(app.locator('.batch-rows tr[data-line="6"]')).toContainText('Next');
  await expect(app.locator('.batch-rows')).not.toContainText('Injected topic');
  await expect(app.getByRole('alert').filter({ hasText: 'Rows that were not imported' })).toContainText('Line 3:');
  await expect(app.getByRole('alert').filter({ hasText: 'Rows that were not imported' })).toContainText('lines 3–5 belong to this row, so none of them was imported');
});
