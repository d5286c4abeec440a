// courses.exportMany and app.chooseFolder over dispatch, as the Courses page uses them: the
// selected courses written into the folder picked in the (stand-in) OS dialog, each under its
// own name, never over a file already there, reported course by course with progress; a
// folder the dialog did not give is refused; a course that fails does not stop the others;
// and while packages are built (in the worker, as in the app) other commands are answered.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPackage, packageFilename, type PackageBuilder } from '../../../src/main/export/course-file';
import { workerPackageBuilder } from '../../../src/main/export/package-worker-runner';
import { storeGeneratedCourse } from '../../support/lms/stored-course';
import { packageWorkerFromSource } from '../../support/ts-worker';
import { startHarness, type Harness } from './core-harness';
import { useTempFolders } from '../../support/temp-folders';

const MISSING = '00000000-0000-4000-8000-000000000000';
let h: Harness | null = null;
const tempFolder = useTempFolders('cs-bulk-export-');
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A core whose folder dialog answers with `answers` in turn (null: closed without a choice). */
async function harness(answers: (string | null)[], buildPackage?: PackageBuilder) {
  const queue = [...answers];
  return startHarness({ core: { start: false, chooseFolder: async () => queue.shift() ?? null, ...(buildPackage ? { buildPackage } : {}) } });
}

describe('courses.exportMany', () => {
  it('writes each selected course into the chosen folder, keeps a file already there, and reports each with its progress', async () => {
    const folder = tempFolder();
    h = await harness([folder]);
    const { store } = h.core;
    const first = storeGeneratedCourse(store, 'Rust basics');
    const twin = storeGeneratedCourse(store, 'Rust basics');
    const other = storeGeneratedCourse(store, 'Go in practice');
    const tree = (id: string) => store.courses.tree(id)!;
    const name = packageFilename(tree(first), 'imscc');
    writeFileSync(join(folder, name), 'a file from before');

    expect(await h.call('app.chooseFolder', { purpose: 'export' })).toEqual({ folder });
    const exportId = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
    const result = await h.call('courses.exportMany', { courseIds: [first, twin, other], format: 'imscc', folder, exportId });

    const short = (id: string) => id.slice(0, 8);
    expect(result).toMatchObject({ folder, format: 'imscc', failed: [] });
    expect(result.exported.map((e) => [e.courseId, e.filename])).toEqual([
      [first, name.replace('.imscc', `-${short(first)}.imscc`)],
      [twin, name.replace('.imscc', `-${short(twin)}.imscc`)],
      [other, packageFilename(tree(other), 'imscc')],
    ]);
    expect(readFileSync(join(folder, name), 'utf8')).toBe('a file from before');
    for (const file of result.exported) {
      const bytes = readFileSync(join(folder, file.filename));
      expect(bytes).toEqual(Buffer.from(buildPackage(tree(file.courseId), 'imscc')));
      expect(file.byteLength).toBe(bytes.byteLength);
    }
    expect(readdirSync(folder)).toHaveLength(4);
    expect(h.events['export.progress'].map((p) => [p.exportId, p.done, p.total, p.courseId, p.filename, p.reason])).toEqual(
      result.exported.map((e, i) => [exportId, i + 1, 3, e.courseId, e.filename, null]),
    );
  });

  it('a course that fails (gone, or a folder in the way of its file) is reported and the others are written', async () => {
    const folder = tempFolder();
    h = await harness([folder]);
    const { store } = h.core;
    const a = storeGeneratedCourse(store, 'Alpha');
    const b = storeGeneratedCourse(store, 'Beta');
    await h.call('app.chooseFolder', { purpose: 'export' });
    const result = await h.call('courses.exportMany', { courseIds: [a, MISSING, b], format: 'markdown', folder });
    expect(result.exported.map((e) => e.courseId)).toEqual([a, b]);
    expect(result.failed).toEqual([{ courseId: MISSING, title: MISSING, reason: 'there is no such course (it may have been deleted)' }]);
    expect(readFileSync(join(folder, 'alpha.md'), 'utf8')).toContain('# Alpha');
  });

  it('refuses bad input, and any folder the dialog did not give', async () => {
    const chosen = tempFolder();
    const elsewhere = tempFolder();
    h = await harness([null, chosen]);
    const courseId = storeGeneratedCourse(h.core.store, 'Gamma');
    const refused = async (input: Record<string, unknown>) => {
      const result = await h!.dispatch('courses.exportMany', input as never);
      expect(result.ok).toBe(false);
      return result.ok ? null : result.error;
    };

    // Nothing chosen yet; then a dialog closed without a choice chooses nothing either.
    expect(await refused({ courseIds: [courseId], format: 'imscc', folder: chosen })).toMatchObject({ code: 'invalid_input', issues: [{ path: 'folder' }] });
    expect(await h.call('app.chooseFolder', { purpose: 'export' })).toEqual({ folder: null });
    expect(await refused({ courseIds: [courseId], format: 'imscc', folder: chosen })).toMatchObject({ code: 'invalid_input' });

    expect(await h.call('app.chooseFolder', { purpose: 'export' })).toEqual({ folder: chosen });
    for (const folder of [elsewhere, `${chosen}/..`, '../../etc', '/etc']) {
      expect(await refused({ courseIds: [courseId], format: 'imscc', folder })).toMatchObject({ code: 'invalid_input', issues: [{ path: 'folder' }] });
    }
    expect(await refused({ courseIds: [], format: 'imscc', folder: chosen })).toMatchObject({ code: 'invalid_input', issues: [{ path: 'courseIds' }] });
    expect(await refused({ courseIds: [courseId], format: 'pdf', folder: chosen })).toMatchObject({ code: 'invalid_input', issues: [{ path: 'format' }] });
    expect(await refused({ courseIds: ['not-an-id'], format: 'imscc', folder: chosen })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ courseIds: [courseId], format: 'imscc', folder: '' })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ courseIds: [courseId], format: 'imscc', folder: chosen, extra: 1 })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ courseIds: [courseId], format: 'imscc', folder: chosen, exportId: 'x' })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ purpose: 'x' })).toMatchObject({ code: 'invalid_input' });
    expect(readdirSync(chosen)).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual([]);

    // The chosen folder itself, named another way (a trailing slash), is the same folder.
    const ok = await h.call('courses.exportMany', { courseIds: [courseId], format: 'json', folder: `${chosen}/` });
    expect(ok.exported).toHaveLength(1);
  });

  it('a folder that went away after it was chosen fails every course with that reason', async () => {
    const folder = tempFolder();
    h = await harness([folder]);
    const courseId = storeGeneratedCourse(h.core.store, 'Delta');
    await h.call('app.chooseFolder', { purpose: 'export' });
    rmSync(folder, { recursive: true });
    const result = await h.call('courses.exportMany', { courseIds: [courseId], format: 'imscc', folder });
    expect(result.failed).toEqual([{ courseId, title: 'Delta', reason: expect.stringMatching(/^not exported: the folder .+ does not exist/) }]);
  });

  it('without a folder dialog (the CLI, tests), choosing a folder says it is not available', async () => {
    h = await startHarness({ core: { start: false } });
    const result = await h.dispatch('app.chooseFolder', { purpose: 'autoExport' });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Choosing a folder is not available here.' } });
  });
});

