// A job's auto-export in words: what was asked for before it completes, "writing…" while the
// files are written, then the files or why some are missing. The reasons are main's (the
// folder is gone, not writable, the disk is full).
import { FORMAT_LABELS, formatByteSize } from '../../shared/course-export';
import type { JobSummary } from '../../shared/domain';

export interface AutoExportView {
  /** The line shown in the job's facts. */
  text: string;
  /** How it went: nothing yet, writing, every file, some, none. */
  tone: 'planned' | 'pending' | 'done' | 'partial' | 'failed';
  /** Each failure, "SCORM 1.2: the disk is full (…)". */
  failures: string[];
}

const formatList = (formats: readonly (keyof typeof FORMAT_LABELS)[]) => formats.map((f) => FORMAT_LABELS[f]).join(', ');

export function describeAutoExport(job: Pick<JobSummary, 'autoExport' | 'autoExportResult' | 'status'>): AutoExportView | null {
  const asked = job.autoExport;
  if (!asked) return null;
  const result = job.autoExportResult;
  if (!result) {
    const when = job.status === 'completed' ? 'not written' : 'when the job completes';
    return { text: `${formatList(asked.formats)} into ${asked.folder}, ${when}`, tone: 'planned', failures: [] };
  }
  if (result.state === 'pending') return { text: `Writing ${formatList(asked.formats)} into ${result.folder}…`, tone: 'pending', failures: [] };
  const files = result.files.map((f) => `${f.filename} (${formatByteSize(f.byteLength)})`).join(', ');
  const failures = result.failures.map((f) => `${FORMAT_LABELS[f.format]}: ${f.reason}`);
  if (result.state === 'done') return { text: `Exported into ${result.folder}: ${files}`, tone: 'done', failures };
  if (result.state === 'partial') return { text: `Exported into ${result.folder}: ${files}; ${failures.length} not exported`, tone: 'partial', failures };
  return { text: `Not exported into ${result.folder}`, tone: 'failed', failures };
}

/** The row's second line for a completed job whose export went wrong; null otherwise. */
export function exportProblemLine(job: Pick<JobSummary, 'autoExport' | 'autoExportResult' | 'status'>): string | null {
  const result = job.autoExportResult;
  if (!result || (result.state !== 'failed' && result.state !== 'partial')) return null;
  const reasons = [...new Set(result.failures.map((f) => f.reason))].join('; ');
  return `${result.state === 'failed' ? 'Export failed' : 'Export incomplete'}: ${reasons}`;
}
