// The ways a course leaves the app as a file, and the shape that file crosses IPC in.
// Text formats travel as text; LMS packages (zip bytes) travel as base64, so the contract
// stays JSON and the renderer decodes them into a Blob for saving.

export const COURSE_EXPORT_FORMATS = ['imscc', 'scorm12', 'markdown', 'json'] as const;
export type CourseExportFormat = (typeof COURSE_EXPORT_FORMATS)[number];

/** What `courses.export` returns. `byteLength` is the size of the saved file (UTF-8 bytes for text). */
export type ExportedCourseFile =
  | { filename: string; mimeType: string; byteLength: number; encoding: 'utf8'; content: string }
  | { filename: string; mimeType: string; byteLength: number; encoding: 'base64'; content: string };

/** How the formats are named where a person picks them (the Export menu, auto-export, results). */
export const FORMAT_LABELS: Record<CourseExportFormat, string> = {
  imscc: 'IMS Common Cartridge',
  scorm12: 'SCORM 1.2',
  markdown: 'Markdown',
  json: 'JSON',
};

/** A job's auto-export: when it completes, its course is written into `folder` in each format. */
export interface AutoExport {
  folder: string;
  formats: CourseExportFormat[];
}

/** One file an export wrote into a folder. */
export interface WrittenFile {
  format: CourseExportFormat;
  filename: string;
  byteLength: number;
}

/**
 * What a job's auto-export did. `pending` from the moment the job completed until its files
 * are written; then `done` (every format), `partial` or `failed`, with each failure's reason.
 */
export interface AutoExportResult {
  state: 'pending' | 'done' | 'partial' | 'failed';
  folder: string;
  /** When the files were written (ISO); null while pending. */
  at: string | null;
  files: WrittenFile[];
  failures: { format: CourseExportFormat; reason: string }[];
}

/** What `courses.exportMany` returns: each course's file, or why it has none. */
export interface FolderExportResult {
  folder: string;
  format: CourseExportFormat;
  exported: { courseId: string; title: string; filename: string; byteLength: number }[];
  failed: { courseId: string; title: string; reason: string }[];
}

/** Pushed (`export.progress`) after each course of a `courses.exportMany`. */
export interface FolderExportProgress {
  /** The id the renderer gave the export, so it knows the progress is its own. */
  exportId: string;
  done: number;
  total: number;
  courseId: string;
  title: string;
  /** The file written, or null when this course failed (`reason` says why). */
  filename: string | null;
  reason: string | null;
}

/** 1234 → "1.2 KB", as the course page shows a file's size. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
