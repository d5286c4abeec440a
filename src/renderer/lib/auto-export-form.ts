// The auto-export choice as a form holds it (wizard, batch review, Settings): on or off, the
// folder picked in the OS dialog (main keeps the path; the page only shows it) and the
// formats. Off, or on without a folder or a format, it is not something to send.
import { COURSE_EXPORT_FORMATS, type AutoExport, type CourseExportFormat } from '../../shared/course-export';

export interface AutoExportDraft {
  enabled: boolean;
  folder: string | null;
  formats: CourseExportFormat[];
}

/** Formats ticked when a person turns auto-export on without a default: the LMS package most LMSs import. */
export const DEFAULT_EXPORT_FORMATS: CourseExportFormat[] = ['imscc'];

export function draftFrom(value: AutoExport | null): AutoExportDraft {
  return value ? { enabled: true, folder: value.folder, formats: [...value.formats] } : { enabled: false, folder: null, formats: [...DEFAULT_EXPORT_FORMATS] };
}

/** Ticks or unticks a format, keeping the contract's order. */
export function toggleFormat(draft: AutoExportDraft, format: CourseExportFormat): AutoExportDraft {
  const on = draft.formats.includes(format);
  return { ...draft, formats: COURSE_EXPORT_FORMATS.filter((f) => (f === format ? !on : draft.formats.includes(f))) };
}

/** What to send (null: no auto-export), or why the draft cannot be sent yet. */
export function checkAutoExport(draft: AutoExportDraft): { value: AutoExport | null; error: string | null } {
  if (!draft.enabled) return { value: null, error: null };
  if (draft.folder === null) return { value: null, error: 'Choose the folder to export into.' };
  if (draft.formats.length === 0) return { value: null, error: 'Pick at least one format.' };
  return { value: { folder: draft.folder, formats: draft.formats }, error: null };
}

export function sameAutoExport(a: AutoExport | null, b: AutoExport | null): boolean {
  if (a === null || b === null) return a === b;
  return a.folder === b.folder && a.formats.length === b.formats.length && a.formats.every((f, i) => b.formats[i] === f);
}
