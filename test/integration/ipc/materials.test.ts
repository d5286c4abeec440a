// The materials.* commands, app.chooseFiles and courses.create's staged materials, through the
// app core's dispatcher with the sources worker (from source) and a real data folder: what
// the wizard, the course view and a batch import do.
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATERIALS_FOLDER, MaterialFiles, sha256 } from '../../../src/main/sources/material-files';
import { MAX_MATERIAL_BYTES } from '../../../src/shared/materials';
import { corruptDocx, docx, encryptedPdf, imageOnlyPdf, textPdf } from '../../support/material-fixtures';
import { sourcesWorkerFromSource } from '../../support/ts-worker';
import { useTempFolders } from '../../support/temp-folders';
import { startHarness, type Harness } from './core-harness';

const tempFolder = useTempFolders('cs-materials-ipc-');
let h: Harness;
let files: MaterialFiles;
const dialogAnswers: string[][] = [];

// One core (and so one sources worker, started from the .ts source in seconds) for the file.
beforeAll(async () => {
  h = await startHarness({
    core: {
      extractWorker: sourcesWorkerFromSource,
      chooseFiles: async () => dialogAnswers.shift() ?? [],
    },
  });
  files = new MaterialFiles(join(h.dataDir, MATERIALS_FOLDER));
});
afterAll(() => h.close());

const TOPIC = { topic: 'SQL joins', audience: 'analysts', level: 'beginner' as const, projects: 3, language: 'English', notes: '' };

function save(name: string, bytes: Uint8Array | string): string {
  const path = join(tempFolder(), name);
  writeFileSync(path, bytes);
  return path;
}

const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

let syllabusPdf: Uint8Array | null = null;
/** The same bytes every time (pdf-lib stamps a creation date): a second attach finds them stored. */
const syllabus = async () =>
  (syllabusPdf ??= await textPdf([['Week 1', 'Relational algebra and selection.'], ['Week 2', 'Inner joins match rows on a key.'], ['Week 3', 'Outer joins keep unmatched rows.']]));

