// Attaching materials to courses through the real store, data folder and sources worker:
// content addressing, each file's own answer, release on delete, and the worker's limits.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { attachMaterials, type AttachDeps } from '../../../src/main/sources/attach';
import { workerExtractor, type WorkerExtractor } from '../../../src/main/sources/extractor';
import { MATERIALS_FOLDER, MaterialFiles, sha256 } from '../../../src/main/sources/material-files';
import { coursePassages } from '../../../src/main/sources/passages';
import { rankPassages } from '../../../src/main/sources/rank';
import { releaseMaterials, sweepMaterialFiles } from '../../../src/main/sources/release';
import { useTempFolders } from '../../support/temp-folders';
import { corruptDocx, docx, encryptedPdf, imageOnlyPdf, textPdf } from '../../support/material-fixtures';
import { sourcesWorkerFromSource } from '../../support/ts-worker';

const tempFolder = useTempFolders('cs-sources-');
let store: Store;
let files: MaterialFiles;
let extract: WorkerExtractor;
let dir: string;
let deps: AttachDeps;

// One worker for the file, as the app keeps one: starting it from the .ts sources takes seconds.
beforeAll(() => {
  extract = workerExtractor(sourcesWorkerFromSource);
});
afterAll(() => extract.close());
beforeEach(() => {
  dir = tempFolder();
  store = Store.open(join(dir, 'course-studio.db'));
  files = new MaterialFiles(join(dir, 'materials'));
  deps = { store, files, extract };
});
afterEach(() => store.close());