describe('the export path does not hold the main process', () => {
  // The worker starts from the .ts source through tsx here: seconds on a busy two-core machine.
  it('while a package is built in the worker, another command is answered before the export ends', { timeout: 60_000 }, async () => {
    const folder = tempFolder();
    let buildStarted!: () => void;
    const started = new Promise<void>((resolve) => (buildStarted = resolve));
    let built = false;
    const worker = workerPackageBuilder(packageWorkerFromSource);
    const tracked: PackageBuilder = async (course, format) => {
      buildStarted();
      const bytes = await worker(course, format);
      built = true;
      return bytes;
    };
    h = await harness([folder], tracked);
    const courseId = storeGeneratedCourse(h.core.store, 'A long course', { projects: 3, lessons: 4, paragraphs: 6 });
    await h.call('app.chooseFolder', { purpose: 'export' });

    let exportEnded = false;
    const exporting = h.call('courses.exportMany', { courseIds: [courseId], format: 'scorm12', folder }).finally(() => (exportEnded = true));
    await started;
    // The build is under way in the worker: the main thread takes the next command now. (Built
    // in this thread, the build would be one synchronous piece and this answer would wait for it.)
    const list = await h.call('courses.list');
    expect(list.map((c) => c.id)).toContain(courseId);
    expect(built).toBe(false);
    expect(exportEnded).toBe(false);
    const result = await exporting;
    expect(result.exported).toHaveLength(1);
    expect(readFileSync(join(folder, result.exported[0]!.filename))).toEqual(Buffer.from(buildPackage(h.core.store.courses.tree(courseId)!, 'scorm12')));
  });
});
