// The last thing a completed job does, when it was queued with an auto-export: write its
// course into the folder (export/auto-export.ts), after the transaction that completed (and
// published) it, so the files hold the course as it now stands. The job stays completed
// whatever happens here: each failure is logged with its reason, stored on the job and shown
// there. The transaction that completes the job marks the export pending; a process stopped
// before the files were written leaves it so, and the next runner to start writes them
// (Runner.start → resumePendingExports).
import type { AutoExportResult } from '../../shared/course-export';
import { FORMAT_LABELS, formatByteSize } from '../../shared/course-export';
import type { LogLevel } from '../../shared/domain';
import type { RunnerEventBody } from '../../shared/events';
import { readPreferences } from '../core/app-settings';
import { parseJson } from '../db/json';
import { autoExportOf } from '../db/repositories/jobs';
import type { Store } from '../db/store';
import { writeAutoExport } from '../export/auto-export';
import type { PackageBuilder } from '../export/course-file';

export interface JobExportDeps {
  store: Store;
  buildPackage: PackageBuilder;
  emit: (event: RunnerEventBody) => void;
  log: (jobId: string, level: LogLevel, message: string, details: Record<string, unknown> | null) => void;
}

/** Writes a completed job's files if it asked for them and they are pending; never throws. */
export async function exportCompletedJob(deps: JobExportDeps, jobId: string): Promise<AutoExportResult | null> {
  const { store } = deps;
  try {
    const row = store.jobs.get(jobId);
    const autoExport = row ? autoExportOf(row) : null;
    if (!row || !autoExport || row.export_state !== 'pending') return null;
    const tree = store.courses.tree(row.course_id);
    const formats = autoExport.formats.map((f) => FORMAT_LABELS[f]).join(', ');
    const result: AutoExportResult = tree
      ? await writeAutoExport({
          jobId,
          tree,
          autoExport,
          build: (course, format) => deps.buildPackage(course, format, { masteryScore: readPreferences(store).quiz.masteryScore }),
          // The last finished result (a pending row keeps it): the names this job wrote before.
          previous: parseJson<AutoExportResult>(row.export_result_json, 'jobs.export_result_json'),
          now: () => new Date(store.clockMs()),
        })
      : {
          state: 'failed',
          folder: autoExport.folder,
          at: new Date(store.clockMs()).toISOString(),
          files: [],
          failures: autoExport.formats.map((format) => ({ format, reason: 'the course was deleted before its files were written' })),
        };
    try {
      store.write(() => store.jobs.setExportResult(jobId, result));
    } catch (error) {
      // Still pending in the database (locked, full): the next runner to start writes the files again.
      console.error('could not record the auto-export of job', jobId, error);
    }
    const written = result.files.map((f) => `${f.filename} (${formatByteSize(f.byteLength)})`).join(', ');
    const failed = failureText(result);
    const details = { folder: result.folder, files: result.files, failures: result.failures };
    if (result.state === 'done') deps.log(jobId, 'success', `Exported to ${result.folder}: ${written}`, details);
    else if (result.state === 'partial') deps.log(jobId, 'warning', `Exported to ${result.folder}: ${written}; not exported: ${failed}. The course itself is complete.`, details);
    else deps.log(jobId, 'error', `Auto-export (${formats}) failed: ${failed}. The course itself is complete; export it from its page.`, details);
    if (result.state !== 'pending') deps.emit({ type: 'job.exported', jobId, state: result.state });
    return result;
  } catch (error) {
    console.error('the auto-export of job', jobId, 'failed unexpectedly:', error);
    return null;
  }
}

/** One reason when every format failed the same way (the folder is gone), else each format's. */
function failureText(result: AutoExportResult): string {
  const reasons = new Set(result.failures.map((f) => f.reason));
  if (reasons.size === 1 && result.files.length === 0) return [...reasons][0]!;
  return result.failures.map((f) => `${FORMAT_LABELS[f.format]} (${f.reason})`).join('; ');
}
