// Source materials from the wizard to a lesson's cited passage: a PDF chosen in the (scripted)
// file dialog and a Markdown file dropped as bytes (a browser drop has no path) are listed with
// their pages or words and tokens, an encrypted PDF with its reason, and removed; the privacy
// sentence says where the materials go with the models chosen now; the course is created with
// them, generated, and a lesson's "Based on" opens the read-only viewer at the cited page with
// the passage marked (the fake Messages API cites the labelled pages it was sent). A 300-page
// PDF opens in the viewer at a late page with a screenful of blocks rendered. Fixtures are made
// here (test/support/material-fixtures.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { expect, test } from '../fixtures';
import { encryptedPdf, textPdf } from '../../support/material-fixtures';

const PAGES = [
  ['Week 1: Selecting rows', 'SELECT picks the columns; WHERE keeps the rows that match.'],
  ['Week 2: Joining tables', 'An inner join keeps the rows whose keys match in both tables.', 'A left join also keeps the rows of the left table without a match.'],
  ['Week 3: Grouping', 'GROUP BY folds rows into one per group; HAVING filters the groups.'],
];
const NOTES = '# Joins\n\nAlways name the join key.\n\n## Pitfalls\n\nA join on a non-unique key multiplies rows.\n';

test.describe('source materials', () => {
  test.use({ fakeLatencyMs: 100 });

  test('attach in the wizard, generate, and open a lesson’s cited passage', async ({ app, control, screens }) => {
    test.setTimeout(240_000);
    const folder = mkdtempSync(join(tmpdir(), 'course-studio-e2e-sources-'));
    try {
      const pdf = await textPdf(PAGES);
      const syllabus = join(folder, 'syllabus.pdf');
      const locked = join(folder, 'policy.pdf');
      writeFileSync(syllabus, pdf);
      writeFileSync(locked, encryptedPdf('secret'));

      await app.goto(`${new URL(app.url()).origin}/#/new`);
      await app.getByLabel('Topic').fill('SQL joins for analysts');
      // Before anything is sent: where the materials go with the models chosen now (the bridge: Claude for every step).
      await expect(app.getByTestId('materials-privacy')).toContainText('sent to Anthropic when a Claude model is chosen for generation, and never when a local model is');
      await expect(app.getByTestId('materials-privacy')).toContainText('Now every step uses Claude');

      // "Choose files…": the OS dialog's stand-in answers with two paths.
      await control.dialog.nextFiles([syllabus, locked]);
      await app.getByRole('button', { name: 'Choose files…' }).click();
      const rows = app.getByTestId('material-row');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0)).toContainText('syllabus.pdf');
      await expect(rows.nth(0)).toContainText(/3 pages · ≈ \d+ tokens/, { timeout: 90_000 });
      await expect(rows.nth(1)).toContainText('policy.pdf');
      await expect(rows.nth(1).locator('.material-error')).toContainText(/password/i);
      expect(await control.dialog.filesOpened()).toEqual(['materials']);
      // With a PDF attached, the opt-in to send PDFs as pages shows, off by default (text costs about a third).
      await expect(app.getByRole('checkbox', { name: /Send PDFs as pages/ })).not.toBeChecked();

      // A drop without a path (the browser's): the file's bytes go to main.
      const drop = await app.evaluateHandle((text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'notes.md', { type: 'text/markdown' }));
        return transfer;
      }, NOTES);
      await app.getByTestId('material-drop').dispatchEvent('dragover', { dataTransfer: drop });
      await app.getByTestId('material-drop').dispatchEvent('drop', { dataTransfer: drop });
      await expect(rows).toHaveCount(3);
      await expect(rows.nth(2)).toContainText(/notes\.md\s*\d+ words · ≈ \d+ tokens/, { timeout: 90_000 });

      // The file that cannot be read is removed; focus moves to the next remove button.
      await app.getByRole('button', { name: 'Remove policy.pdf' }).click();
      await expect(rows).toHaveCount(2);
      await expect(app.getByRole('button', { name: 'Remove notes.md' })).toBeFocused();
      await expect(app.getByTestId('material-total')).toContainText(/2 readable files, ≈ \d+ tokens/);
      await screens.save('sources-wizard');

      await app.getByRole('button', { name: 'Propose outlines' }).click();
      await expect(app).toHaveURL(/#\/new\/[0-9a-f-]{36}$/);
      const courseId = app.url().split('/').pop()!;
      const linked = await control.db<{ file_name: string }>('SELECT file_name FROM course_materials WHERE course_id = ? ORDER BY position', [courseId]);
      expect(linked.map((r) => r.file_name)).toEqual(['syllabus.pdf', 'notes.md']);

      await expect(app.getByRole('button', { name: 'Use this outline' })).toHaveCount(3, { timeout: 30_000 });
      await app.getByRole('button', { name: 'Use this outline' }).first().click();
      await app.getByLabel('Reviewer').fill('Ada');
      await app.getByRole('button', { name: 'Approve outline' }).click();
      await app.getByRole('button', { name: 'Generate & Queue' }).click();
      await expect(app).toHaveURL(/#\/queue$/);
      const row = app.locator('.job-row').first();
      await expect(row.getByText('Completed')).toBeVisible({ timeout: 60_000 });

      // The lessons' sources come from the model's answer: the fake cites the labelled pages and sections it was sent.
      const hash = createHash('sha256').update(pdf).digest('hex');
      const [cited] = await control.db<{ lesson_id: string }>(
        `SELECT ls.lesson_id FROM lesson_sources ls JOIN lessons l ON l.id = ls.lesson_id JOIN projects p ON p.id = l.project_id
          WHERE p.course_id = ? AND ls.material_sha256 = ? AND json_extract(ls.location_json, '$.kind') = 'pages' ORDER BY p.position, l.position LIMIT 1`,
        [courseId, hash],
      );
      expect(cited, 'a lesson citing a page of syllabus.pdf').toBeDefined();

      await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
      // The overview lists the materials and the lessons that cite none.
      const materials = app.getByTestId('course-materials');
      await expect(materials).toContainText('syllabus.pdf');
      await expect(materials).toContainText('notes.md');
      await expect(app.getByTestId('uncited-lessons')).toBeVisible();

      await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}?lesson=${cited!.lesson_id}`);
      const based = app.getByTestId('lesson-sources');
      await expect(based).toContainText(/Based on: .*syllabus\.pdf p\. \d/);
      const source = based.getByRole('button', { name: /syllabus\.pdf p\. \d/ }).first();
      const label = (await source.textContent())!;
      await source.click();
      const viewer = app.getByRole('dialog', { name: /syllabus\.pdf/ });
      await expect(viewer).toBeVisible();
      await expect(viewer.getByRole('button', { name: 'Close' })).toBeFocused();
      // The cited page's text is marked (as text), and the note is its caption.
      const pageNo = Number(/p\. (\d+)/.exec(label)![1]);
      await expect(viewer.getByTestId('source-mark').first()).toContainText(PAGES[pageNo - 1]![1]!);
      await expect(viewer.getByTestId('source-caption')).toContainText('What the lesson took from here:');
      await expect(viewer.locator('.source-passage mark').first()).toBeInViewport();
      await screens.save('sources', { fullPage: false });
      await app.keyboard.press('Escape');
      await expect(viewer).toHaveCount(0);
      await expect(source).toBeFocused();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a 300-page PDF opens at page 250 with only a few blocks on the page', async ({ app, control }) => {
    test.setTimeout(240_000);
    const folder = mkdtempSync(join(tmpdir(), 'course-studio-e2e-sources-'));
    try {
      const book = join(folder, 'book.pdf');
      const pdf = await textPdf(Array.from({ length: 300 }, (_, p) => Array.from({ length: 40 }, (_, l) => `Page ${p + 1}, line ${l + 1}: relational algebra, joins and keys.`)));
      writeFileSync(book, pdf);
      const course = await control.call('courses.create', { topic: { topic: 'Relational databases', projects: 3 } });
      const [attached] = await control.call('materials.attach', { courseId: course.id, files: [{ path: book }] });
      expect(attached).toMatchObject({ ok: true, material: { pages: 300 } });
      const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
      await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
      await control.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: '' });
      await control.call('jobs.enqueue', { courseId: course.id });
      await control.waitIdle();
      const [lesson] = await control.db<{ id: string }>('SELECT l.id FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ? ORDER BY p.position, l.position LIMIT 1', [course.id]);
      // Pointed at pages 250–251 on purpose (the model's citations would be near the start of the book).
      await control.setLessonSources(lesson!.id, [{ material: attached!.material!.sha256, location: { kind: 'pages', from: 250, to: 251 }, note: 'Normal forms.' }]);

      await app.goto(`${new URL(app.url()).origin}/#/courses/${course.id}?lesson=${lesson!.id}`);
      await app.getByTestId('lesson-sources').getByRole('button', { name: 'book.pdf p. 250–251' }).click();
      const viewer = app.getByRole('dialog', { name: /book\.pdf/ });
      const marks = viewer.getByTestId('source-mark');
      await expect(marks.first()).toContainText('Page 250, line 1:');
      await expect(marks.first()).toBeInViewport();
      // Virtualized: a screenful of blocks is in the page, not 300 pages of them.
      expect(await viewer.locator('.source-block').count()).toBeLessThan(20);
      // End reaches the end (blocks measured on the way may move it a little: pressed again if so).
      await expect(async () => {
        await viewer.getByTestId('source-viewer-text').press('End');
        await expect(viewer.getByText('Page 300, line 40:')).toBeInViewport({ timeout: 1_000 });
      }).toPass({ timeout: 10_000 });
      expect(await viewer.locator('.source-block').count()).toBeLessThan(20);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
