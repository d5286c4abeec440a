// Exporting into folders, as a person does it in Chromium through the bridge (whose folder
// dialog answers with the folder the test scripts): several courses selected on the Courses
// page and exported together (a dialog closed without a choice changes nothing; files already
// there are kept; a folder that is gone fails each course with the reason), and a job queued
// from the wizard with an auto-export (the job shows its files, or why there are none). No
// hold needed: every state looked for is final (the export's result, an idle queue).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { pageCommandsReached, seedCourse } from './seed';

const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-e2e-export-'));
  folders.push(dir);
  return dir;
};
test.afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('exports selected courses into a folder: each its own file, files already there kept, failures with reasons', async ({ app, control }) => {
  const ids = [];
  for (const topic of ['Postgres indexing', 'Postgres indexing', 'Kubernetes basics']) ids.push((await seedCourse(control, topic)).courseId);
  await control.waitIdle();
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/courses`);

  const rows = app.locator('.courses-table tbody tr');
  await expect(rows).toHaveCount(3);
  const bar = app.getByRole('region', { name: 'Selected courses' });
  await expect(bar).toHaveCount(0);
  // A click, then a shift-click: the range between them, as in the queue.
  await rows.nth(0).getByRole('checkbox').click();
  await rows.nth(2).getByRole('checkbox').click({ modifiers: ['Shift'] });
  await expect(bar.getByText('3 courses selected')).toBeVisible();
  await bar.getByLabel('Format').selectOption({ label: 'SCORM 1.2' });

  // The dialog closed without a choice: nothing is written, nothing reported.
  await control.dialog.nextFolder(null);
  await bar.getByRole('button', { name: 'Export selected…' }).click();
  // The dialog's command has reached the core (and taken its scripted answer) before the next answer is set.
  await pageCommandsReached(app);
  await expect(bar.getByRole('button', { name: 'Export selected…' })).not.toHaveAttribute('aria-busy', 'true');
  expect(await control.dialog.folders()).toEqual([]);
  await expect(app.getByTestId('bulk-export-result')).toHaveCount(0);

  const folder = tempFolder();
  await control.dialog.nextFolder(folder);
  await bar.getByRole('button', { name: 'Export selected…' }).click();
  const result = app.getByTestId('bulk-export-result');
  await expect(result.getByRole('heading')).toHaveText('3 of 3 courses exported (SCORM 1.2)');
  await expect(result.locator('.bulk-export-folder')).toHaveText(folder);
  const first = readdirSync(folder).sort();
  expect(first).toHaveLength(3);
  for (const name of first) {
    expect(name).toMatch(/-scorm12\.zip$/);
    expect(readFileSync(join(folder, name)).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  }
  // The two courses with the same title: the second file carries its course's short id.
  const [twinA, twinB] = [ids[0]!, ids[1]!].map((id) => id.slice(0, 8));
  expect(first.filter((n) => n.includes(twinA!) || n.includes(twinB!))).toHaveLength(1);
  await result.getByText('3 files written').click();
  for (const name of first) await expect(result.locator('.bulk-export-files code', { hasText: name })).toBeVisible();

  // Into the same folder again: the files there are kept, the new ones get other names.
  const before = Object.fromEntries(first.map((n) => [n, readFileSync(join(folder, n))]));
  const mtimes = first.map((n) => statSync(join(folder, n)).mtimeMs);
  await control.dialog.nextFolder(folder);
  await result.getByRole('button', { name: 'Dismiss the export result' }).click();
  await expect(result).toHaveCount(0);
  await bar.getByRole('button', { name: 'Export selected…' }).click();
  await expect(result.getByRole('heading')).toHaveText('3 of 3 courses exported (SCORM 1.2)');
  expect(readdirSync(folder)).toHaveLength(6);
  for (const [i, name] of first.entries()) {
    expect(readFileSync(join(folder, name))).toEqual(before[name]);
    expect(statSync(join(folder, name)).mtimeMs).toBe(mtimes[i]);
  }

  // A folder that is gone by the time the files are written: each course says why.
  const gone = join(tempFolder(), 'unplugged');
  await control.dialog.nextFolder(gone);
  await result.getByRole('button', { name: 'Dismiss the export result' }).click();
  await bar.getByRole('button', { name: 'Export selected…' }).click();
  await expect(result.getByRole('heading')).toHaveText('0 of 3 courses exported (SCORM 1.2), 3 failed');
  await expect(result.locator('.bulk-export-failures li')).toHaveCount(3);
  await expect(result.locator('.bulk-export-failures li').first()).toContainText(`not exported: the folder ${gone} does not exist`);
  expect(existsSync(gone)).toBe(false);
});

test('a job queued from the wizard with an auto-export shows its files once done; a folder gone by then is shown as the reason', async ({ app, control }) => {
  const origin = new URL(app.url()).origin;
  const good = await seedCourse(control, 'Sourdough baking', { enqueue: false });
  const folder = tempFolder();

  await app.goto(`${origin}/#/new/${good.courseId}`);
  await control.dialog.nextFolder(folder);
  // Ticking it without a folder opens the folder dialog at once.
  await app.getByLabel('Export the course when it is done').check();
  await expect(app.getByTestId('auto-export-folder')).toHaveText(folder);
  const formats = app.getByRole('group', { name: 'Formats to export' });
  await formats.getByLabel('IMS Common Cartridge').uncheck();
  await app.getByRole('button', { name: 'Generate & Queue' }).click();
  await expect(app.getByText('Pick at least one format.')).toBeVisible();
  await formats.getByLabel('Markdown').check();
  await formats.getByLabel('JSON').check();
  await app.getByRole('button', { name: 'Generate & Queue' }).click();
  await expect(app).toHaveURL(/#\/queue$/);
  await control.waitIdle();

  const [job] = await control.db<{ id: string; export_state: string }>('SELECT id, export_state FROM jobs WHERE course_id = ?', [good.courseId]);
  expect(job!.export_state).toBe('done');
  const files = readdirSync(folder).sort();
  expect(files).toEqual([expect.stringMatching(/\.json$/), expect.stringMatching(/\.md$/)]);
  await app.goto(`${origin}/#/queue/${job!.id}`);
  await expect(app.getByTestId('job-auto-export')).toContainText(`Exported into ${folder}: `);
  for (const name of files) await expect(app.getByTestId('job-auto-export')).toContainText(name);

  // Another course into a folder that is removed before the job completes: the job completes
  // all the same, and says why there are no files.
  const bad = await seedCourse(control, 'Watercolour basics', { enqueue: false });
  const doomed = tempFolder();
  await control.dialog.nextFolder(doomed);
  await control.call('app.chooseFolder', { purpose: 'autoExport' });
  rmSync(doomed, { recursive: true });
  const queued = await control.call('jobs.enqueue', { courseId: bad.courseId, autoExport: { folder: doomed, formats: ['imscc'] } });
  await control.waitIdle();
  await app.goto(`${origin}/#/queue/${queued.id}`);
  const detail = app.getByTestId('job-detail');
  await expect(detail.locator('.job-detail-title')).toContainText('Completed');
  await expect(app.getByTestId('auto-export-problem')).toContainText(`IMS Common Cartridge: the folder ${doomed} does not exist`);
  await expect(app.locator(`.job-row[data-job-id="${queued.id}"] .job-secondary`)).toHaveText(/^Export failed: the folder .+ does not exist/);
});