describe('materials.attach without a course (the wizard), then courses.create', () => {
  it('reads each file, reports the bad ones with their reason while the good ones go on, and links the staged ones on create', { timeout: 90_000 }, async () => {
    const pdf = await syllabus();
    const tooLarge = save('huge.pdf', '');
    truncateSync(tooLarge, MAX_MATERIAL_BYTES + 1); // sparse: refused by its size before any reading
    const results = await h.call('materials.attach', {
      files: [
        { path: save('syllabus.pdf', pdf) },
        { path: save('policy.pdf', encryptedPdf('pw')) },
        { name: 'notes.md', dataBase64: base64('# Joins\n\nA join combines rows of two tables.\n\n## Outer\n\nKeeps rows without a match.') },
        { path: save('scan.pdf', await imageOnlyPdf()) },
        { path: save('broken.docx', corruptDocx()), name: 'Chapter 3.docx' },
        { path: tooLarge },
        { name: 'handout.docx', dataBase64: base64(docx([{ heading: 1, text: 'Keys' }, { text: 'A primary key names a row.' }])) },
      ],
    });
    expect(results.map((r) => [r.fileName, r.ok ? 'ok' : r.error.code])).toEqual([
      ['syllabus.pdf', 'ok'],
      ['policy.pdf', 'encrypted_pdf'],
      ['notes.md', 'ok'],
      ['scan.pdf', 'no_text_layer'],
      ['Chapter 3.docx', 'corrupt_file'],
      ['huge.pdf', 'too_large'],
      ['handout.docx', 'ok'],
    ]);
    for (const r of results) if (!r.ok) expect(r.error.message).toContain(r.fileName);
    const [pdfResult, , notes, , , huge] = results;
    expect(pdfResult).toMatchObject({ ok: true, material: { sha256: sha256(pdf), format: 'pdf', pages: 3, position: 0 } });
    expect(notes!.material).toMatchObject({ format: 'markdown', fileName: 'notes.md' });
    expect(notes!.material!.words).toBeGreaterThan(10);
    expect(notes!.material!.tokens).toBeGreaterThan(0);
    expect(huge!.material).toBeNull();
    // Stored but linked to no course yet.
    expect(files.has(sha256(pdf))).toBe(true);
    expect(h.core.store.db.prepare('SELECT COUNT(*) AS n FROM course_materials').get()).toEqual({ n: 0 });

    const staged = results.flatMap((r) => (r.material ? [{ sha256: r.material.sha256, name: r.fileName }] : []));
    const before = (await h.call('courses.list')).length;
    const course = await h.call('courses.create', { topic: TOPIC, materials: staged });
    expect((await h.call('courses.list')).length).toBe(before + 1);
    const listed = await h.call('materials.list', { courseId: course.id });
    expect(listed.map((m) => [m.fileName, m.error?.code ?? null])).toEqual([
      ['syllabus.pdf', null],
      ['policy.pdf', 'encrypted_pdf'],
      ['notes.md', null],
      ['scan.pdf', 'no_text_layer'],
      ['Chapter 3.docx', 'corrupt_file'],
      ['handout.docx', null],
    ]);
  });

  it('refuses an unknown material by its name and creates nothing', async () => {
    const before = (await h.call('courses.list')).length;
    const [known] = await h.call('materials.attach', { files: [{ name: 'a.txt', dataBase64: base64('Known words.') }] });
    const result = await h.dispatch('courses.create', {
      topic: TOPIC,
      materials: [
        { sha256: known!.material!.sha256, name: 'a.txt' },
        { sha256: 'f'.repeat(64), name: 'lost.pdf' },
      ],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(!result.ok && result.error.message).toContain('lost.pdf');
    expect((await h.call('courses.list')).length).toBe(before);
    expect(h.core.store.db.prepare('SELECT COUNT(*) AS n FROM course_materials WHERE material_sha256 = ?').get(known!.material!.sha256)).toEqual({ n: 0 });
  });

  it('keeps staged materials through a release until their course is created', async () => {
    const [staged] = await h.call('materials.attach', { files: [{ name: 'staged.md', dataBase64: base64('# Staged\n\nWaiting for its course.') }] });
    const hash = staged!.material!.sha256;
    // Something else lets materials go meanwhile: another course's material removed.
    const other = await h.call('courses.create', { topic: TOPIC });
    const [own] = await h.call('materials.attach', { courseId: other.id, files: [{ name: 'own.txt', dataBase64: base64('Only this course.') }] });
    expect(await h.call('materials.remove', { courseId: other.id, sha256: own!.material!.sha256 })).toEqual({ removed: true, released: true });
    expect(files.has(own!.material!.sha256)).toBe(false);
    expect(files.has(hash)).toBe(true);
    // And a course removed for good from the bin (its materials let go at once).
    const binned = await h.call('courses.create', { topic: TOPIC });
    const [gone] = await h.call('materials.attach', { courseId: binned.id, files: [{ name: 'gone.txt', dataBase64: base64('Only the binned course.') }] });
    await h.call('courses.delete', { courseId: binned.id });
    await h.call('courses.removeForGood', { courseIds: [binned.id] });
    expect(files.has(gone!.material!.sha256)).toBe(false);
    expect(files.has(hash)).toBe(true);
    const course = await h.call('courses.create', { topic: TOPIC, materials: [{ sha256: hash, name: 'staged.md' }] });
    expect((await h.call('materials.list', { courseId: course.id })).map((m) => m.sha256)).toEqual([hash]);
  });
});

describe('materials.* on a course', () => {
  it('attaches by path and by bytes, reuses stored bytes, and lists them in order', async () => {
    const course = await h.call('courses.create', { topic: TOPIC });
    const pdf = await syllabus();
    const first = await h.call('materials.attach', { courseId: course.id, files: [{ path: save('syllabus.pdf', pdf), name: 'Week plan.pdf' }, { name: 'joins.txt', dataBase64: base64('Joins, in plain words.') }] });
    expect(first.map((r) => r.ok && r.material.fileName)).toEqual(['Week plan.pdf', 'joins.txt']);
    // The same bytes again (another course used them first): linked without reading.
    expect(first[0]).toMatchObject({ ok: true, reused: true });
    const listed = await h.call('materials.list', { courseId: course.id });
    expect(listed.map((m) => [m.fileName, m.position])).toEqual([
      ['Week plan.pdf', 0],
      ['joins.txt', 1],
    ]);
  });

  it('removes a material: its file goes when nothing else uses it, and stays while another course does', async () => {
    const a = await h.call('courses.create', { topic: TOPIC });
    const b = await h.call('courses.create', { topic: TOPIC });
    const shared = base64('Shared notes about keys.');
    const [sharedA] = await h.call('materials.attach', { courseId: a.id, files: [{ name: 'shared.txt', dataBase64: shared }] });
    await h.call('materials.attach', { courseId: b.id, files: [{ name: 'keys.txt', dataBase64: shared }] });
    const [own] = await h.call('materials.attach', { courseId: a.id, files: [{ name: 'own.md', dataBase64: base64('# Own\n\nOnly course A.') }] });
    const sharedHash = sharedA!.material!.sha256;
    const ownHash = own!.material!.sha256;

    expect(await h.call('materials.remove', { courseId: a.id, sha256: sharedHash })).toEqual({ removed: true, released: false });
    expect(files.has(sharedHash)).toBe(true);
    expect((await h.call('materials.list', { courseId: b.id })).map((m) => m.fileName)).toEqual(['keys.txt']);
    expect(await h.call('materials.remove', { courseId: a.id, sha256: ownHash })).toEqual({ removed: true, released: true });
    expect(files.has(ownHash)).toBe(false);
    expect(h.core.store.materials.get(ownHash)).toBeNull();
    expect(await h.call('materials.list', { courseId: a.id })).toEqual([]);
    expect(await h.dispatch('materials.remove', { courseId: a.id, sha256: ownHash })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('views a material: its text and sections; a failed one says why; one the course does not have is not found', async () => {
    const course = await h.call('courses.create', { topic: TOPIC });
    const [pdf, locked] = await h.call('materials.attach', {
      courseId: course.id,
      files: [{ path: save('syllabus.pdf', await syllabus()) }, { path: save('locked.pdf', encryptedPdf('pw', 'Hidden')) }],
    });
    const view = await h.call('materials.view', { courseId: course.id, sha256: pdf!.material!.sha256 });
    expect(view).toMatchObject({ fileName: 'syllabus.pdf', format: 'pdf' });
    expect(view.sections.map((s) => s.location)).toEqual([1, 2, 3].map((p) => ({ kind: 'pages', from: p, to: p })));
    const week2 = view.sections[1]!;
    expect(view.text.slice(week2.start, week2.end)).toContain('Inner joins match rows on a key.');

    const failed = await h.dispatch('materials.view', { courseId: course.id, sha256: locked!.material!.sha256 });
    expect(failed).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!failed.ok && failed.error.message).toMatch(/locked\.pdf.*password/i);

    const other = await h.call('courses.create', { topic: TOPIC });
    expect(await h.dispatch('materials.view', { courseId: other.id, sha256: pdf!.material!.sha256 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('views a material a lesson still cites after it was taken off the course', async () => {
    const course = await h.call('courses.create', { topic: TOPIC });
    const [notes] = await h.call('materials.attach', { courseId: course.id, files: [{ name: 'cited.md', dataBase64: base64('# Cited\n\nStill cited by a lesson.') }] });
    const hash = notes!.material!.sha256;
    const { store } = h.core;
    const lessonId = store.write(() => {
      const projectId = crypto.randomUUID();
      const id = crypto.randomUUID();
      const now = new Date().toISOString();
      store.db.prepare(`INSERT INTO projects (id, course_id, position, title, description) VALUES (?, ?, 0, 'P', '')`).run(projectId, course.id);
      store.db.prepare(`INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at) VALUES (?, ?, 0, 'L', '', '[]', ?, ?)`).run(id, projectId, now, now);
      store.materials.setLessonSources(id, [{ material: hash, location: { kind: 'section', path: ['Cited'] }, note: '' }]);
      return id;
    });
    expect(await h.call('materials.remove', { courseId: course.id, sha256: hash })).toEqual({ removed: true, released: false });
    expect((await h.call('materials.view', { courseId: course.id, sha256: hash })).text).toContain('Still cited by a lesson.');
    expect(store.courses.lesson(lessonId)?.sources.map((s) => s.fileName)).toEqual(['cited.md']);
  });
});

describe('bad input', () => {
  it('answers invalid_input naming the field', async () => {
    const course = await h.call('courses.create', { topic: TOPIC });
    const cases: [unknown, string][] = [
      [{ files: [] }, 'files'],
      [{ files: [{ path: 'relative/notes.md' }] }, 'files[0].path'],
      [{ files: [{ name: 'x.md', dataBase64: 'not base64!' }] }, 'files[0]'],
      [{ files: [{ name: '', dataBase64: '' }] }, 'files[0]'],
      [{ courseId: 'nope', files: [{ path: '/tmp/a.md' }] }, 'courseId'],
      [{ courseId: course.id, files: [{ path: '/tmp/a.md', sneaky: true }] }, 'files[0]'],
    ];
    for (const [input, path] of cases) {
      const result = await h.core.dispatch('materials.attach', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!result.ok && result.error.issues?.some((i) => i.path.startsWith(path)), JSON.stringify(input)).toBe(true);
    }
    expect(await h.core.dispatch('materials.view', { courseId: course.id, sha256: 'ABC' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'sha256' }] } });
    expect(await h.core.dispatch('courses.create', { topic: TOPIC, materials: [{ sha256: 'a'.repeat(64) }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'materials[0].name' }] },
    });
    expect(await h.core.dispatch('materials.list', { courseId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers a dropped file over the size limit as too large, without decoding it, and still reads the others', { timeout: 60_000 }, async () => {
    const size = MAX_MATERIAL_BYTES + 3;
    const results = await h.call('materials.attach', {
      files: [
        { name: 'big.pdf', dataBase64: 'AAAA'.repeat(size / 3) },
        { name: 'small.txt', dataBase64: base64('Small enough.') },
      ],
    });
    expect(results.map((r) => [r.fileName, r.ok ? 'ok' : r.error.code])).toEqual([
      ['big.pdf', 'too_large'],
      ['small.txt', 'ok'],
    ]);
    expect(!results[0]!.ok && results[0]!.error.message).toMatch(/big\.pdf is 64\.0 MB; a source may be at most 64\.0 MB/);
  });
});

describe('app.chooseFiles', () => {
  it("answers the dialog's paths, and an empty list when it was closed", async () => {
    dialogAnswers.push(['/home/ada/syllabus.pdf', '/home/ada/notes.md']);
    expect(await h.call('app.chooseFiles', { purpose: 'materials' })).toEqual({ paths: ['/home/ada/syllabus.pdf', '/home/ada/notes.md'] });
    expect(await h.call('app.chooseFiles', { purpose: 'topics' })).toEqual({ paths: [] });
    expect(await h.core.dispatch('app.chooseFiles', { purpose: 'anything' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('is refused where the core has no dialog, and materials cannot be read where it has no reader', async () => {
    const bare = await startHarness({ fake: h.fake });
    try {
      expect(await bare.dispatch('app.chooseFiles', { purpose: 'materials' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      const [result] = await bare.call('materials.attach', { files: [{ name: 'a.md', dataBase64: base64('# A') }] });
      expect(result).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    } finally {
      await bare.close();
    }
  });
});
