// Source materials added to and removed from a course that already exists (one made without
// any, as a batch row or a forgetful instructor leaves it): the overview offers "Add files…"
// while the course can take them; a PDF chosen in the (scripted) file dialog is listed with its
// pages and tokens, an encrypted one with its reason, a Markdown file dropped as bytes with its
// words; Remove takes a file off the course (and the list). While a job writes the course the
// list cannot change, and main refuses too. Fixtures are made here (test/support/material-fixtures.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { encryptedPdf, textPdf } from '../../support/material-fixtures';
import { jobStatus, seedCourse } from './seed';

const PAGES = [['Week 1: Selecting rows', 'SELECT picks the columns.'], ['Week 2: Joining tables', 'An inner join keeps matching rows.'], ['Week 3: Grouping', 'GROUP BY folds rows.']];

test.describe('course materials', () => {
  test('add files to an existing course, then remove them', async ({ app, control }) => {
    test.setTimeout(180_000);
    const folder = mkdtempSync(join(tmpdir(), 'course-studio-e2e-course-materials-'));
    try {
      const syllabus = join(folder, 'syllabus.pdf');
      const locked = join(folder, 'policy.pdf');
      writeFileSync(syllabus, await textPdf(PAGES));
      writeFileSync(locked, encryptedPdf('secret'));
      const course = await control.call('courses.create', { topic: { topic: 'SQL for analysts', projects: 3 } });

      await app.goto(`${new URL(app.url()).origin}/#/courses/${course.id}`);
      const card = app.getByTestId('course-materials');
      await expect(card).toContainText('No files yet');
      await expect(card.getByTestId('materials-privacy')).toContainText('sent to Anthropic when a Claude model is chosen');
      // A draft: no hint about citations (no lessons yet).
      await expect(card).not.toContainText('keep their citations');

      await control.dialog.nextFiles([syllabus, locked]);
      await card.getByRole('button', { name: 'Add files…' }).click();
      const rows = card.getByTestId('material-row');
      await expect(rows).toHaveCount(2, { timeout: 90_000 });
      await expect(rows.filter({ hasText: 'syllabus.pdf' })).toContainText(/3 pages · ≈ \d+ tokens/, { timeout: 90_000 });
      await expect(rows.filter({ hasText: 'policy.pdf' }).locator('.material-error')).toContainText(/password/i);
      expect(await control.dialog.filesOpened()).toEqual(['materials']);

      // A drop without a path (the browser's): the file's bytes go to main.
      const drop = await app.evaluateHandle(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['# Joins\n\nAlways name the join key.\n'], 'notes.md', { type: 'text/markdown' }));
        return transfer;
      });
      await card.getByTestId('material-drop').dispatchEvent('dragover', { dataTransfer: drop });
      await card.getByTestId('material-drop').dispatchEvent('drop', { dataTransfer: drop });
      await expect(rows).toHaveCount(3);
      await expect(rows.filter({ hasText: 'notes.md' })).toContainText(/\d+ words · ≈ \d+ tokens/, { timeout: 90_000 });

      const linked = async () =>
        (await control.db<{ file_name: string }>('SELECT file_name FROM course_materials WHERE course_id = ? ORDER BY file_name', [course.id])).map((r) => r.file_name);
      expect(await linked()).toEqual(['notes.md', 'policy.pdf', 'syllabus.pdf']);

      // Stays after a reload: it is the course's list, not the page's.
      await app.reload();
      await expect(rows).toHaveCount(3);

      await card.getByRole('button', { name: 'Remove syllabus.pdf' }).click();
      await expect(rows).toHaveCount(2);
      await expect(rows.filter({ hasText: 'syllabus.pdf' })).toHaveCount(0);
      expect(await linked()).toEqual(['notes.md', 'policy.pdf']);
      await card.getByRole('button', { name: 'Remove policy.pdf' }).click();
      await card.getByRole('button', { name: 'Remove notes.md' }).click();
      await expect(rows).toHaveCount(0);
      await expect(card).toContainText('No files yet');
      expect(await linked()).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('while a job writes the course the list cannot change, and main refuses', async ({ app, control }) => {
    test.setTimeout(120_000);
    // The lessons calls are held: the job is generating until the test lets them go.
    const lessons = await control.fake.hold('submit_lessons');
    const { courseId } = await seedCourse(control, 'Slow SQL course', { enqueue: false });
    const notes = { name: 'notes.md', dataBase64: Buffer.from('# Joins\n\nAlways name the join key.\n').toString('base64') };
    await control.call('materials.attach', { courseId, files: [notes] });
    const job = await control.call('jobs.enqueue', { courseId, autoPublish: false });
    await expect.poll(() => control.fake.held(lessons), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await jobStatus(control, job.id)).toMatch(/^generating_/);
    await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
    const card = app.getByTestId('course-materials');
    await expect(card).toContainText('once the generation job has finished');
    await expect(card.getByRole('button', { name: 'Add files…' })).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Remove notes.md' })).toBeDisabled();
    await expect(control.call('materials.attach', { courseId, files: [notes] })).rejects.toThrow(/while the course is being generated/);
    await control.fake.release(lessons);
  });
});
