// Batch with source materials: a CSV whose `sources` column names files next to it (made here
// with the test fixtures: a PDF, a Markdown file, an encrypted PDF, and one missing), opened
// through "Open file…" (the scripted file dialog) so main finds them. The rows show how many
// files each names and the missing one is listed by line; generating attaches each row's
// files before its outlines, and the one that cannot be read is shown with its reason. The
// course's IMS CC export then carries the files only with "Include source files" ticked.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../../support/lms/read-zip';
import { encryptedPdf, textPdf } from '../../support/material-fixtures';
import { expect, test } from '../fixtures';

const CSV = [
  'topic,level,sources',
  'SQL joins,beginner,"materials/syllabus.pdf; notes.md"',
  'Rust ownership,intermediate,"notes.md;missing.pdf;secret.pdf"',
  'Git basics,beginner,',
].join('\n');

test('batch CSV with a sources column: opened with Open file…, rows show their sources, generating attaches them and reports the bad ones', async ({ app, control }) => {
  const dir = mkdtempSync(join(tmpdir(), 'batch-sources-'));
  try {
    mkdirSync(join(dir, 'materials'));
    writeFileSync(join(dir, 'materials', 'syllabus.pdf'), await textPdf([['Week 1: Joins', 'Inner and outer joins.'], ['Week 2: Grouping']]));
    writeFileSync(join(dir, 'notes.md'), '# Joins\n\nAn inner join keeps the rows that match.\n');
    writeFileSync(join(dir, 'secret.pdf'), encryptedPdf('pw'));
    writeFileSync(join(dir, 'topics.csv'), CSV);

    await app.goto(`${new URL(app.url()).origin}/#/batch`);
    await control.dialog.nextFiles([join(dir, 'topics.csv')]);
    await app.getByRole('button', { name: 'Open file…' }).click();
    await expect(app.getByText('3 topics ready.')).toBeVisible();
    expect(await control.dialog.filesOpened()).toEqual(['topics']);
    await expect(app.getByLabel('Paste topics')).toHaveValue(CSV);
    await expect(app.locator('#batch-file-note')).toHaveText('From topics.csv; sources are looked for next to it');

    const problems = app.getByRole('alert').filter({ hasText: 'Sources that will not be attached' });
    await expect(problems).toContainText('Line 3:');
    await expect(problems).toContainText(`missing.pdf was not found (looked for ${join(dir, 'missing.pdf')})`);
    const sources = (line: number) => app.locator(`.batch-rows tr[data-line="${line}"] [data-testid="row-sources"]`);
    await expect(sources(2)).toHaveText('2 files');
    await expect(sources(3)).toHaveText('2 files');
    await expect(sources(4)).toHaveText('—');

    await app.getByLabel('Options per topic').selectOption('1');
    await app.getByRole('button', { name: 'Generate outlines for all (3)' }).click();
    await expect(app.getByText('3 done')).toBeVisible({ timeout: 60_000 });
    await expect(sources(2)).toHaveText('2 of 2 read');
    await expect(sources(3)).toContainText('1 of 2 read');
    await expect(sources(3).locator('.source-failures li')).toHaveText([/^secret\.pdf .*password/i]);

    const attached = await control.db<{ topic: string; file_name: string; error_code: string | null }>(
      `SELECT json_extract(c.topic_json, '$.topic') AS topic, cm.file_name, m.error_code
       FROM course_materials cm JOIN courses c ON c.id = cm.course_id JOIN materials m ON m.sha256 = cm.material_sha256
       ORDER BY topic, cm.position`,
    );
    expect(attached).toEqual([
      { topic: 'Rust ownership', file_name: 'notes.md', error_code: null },
      { topic: 'Rust ownership', file_name: 'secret.pdf', error_code: 'encrypted_pdf' },
      { topic: 'SQL joins', file_name: 'syllabus.pdf', error_code: null },
      { topic: 'SQL joins', file_name: 'notes.md', error_code: null },
    ]);
    // notes.md is used by two courses and stored once.
    expect(await control.db('SELECT sha256 FROM materials')).toHaveLength(3);

    // The course page's Export: the source files go into the package only when ticked.
    const sqlId = (await control.db<{ id: string }>(`SELECT id FROM courses WHERE json_extract(topic_json, '$.topic') = 'SQL joins'`))[0]!.id;
    await app.goto(`${new URL(app.url()).origin}/#/courses/${sqlId}`);
    await app.locator('.export-menu > summary').click();
    const packaged = async () => {
      const download = app.waitForEvent('download');
      await app.getByRole('button', { name: /^IMS Common Cartridge/ }).click();
      const bytes = readFileSync((await (await download).path())!);
      return readZip(bytes).map((e) => e.path).filter((p) => p.startsWith('sources/'));
    };
    expect(await packaged()).toEqual([]);
    await app.getByLabel(/Include source files/).check();
    expect(await packaged()).toEqual(['sources/syllabus.pdf', 'sources/notes.md']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
