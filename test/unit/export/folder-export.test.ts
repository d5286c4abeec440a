// exportToFolder (the Courses list's "Export selected…" and the CLI's --all): one file per
// course under its own name; a course that fails is reported and the others go on; files
// already in the folder are kept ('keep', the app) or replaced ('replace', the CLI); a
// problem of the folder itself stops at once with that reason; nothing half-written is left.
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackage, packageInProcess, packageFilename } from '../../../src/main/export/course-file';
import { exportToFolder, type CourseOutcome } from '../../../src/main/export/folder-export';
import { describeWriteError, isFolderError } from '../../../src/main/export/write-errors';
import type { CourseTree } from '../../../src/shared/domain';
import { course, plainCourse } from '../../support/lms/courses';
import { useTempFolders } from '../../support/temp-folders';

const tempFolder = useTempFolders('cs-folder-export-');

const twin: CourseTree = { ...plainCourse, id: '9c8b7a60-aaaa-4bbb-8ccc-dddddddddddd' };
const other = course('c-other', 'Go in practice', plainCourse.projects);
const trees = new Map<string, CourseTree>([plainCourse, twin, other].map((t) => [t.id, t]));
const load = (id: string) => trees.get(id) ?? null;
const list = (...ids: string[]) => ids.map((id) => ({ id, title: trees.get(id)?.outline?.title ?? id }));

