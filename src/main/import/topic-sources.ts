// The `sources` of an imported row: the files (syllabus, notes, slides) its course is to be
// generated from. In a CSV cell they are separated by `;` (a path cannot contain one there;
// rename such a file); in JSON they are an array of paths (taken whole, so there a path may
// hold a `;`) or the same `;` text. Each entry
// is trimmed and empty entries are ignored, so "a.pdf; b.md;" names two files. Pure: the
// paths are resolved against the import file's folder, and checked, by resolve-sources.ts.

/** The most files one row may name: what one `materials.attach` takes. */
export const MAX_ROW_SOURCES = 50;
const MAX_PATH_CHARS = 4_096;

export type SourcesCheck = { ok: true; sources: string[] } | { ok: false; message: string };

/** A `sources` cell or JSON value → its paths as written, or why the row cannot be read. */
export function readSourcesValue(value: unknown): SourcesCheck {
  if (value === undefined || value === null) return { ok: true, sources: [] };
  let entries: string[];
  if (typeof value === 'string') entries = value.split(';');
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) entries = [...(value as string[])];
  else return { ok: false, message: 'sources must be file paths separated by ";", or (in JSON) an array of file paths' };
  const sources = [...new Set(entries.map((entry) => entry.trim()).filter((entry) => entry !== ''))];
  if (sources.length > MAX_ROW_SOURCES) return { ok: false, message: `sources names ${sources.length} files; a topic may have at most ${MAX_ROW_SOURCES}` };
  const long = sources.find((s) => s.length > MAX_PATH_CHARS);
  if (long !== undefined) return { ok: false, message: `sources: a path is longer than ${MAX_PATH_CHARS} characters (starts "${long.slice(0, 30)}…")` };
  return { ok: true, sources };
}
