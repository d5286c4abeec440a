// Names for export files written into one folder: the CLI's `export --all`, the Courses
// list's "Export selected…" and a job's auto-export all go through here, so two courses with
// the same title never share one file and a file already in the folder is not written over
// unless the caller says it may be.

/** The extension a name keeps when a suffix goes in: SCORM's `-scorm12.zip` counts as one. */
const EXTENSION = /(-scorm12\.zip|\.[a-z]+)$/i;

/** `rust.imscc` + `3f2a1b0c` → `rust-3f2a1b0c.imscc`; `rust-scorm12.zip` → `rust-3f2a1b0c-scorm12.zip`. */
export function withSuffix(filename: string, suffix: string): string {
  const match = EXTENSION.exec(filename);
  if (!match) return `${filename}-${suffix}`;
  return `${filename.slice(0, match.index)}-${suffix}${match[0]}`;
}

/** The first 8 characters of an id: what `status` prints, and what tells two same-titled courses apart. */
export const shortId = (id: string): string => id.slice(0, 8);

export interface FolderNamesOptions {
  /**
   * Whether a name is taken in the folder already (a file from before this run). Absent: only
   * the names this run used count (the CLI's `--all` writes over what it wrote last time).
   */
  taken?: (filename: string) => boolean;
}

/**
 * The names one export run has used. A course gets its own file name; if an earlier course
 * of the run (or a file already in the folder) has it, the course's short id goes in
 * (`rust-3f2a1b0c.imscc`), then a counter (`rust-3f2a1b0c-2.imscc`). Case-insensitive: the
 * folder may be on a file system that is (macOS, Windows).
 */
export class FolderNames {
  private readonly used = new Set<string>();

  constructor(private readonly options: FolderNamesOptions = {}) {}

  claim(filename: string, id: string): string {
    const free = (name: string) => !this.used.has(name.toLowerCase()) && !(this.options.taken?.(name) ?? false);
    let name = filename;
    if (!free(name)) {
      const withId = withSuffix(filename, shortId(id));
      name = withId;
      for (let n = 2; !free(name); n++) name = withSuffix(withId, String(n));
    }
    this.used.add(name.toLowerCase());
    return name;
  }

  /** A name written by someone else between the check and the write: never used again in this run. */
  refuse(filename: string): void {
    this.used.add(filename.toLowerCase());
  }
}
