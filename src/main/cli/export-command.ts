// `course-studio export`: one course to a file, or every generated course (optionally only
// approved or published ones) into a folder, in any format the app exports. The files are
// the app's own (export/course-file.ts): same bytes, same names. Packages are built in this
// thread: nothing else runs in the CLI meanwhile. A course that fails is reported and the
// others go on (export/folder-export.ts, shared with the app's "Export selected…"); the exit
// code says whether any failed.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatByteSize } from '../../shared/course-export';
import type { Course, CourseStatus } from '../../shared/domain';
import { courseTitle } from '../export/course-export';
import { readPreferences } from '../core/app-settings';
import { byteLength, exportCourseFile, packageInProcess } from '../export/course-file';
import { exportToFolder } from '../export/folder-export';
import { packagedMaterials } from '../export/packaged-materials';
import type { ExportArgs } from './args';
import { CliError } from './errors';
import type { CliIo } from './io';
import { materialFilesFor } from './materials';
import { openStore } from './open-store';
import { findCourse } from './show-command';
import { oneLine, padStart, plural, shortId } from './text';

/** Courses with generated content: what --all exports unless --status narrows it. */
const GENERATED: readonly CourseStatus[] = ['generated', 'approved', 'published'];

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function exportCommand(args: ExportArgs, io: CliIo): Promise<number> {
  const out = resolve(io.cwd, args.out);
  const store = openStore(args.db, io.cwd, { create: false });
  try {
    // The packages the app would export: the SCORM mastery score from this database's Settings.
    const packageOptions = { masteryScore: readPreferences(store).quiz.masteryScore };
    // The source files only with --include-materials, from the materials folder beside the database.
    const materialsFor = async (courseId: string) =>
      args.includeMaterials ? { materials: await packagedMaterials(store, materialFilesFor(args.db, io.cwd), courseId) } : {};
    if (args.course !== null) {
      const tree = findCourse(store, args.course);
      // An existing folder: the file goes in it under its own name.
      const intoFolder = existsSync(out) && statSync(out).isDirectory();
      if (!intoFolder && !existsSync(dirname(out))) throw new CliError(`Cannot write ${args.out}: the folder ${dirname(out)} does not exist.`);
      const file = await exportCourseFile(tree, args.format, packageInProcess, { ...packageOptions, ...(await materialsFor(tree.id)) });
      const target = intoFolder ? join(out, file.filename) : out;
      try {
        writeFileSync(target, file.data);
      } catch (error) {
        throw new CliError(`Cannot write ${target}: ${errorMessage(error)}`);
      }
      io.stdout.write(`ok  ${oneLine(courseTitle(tree), 80)} → ${target} (${formatByteSize(byteLength(file.data))})\n`);
      return 0;
    }

    if (existsSync(out) && !statSync(out).isDirectory()) throw new CliError(`${args.out} is a file; with --all, --out is the folder to write the courses into.`);
    const wanted: readonly CourseStatus[] = args.status ? [args.status] : GENERATED;
    const courses = store.courses.list().filter((c: Course) => wanted.includes(c.status));
    if (courses.length === 0) {
      io.stdout.write(`No ${args.status ?? 'generated'} courses to export.\n`);
      return 0;
    }
    try {
      mkdirSync(out, { recursive: true });
    } catch (error) {
      throw new CliError(`Cannot create the folder ${args.out}: ${errorMessage(error)}`);
    }
    const width = String(courses.length).length;
    // Two courses with the same title: the second gets its short id in its name
    // (export/file-names.ts). Files from an earlier run into this folder are replaced:
    // scripts export into the same folder again to refresh it.
    const result = await exportToFolder(
      courses.map((c) => ({ id: c.id, title: courseTitle(c) })),
      {
        folder: out,
        format: args.format,
        build: async (course, format) => packageInProcess(course, format, { ...packageOptions, ...(await materialsFor(course.id)) }),
        load: (id) => store.courses.tree(id),
        existing: 'replace',
        onCourse: (outcome, done, total) => {
          const counter = `[${padStart(String(done), width)}/${total}]`;
          const title = oneLine(outcome.title, 60);
          io.stdout.write(
            outcome.reason === undefined
              ? `${counter} ok      ${title} → ${outcome.filename} (${formatByteSize(outcome.byteLength)})\n`
              : `${counter} failed  ${title} (${shortId(outcome.courseId)}): ${oneLine(outcome.reason, 200)}\n`,
          );
        },
      },
    );
    const failed = result.failed.length;
    const done = courses.length - failed;
    io.stdout.write(`${done} of ${plural(courses.length, 'course')} exported to ${out}${failed > 0 ? `; ${failed} failed` : ''}.\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}
