// A job's auto-export: once its course is generated (and published), the course is written
// into the folder the job was queued with, once per format.
//
// File names are the export's own (`rust-basics.imscc`, `rust-basics-scorm12.zip`), so they
// are the same every time for the same course. A file of that name already in the folder is
// replaced only if this job wrote it: it is listed in the job's last export result, its bytes
// are exactly what this export would write (a run the app stopped before it could record its
// files; exports are deterministic), or its name carries this job's short id. Anyone else's
// file is kept, and this job's goes under `<name>-<job's short id>` instead (then `-2`…).
// Replacing goes through a temporary file, so a failed write (a full disk) never leaves a
// half-written file behind.
//
// A failure never fails the job: the caller logs each reason and shows it on the job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AutoExport, AutoExportResult, CourseExportFormat, WrittenFile } from '../../shared/course-export';
import type { CourseTree } from '../../shared/domain';
import { byteLength, exportCourseFile, type PackageBuilder } from './course-file';
import { FolderNames, shortId, withSuffix } from './file-names';
import { folderProblem, replaceFile, writeNewFile } from './folder-files';
import { describeWriteError, isFolderError } from './write-errors';

export interface AutoExportInput {
  jobId: string;
  tree: CourseTree;
  autoExport: AutoExport;
  build: PackageBuilder;
  /** The job's last export result: names it wrote that it may write again. */
  previous: AutoExportResult | null;
  /** The time stamped on the result (the store's clock). */
  now: () => Date;
}

const bytesOf = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

/** Whether the file at `path` holds exactly `data` (an unreadable file does not). */
function sameBytes(path: string, data: string | Uint8Array): boolean {
  try {
    return Buffer.from(bytesOf(data)).equals(readFileSync(path));
  } catch {
    return false;
  }
}

export async function writeAutoExport(input: AutoExportInput): Promise<AutoExportResult> {
  const { folder } = input.autoExport;
  const files: WrittenFile[] = [];
  const failures: { format: CourseExportFormat; reason: string }[] = [];
  const ours = new Set((input.previous?.folder === folder ? input.previous.files : []).map((f) => f.filename.toLowerCase()));
  let stopped = await folderProblem(folder);
  for (const format of input.autoExport.formats) {
    if (stopped !== null) {
      failures.push({ format, reason: stopped });
      continue;
    }
    try {
      const file = await exportCourseFile(input.tree, format, input.build);
      const signed = withSuffix(file.filename, shortId(input.jobId)).toLowerCase();
      const mayReplace = (name: string) => ours.has(name.toLowerCase()) || name.toLowerCase() === signed || sameBytes(join(folder, name), file.data);
      // Someone else's file under this name: the job's short id goes in (FolderNames' rule).
      const name = new FolderNames({ taken: (candidate) => existsSync(join(folder, candidate)) && !mayReplace(candidate) }).claim(file.filename, input.jobId);
      const path = join(folder, name);
      if (existsSync(path)) await replaceFile(path, file.data);
      else await writeNewFile(path, file.data);
      files.push({ format, filename: name, byteLength: byteLength(file.data) });
    } catch (error) {
      const reason = describeWriteError(error, folder);
      if (isFolderError(error)) stopped = reason;
      failures.push({ format, reason });
    }
  }
  const state = failures.length === 0 ? 'done' : files.length === 0 ? 'failed' : 'partial';
  return { state, folder, at: input.now().toISOString(), files, failures };
}