describe('exportToFolder', () => {
  it('writes each course under its own name; the same title twice gets the short id; progress after each', async () => {
    const folder = tempFolder();
    const progress: [CourseOutcome, number, number][] = [];
    const result = await exportToFolder(list(plainCourse.id, twin.id, other.id), {
      folder,
      format: 'imscc',
      build: packageInProcess,
      load,
      existing: 'keep',
      onCourse: (outcome, done, total) => progress.push([outcome, done, total]),
    });
    const name = packageFilename(plainCourse, 'imscc');
    expect(result.failed).toEqual([]);
    expect(result.exported.map((e) => e.filename)).toEqual([name, name.replace('.imscc', '-9c8b7a60.imscc'), packageFilename(other, 'imscc')]);
    expect(readFileSync(join(folder, name))).toEqual(Buffer.from(buildPackage(plainCourse, 'imscc')));
    expect(result.exported[0]!.byteLength).toBe(readFileSync(join(folder, name)).byteLength);
    expect(progress.map(([o, done, total]) => [o.courseId, done, total])).toEqual([
      [plainCourse.id, 1, 3],
      [twin.id, 2, 3],
      [other.id, 3, 3],
    ]);
  });

  it("keeps a file already in the folder and writes the course's under another name ('keep')", async () => {
    const folder = tempFolder();
    const name = packageFilename(plainCourse, 'imscc');
    writeFileSync(join(folder, name), 'someone else’s file');
    const result = await exportToFolder(list(plainCourse.id), { folder, format: 'imscc', build: packageInProcess, load, existing: 'keep' });
    expect(readFileSync(join(folder, name), 'utf8')).toBe('someone else’s file');
    expect(result.exported[0]!.filename).toBe(name.replace('.imscc', `-${plainCourse.id.slice(0, 8)}.imscc`));
    expect(readdirSync(folder).sort()).toEqual([name, result.exported[0]!.filename].sort());
  });

  it("replaces it when told to ('replace', the CLI's --all)", async () => {
    const folder = tempFolder();
    const name = packageFilename(plainCourse, 'imscc');
    writeFileSync(join(folder, name), 'last run');
    const result = await exportToFolder(list(plainCourse.id), { folder, format: 'imscc', build: packageInProcess, load, existing: 'replace' });
    expect(result.exported[0]!.filename).toBe(name);
    expect(readFileSync(join(folder, name))).toEqual(Buffer.from(buildPackage(plainCourse, 'imscc')));
  });

  it('a course that fails is reported with its reason and the others are still written', async () => {
    const folder = tempFolder();
    const broken = { id: 'c-broken', title: 'Broken' };
    trees.set('c-broken', {} as CourseTree);
    try {
      const result = await exportToFolder([...list(plainCourse.id), broken, { id: 'c-gone', title: 'Gone' }, ...list(other.id)], {
        folder,
        format: 'scorm12',
        build: packageInProcess,
        load,
        existing: 'keep',
      });
      expect(result.exported.map((e) => e.courseId)).toEqual([plainCourse.id, other.id]);
      expect(result.failed).toEqual([
        { courseId: 'c-broken', title: 'Broken', reason: expect.any(String) },
        { courseId: 'c-gone', title: 'Gone', reason: 'there is no such course (it may have been deleted)' },
      ]);
      expect(readdirSync(folder)).toHaveLength(2);
    } finally {
      trees.delete('c-broken');
    }
  });

  it('a folder that is missing fails every course at once with that reason', async () => {
    const folder = join(tempFolder(), 'not-there');
    const result = await exportToFolder(list(plainCourse.id, other.id), { folder, format: 'markdown', build: packageInProcess, load, existing: 'keep' });
    expect(result.exported).toEqual([]);
    expect(result.failed.map((f) => f.reason)).toEqual([
      `not exported: the folder ${folder} does not exist (was it moved, or is its drive not connected?)`,
      `not exported: the folder ${folder} does not exist (was it moved, or is its drive not connected?)`,
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('a folder that is not writable: the first course says so, the rest are not tried, nothing is left behind', async () => {
    const folder = tempFolder();
    chmodSync(folder, 0o555);
    const result = await exportToFolder(list(plainCourse.id, other.id), { folder, format: 'json', build: packageInProcess, load, existing: 'keep' });
    expect(result.failed.map((f) => f.reason)).toEqual([
      `the folder ${folder} is not writable (no permission to create files in it)`,
      `not exported: the folder ${folder} is not writable (no permission to create files in it)`,
    ]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a full disk (as the write reports it) stops there: the rest are reported with the same reason, not tried', async () => {
    const folder = tempFolder();
    let built = 0;
    const full = async () => {
      built++;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const result = await exportToFolder(list(plainCourse.id, other.id), { folder, format: 'imscc', build: full, load, existing: 'keep' });
    expect(built).toBe(1);
    expect(result.failed.map((f) => f.reason)).toEqual([
      `the disk is full (no space left for the file in ${folder})`,
      `not exported: the disk is full (no space left for the file in ${folder})`,
    ]);
  });

  it('a folder in the way of one course fails that course only', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, packageFilename(other, 'imscc')));
    const result = await exportToFolder(list(other.id, plainCourse.id), { folder, format: 'imscc', build: packageInProcess, load, existing: 'replace' });
    expect(result.failed).toEqual([{ courseId: other.id, title: 'Go in practice', reason: `a folder in ${folder} has the file's name` }]);
    expect(result.exported.map((e) => e.courseId)).toEqual([plainCourse.id]);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('describeWriteError', () => {
  it('says what a person can act on, for each way a folder refuses a file', () => {
    const error = (code: string) => Object.assign(new Error(`${code}: something, open '/x/.y.tmp'`), { code });
    expect(describeWriteError(error('ENOENT'), '/x')).toBe('the folder /x does not exist (was it moved, or is its drive not connected?)');
    expect(describeWriteError(error('EACCES'), '/x')).toBe('the folder /x is not writable (no permission to create files in it)');
    expect(describeWriteError(error('EPERM'), '/x')).toBe('the folder /x is not writable (no permission to create files in it)');
    expect(describeWriteError(error('EROFS'), '/x')).toBe('the folder /x is on a read-only drive');
    expect(describeWriteError(error('ENOSPC'), '/x')).toBe('the disk is full (no space left for the file in /x)');
    expect(describeWriteError(error('EDQUOT'), '/x')).toBe('the disk quota is used up (no space left for the file in /x)');
    expect(describeWriteError(new Error('the package could not be built'), '/x')).toBe('the package could not be built');
    for (const code of ['ENOENT', 'EACCES', 'EROFS', 'ENOSPC']) expect(isFolderError(error(code))).toBe(true);
    expect(isFolderError(error('EISDIR'))).toBe(false);
    expect(isFolderError(new Error('plain'))).toBe(false);
  });
});
