// The ways a course leaves the app as a file, and the shape that file crosses IPC in.
// Text formats travel as text; LMS packages (zip bytes) travel as base64, so the contract
// stays JSON and the renderer decodes them into a Blob for saving.

export const COURSE_EXPORT_FORMATS = ['imscc', 'scorm12', 'markdown', 'json'] as const;
export type CourseExportFormat = (typeof COURSE_EXPORT_FORMATS)[number];

/** What `courses.export` returns. `byteLength` is the size of the saved file (UTF-8 bytes for text). */
export type ExportedCourseFile =
  | { filename: string; mimeType: string; byteLength: number; encoding: 'utf8'; content: string }
  | { filename: string; mimeType: string; byteLength: number; encoding: 'base64'; content: string };

/** 1234 → "1.2 KB", as the course page shows a file's size. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
