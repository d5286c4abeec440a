// The course's source files leave the app only when asked: courses.export carries them in an
// IMS CC / SCORM package with includeMaterials, never by default, and refuses the option for
// Markdown and JSON. Removing a course for good (the bin emptied) lets go of the files only it
// used at once, through housekeeping's afterRemoval hook; Settings → Storage counts them.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { attachMaterials } from '../../../src/main/sources/attach';
import { inThreadExtractor } from '../../../src/main/sources/in-thread-extractor';
import { MATERIALS_FOLDER, MaterialFiles } from '../../../src/main/sources/material-files';
import { readZip } from '../../support/lms/read-zip';
import { hasXmllint, SCHEMA, schemaErrors } from '../../support/lms/xmllint';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('includes the source files only when asked, in packages only; removing the course for good releases them', async () => {
  const out = mkdtempSync(join(tmpdir(), 'export-materials-out-'));
  h = await startHarness({ core: { chooseFolder: async () => out } });
  const course = await h.call('courses.create', { topic: { topic: 'SQL joins' } });
  const other = await h.call('courses.create', { topic: { topic: 'SQL grouping' } });
  const dir = mkdtempSync(join(tmpdir(), 'export-materials-'));
  writeFileSync(join(dir, 'notes.md'), '# Joins\n\nInner joins keep matching rows.\n');
  writeFileSync(join(dir, 'shared.txt'), 'Both courses use this.\n');
  const files = new MaterialFiles(join(h.dataDir, MATERIALS_FOLDER));
  const deps = { store: h.core.store, files, extract: inThreadExtractor };
  const [notes, shared] = await attachMaterials(deps, course.id, [{ path: join(dir, 'notes.md') }, { path: join(dir, 'shared.txt') }]);
  await attachMaterials(deps, other.id, [{ path: join(dir, 'shared.txt') }]);
  expect([notes!.ok, shared!.ok]).toEqual([true, true]);

  const entries = async (format: 'imscc' | 'scorm12', includeMaterials?: boolean) => {
    const file = await h!.call('courses.export', { courseId: course.id, format, ...(includeMaterials === undefined ? {} : { includeMaterials }) });
    return new Map(readZip(Buffer.from(file.content, 'base64')).map((e) => [e.path, e.data.toString('utf8')]));
  };
  for (const format of ['imscc', 'scorm12'] as const) {
    expect([...(await entries(format)).keys()].filter((p) => p.startsWith('sources/'))).toEqual([]);
    expect([...(await entries(format, false)).keys()].filter((p) => p.startsWith('sources/'))).toEqual([]);
    const withFiles = await entries(format, true);
    expect(withFiles.get('sources/notes.md')).toBe('# Joins\n\nInner joins keep matching rows.\n');
    expect(withFiles.get('sources/shared.txt')).toBe('Both courses use this.\n');
    if (hasXmllint) expect(schemaErrors(format === 'imscc' ? SCHEMA.ccManifest : SCHEMA.scormManifest, withFiles.get('imsmanifest.xml')!)).toEqual([]);
  }
  // Into a folder: the same option, each package with its own course's files.
  const { folder } = await h.call('app.chooseFolder', { purpose: 'export' });
  const many = await h.call('courses.exportMany', { courseIds: [course.id, other.id], format: 'imscc', folder: folder!, includeMaterials: true });
  const sourcesIn = (filename: string) => readZip(readFileSync(join(out, filename))).map((e) => e.path).filter((p) => p.startsWith('sources/'));
  expect(many.exported.map((e) => sourcesIn(e.filename))).toEqual([['sources/notes.md', 'sources/shared.txt'], ['sources/shared.txt']]);
  expect(await h.dispatch('courses.exportMany', { courseIds: [course.id], format: 'json', folder: folder!, includeMaterials: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(await h.dispatch('courses.export', { courseId: course.id, format: 'markdown', includeMaterials: true })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input', message: expect.stringContaining('IMS Common Cartridge and SCORM 1.2 packages only') },
  });

  // Settings → Storage counts them: one row per distinct file, their text, their files on disk.
  const notesBytes = Buffer.byteLength('# Joins\n\nInner joins keep matching rows.\n');
  const sharedBytes = Buffer.byteLength('Both courses use this.\n');
  const before = await h.call('storage.get');
  expect(before.materials).toEqual({ count: 2, textBytes: expect.any(Number), folderBytes: notesBytes + sharedBytes, folderFiles: 2 });
  expect(before.materials.textBytes).toBeGreaterThan(20);
  expect(before.sizes.materials).toBeGreaterThan(0);

  await h.call('courses.delete', { courseId: course.id });
  // In the bin: a restored course keeps its materials.
  expect(files.has(notes!.material!.sha256)).toBe(true);
  await h.call('courses.removeForGood', { courseIds: [course.id] });
  expect(files.has(notes!.material!.sha256)).toBe(false);
  expect(h.core.store.materials.get(notes!.material!.sha256)).toBeNull();
  // The other course still uses this one.
  expect(files.has(shared!.material!.sha256)).toBe(true);
  expect(existsSync(files.pathOf(shared!.material!.sha256))).toBe(true);
  expect((await h.call('storage.get')).materials).toMatchObject({ count: 1, folderBytes: sharedBytes, folderFiles: 1 });
});
