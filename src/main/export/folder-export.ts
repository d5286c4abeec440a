// Many courses into one folder, one file each, in one format: the Courses list's "Export
// selected…" (courses.exportMany) and the CLI's `export --all`. Each course is built (LMS
// packages by the builder given: a worker in the app) and written before the next starts,
// and reported as it goes; a course that fails is reported and the others go on. A problem of
// the folder itself (gone, not writable, the disk full) would fail every course after it the
// same way, so those are reported as not exported, with that reason, without trying.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CourseExportFormat, FolderExportResult } from '../../shared/course-export';
import type { CourseTree } from '../../shared/domain';
import { byteLength, exportCourseFile, type PackageBuilder } from './course-file';
import { FolderNames } from './file-names';
import { folderProblem, replaceFile, writeNewFile } from './folder-files';
import { describeWriteError, isFolderError } from './write-errors';

export interface FolderExportCourse {
  id: string;
  title: string;
}

export type CourseOutcome =
  | { courseId: string; title: string; filename: string; byteLength: number; reason?: undefined }
  | { courseId: string; title: string; filename?: undefined; reason: string };

export interface FolderExportOptions {
  folder: string;
  format: CourseExportFormat;
  build: PackageBuilder;
  /** The course's tree now; null once deleted. */
  load: (courseId: string) => CourseTree | null;
  /**
   * A file already in the folder: 'keep' it (this course's file gets a suffixed name: the
   * app's rule, nothing is written over silently) or 'replace' it (the CLI's `--all`, which
   * scripts run again into the same folder to refresh it).
   */
  existing: 'keep' | 'replace';
  /** After each course, in order. */
  onCourse?: (outcome: CourseOutcome, done: number, total: number) => void;
}

/** How often a name another process took between the check and the write is tried anew. */
const MAX_NAME_RACES = 20;

export async function exportToFolder(courses: readonly FolderExportCourse[], options: FolderExportOptions): Promise<FolderExportResult> {
  const { folder, format } = options;
  const result: FolderExportResult = { folder, format, exported: [], failed: [] };
  const names = new FolderNames(options.existing === 'keep' ? { taken: (name) => existsSync(join(folder, name)) } : {});
  let stopped = await folderProblem(folder);
  for (const [i, course] of courses.entries()) {
    let outcome: CourseOutcome;
    if (stopped !== null) {
      outcome = { courseId: course.id, title: course.title, reason: `not exported: ${stopped}` };
    } else {
      try {
        const tree = options.load(course.id);
        if (!tree) throw new Error('there is no such course (it may have been deleted)');
        const file = await exportCourseFile(tree, format, options.build);
        const filename = await write(folder, names, file.filename, course.id, file.data, options.existing);
        outcome = { courseId: course.id, title: course.title, filename, byteLength: byteLength(file.data) };
      } catch (error) {
        const reason = describeWriteError(error, folder);
        if (isFolderError(error)) stopped = reason;
        outcome = { courseId: course.id, title: course.title, reason };
      }
    }
    if (outcome.reason === undefined) result.exported.push({ courseId: outcome.courseId, title: outcome.title, filename: outcome.filename, byteLength: outcome.byteLength });
    else result.failed.push({ courseId: outcome.courseId, title: outcome.title, reason: outcome.reason });
    options.onCourse?.(outcome, i + 1, courses.length);
  }
  return result;
}

async function write(folder: string, names: FolderNames, filename: string, courseId: string, data: string | Uint8Array, existing: 'keep' | 'replace'): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const name = names.claim(filename, courseId);
    if (existing === 'replace') {
      await replaceFile(join(folder, name), data);
      return name;
    }
    try {
      await writeNewFile(join(folder, name), data);
      return name;
    } catch (error) {
      // Another program created the name after it was found free: take the next one.
      if ((error as { code?: string }).code !== 'EEXIST' || attempt >= MAX_NAME_RACES) throw error;
      names.refuse(name);
    }
  }
}