const course = () => store.write(() => store.courses.create({ topic: 'SQL', audience: 'analysts', level: 'beginner', projects: 2, language: 'English', notes: '' }).id);
const save = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('attachMaterials', () => {
  // The first test starts the worker (from the .ts sources, through tsx: seconds on a busy machine).
  it('reads each file in the worker, stores it under its hash and links it; bad files are reported and the good ones go on', { timeout: 60_000 }, async () => {
    const id = course();
    const pdf = await textPdf([['Week 1', 'Relational algebra.'], ['Week 2', 'Inner joins and outer joins.']]);
    const inputs = [
      { path: save('syllabus.pdf', pdf) },
      { path: save('policy.pdf', encryptedPdf('pw')) },
      { path: save('notes.docx', docx([{ heading: 1, text: 'Joins' }, { text: 'A join combines rows.' }])) },
      { path: save('scan.pdf', await imageOnlyPdf()) },
      { path: save('broken.docx', corruptDocx()) },
      { path: save('slides.pptx', 'not supported') },
      { path: join(dir, 'missing.md') },
      { path: save('readme.md', '# Readme\n\nPlain words.') },
    ];
    const results = await attachMaterials(deps, id, inputs);
    expect(results.map((r) => [r.fileName, r.ok ? 'ok' : r.error.code])).toEqual([
      ['syllabus.pdf', 'ok'],
      ['policy.pdf', 'encrypted_pdf'],
      ['notes.docx', 'ok'],
      ['scan.pdf', 'no_text_layer'],
      ['broken.docx', 'corrupt_file'],
      ['slides.pptx', 'unsupported_type'],
      ['missing.md', 'unreadable'],
      ['readme.md', 'ok'],
    ]);
    // Read, stored and linked with the reason: the course lists why. Refused before reading: nothing kept.
    expect(store.materials.forCourse(id).map((m) => [m.fileName, m.pages, m.error?.code ?? null])).toEqual([
      ['syllabus.pdf', 2, null],
      ['policy.pdf', null, 'encrypted_pdf'],
      ['notes.docx', null, null],
      ['scan.pdf', null, 'no_text_layer'],
      ['broken.docx', null, 'corrupt_file'],
      ['readme.md', null, null],
    ]);
    const stored = files.read(sha256(pdf));
    expect(sha256(stored)).toBe(sha256(pdf));
    expect(files.list().hashes).toHaveLength(6);
    expect(files.list().temps).toEqual([]);
  });

  it('stores the same bytes once for many courses, and does not read them again', async () => {
    const [a, b] = [course(), course()];
    const bytes = await textPdf([['Shared handout', 'Keys and constraints.']]);
    const first = await attachMaterials(deps, a, [{ path: save('handout.pdf', bytes) }]);
    const second = await attachMaterials(deps, b, [{ path: save('copy.pdf', bytes), name: 'Week 3 handout.pdf' }]);
    expect(first[0]).toMatchObject({ ok: true, reused: false });
    expect(second[0]).toMatchObject({ ok: true, reused: true });
    expect(files.list().hashes).toEqual([sha256(bytes)]);
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM materials`).get()).toEqual({ n: 1 });
    expect(store.materials.forCourse(b)[0]!.fileName).toBe('Week 3 handout.pdf');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const id = course();
    const [result] = await attachMaterials({ ...deps, maxBytes: 1024 }, id, [{ path: save('big.txt', 'x'.repeat(2048)) }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'too_large' }, material: null });
    expect(result!.ok ? '' : result!.error.message).toBe('big.txt is 0.0 MB; a source may be at most 0.0 MB. Split it, or export the chapters you need.');
    expect(files.list().hashes).toEqual([]);
  });

  it('releases a deleted course’s materials, but not those another course still uses', async () => {
    const [a, b] = [course(), course()];
    const shared = save('shared.md', '# Shared\n\nBoth courses.');
    const own = save('own.md', '# Own\n\nOnly the first.');
    await attachMaterials(deps, a, [{ path: shared }, { path: own }]);
    await attachMaterials(deps, b, [{ path: shared }]);
    const ownHash = sha256(readFileSync(own));
    const sharedHash = sha256(readFileSync(shared));

    store.write(() => store.courses.delete(a));
    expect(releaseMaterials(store, files)).toEqual([ownHash]);
    expect(files.has(ownHash)).toBe(false);
    expect(files.has(sharedHash)).toBe(true);

    store.write(() => store.courses.delete(b));
    expect(releaseMaterials(store, files)).toEqual([sharedHash]);
    expect(files.list().hashes).toEqual([]);
  });

  it('sweeps files a crash left without a row, once they are old enough', () => {
    const orphan = files.put(new TextEncoder().encode('left behind')).sha256;
    const temp = join(files.root, orphan.slice(0, 2), '.tmp-deadbeef-00000000');
    writeFileSync(temp, 'half a file');
    expect(sweepMaterialFiles(store, files).removed).toEqual([]);
    expect(sweepMaterialFiles(store, files, { nowMs: Date.now() + 2 * 60 * 60 * 1000 }).removed).toEqual([orphan, temp]);
    expect(existsSync(temp)).toBe(false);
    expect(files.has(orphan)).toBe(false);
  });

  it('ranks the stored passages of a course for a lesson', async () => {
    const id = course();
    const pages = Array.from({ length: 30 }, (_, i) =>
      i === 16 ? ['Self joins', 'A self join matches a table against itself, for hierarchies such as managers.'] : [`Page ${i + 1}`, `General remarks on data modelling, part ${i + 1}.`],
    );
    await attachMaterials(deps, id, [{ path: save('book.pdf', await textPdf(pages)) }]);
    const passages = coursePassages(store, id);
    // About 20 tokens a page and 400 a chunk: the book is two chunks, and the budget holds one.
    expect(passages).toHaveLength(2);
    const ranking = rankPassages(passages, { title: 'Self joins', terms: ['hierarchy', 'manager'] }, 450);
    expect(ranking.passages).toHaveLength(1);
    expect(ranking.passages[0]!.text).toContain('A self join matches a table against itself');
    expect(ranking.passages[0]!.location).toMatchObject({ kind: 'pages' });
    const loc = ranking.passages[0]!.location as { from: number; to: number };
    expect(loc.from <= 17 && 17 <= loc.to).toBe(true);
  });
});

describe('the sources worker', () => {
  it('reads off the main thread: pdfjs is never loaded here', async () => {
    const id = course();
    await attachMaterials(deps, id, [{ path: save('a.pdf', await textPdf([['Text']])) }]);
    expect(store.materials.forCourse(id)[0]!.error).toBeNull();
    expect((globalThis as { pdfjsLib?: unknown }).pdfjsLib).toBeUndefined();
  });

  it('stops a file that takes too long, and reads the next in a fresh worker', async () => {
    const slow = workerExtractor(sourcesWorkerFromSource, { timeoutMs: 1 });
    const id = course();
    const results = await attachMaterials({ ...deps, extract: slow }, id, [{ path: save('slow.pdf', await textPdf([['Slow']])) }]);
    await slow.close();
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'timeout', message: 'slow.pdf took longer than 0 s to read and was stopped.' } });
    // A timeout is not final: attached again with time to read, the same bytes are read.
    const again = await attachMaterials(deps, id, [{ path: join(dir, 'slow.pdf') }]);
    expect(again[0]).toMatchObject({ ok: true, reused: false });
    expect(store.materials.forCourse(id)).toHaveLength(1);
  });

  it('fails a file that needs more than the worker’s heap as too large, and goes on', async () => {
    // 128 MB: enough to start the worker from the .ts sources; a million paragraphs of HTML
    // (8 MB) become a DOM far larger than that.
    const small = workerExtractor(sourcesWorkerFromSource, { heapMb: 128 });
    const id = course();
    const results = await attachMaterials({ ...deps, extract: small }, id, [{ path: save('huge.html', '<p>x</p>'.repeat(1_000_000)) }, { path: save('tiny.md', '# Tiny') }]);
    await small.close();
    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual([{ code: 'too_large', message: 'huge.html needs more memory to read than a source may use (128 MB).' }, 'ok']);
  }, 120_000); // two worker starts from the .ts sources, and a heap filled to its limit
});

describe('at start-up', () => {
  it('the app core releases the materials of courses deleted since the last start, and keeps the rest', { timeout: 60_000 }, async () => {
    const { createAppCore } = await import('../../../src/main/app-core');
    const { createMemorySecretStore } = await import('../../../src/main/secrets');
    const [gone, kept] = [course(), course()];
    // The app's own folder for them, so the core finds what was stored.
    const appFiles = new MaterialFiles(join(dir, MATERIALS_FOLDER));
    await attachMaterials({ ...deps, files: appFiles }, gone, [{ path: save('gone.md', '# Gone') }]);
    await attachMaterials({ ...deps, files: appFiles }, kept, [{ path: save('kept.md', '# Kept') }]);
    store.write(() => store.courses.delete(gone));
    store.close();

    const core = createAppCore({ dataDir: dir, secrets: createMemorySecretStore(null, 'plaintext'), env: {}, start: false });
    try {
      expect(core.store.materials.forCourse(kept).map((m) => m.fileName)).toEqual(['kept.md']);
      expect(core.store.db.prepare(`SELECT COUNT(*) AS n FROM materials`).get()).toEqual({ n: 1 });
      expect(appFiles.list().hashes).toEqual([sha256(readFileSync(join(dir, 'kept.md')))]);
    } finally {
      await core.dispose();
      store = Store.open(join(dir, 'course-studio.db')); // for afterEach's close
    }
  });
});
