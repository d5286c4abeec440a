// Errors the store raises for a database it will not touch. Each keeps the file path so
// the app can tell a person which file it kept, and never rewrites that file.

export class DatabaseTooNewError extends Error {
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `The database ${path} was written by a newer Course Studio (schema version ${fileVersion}; this version understands up to ${codeVersion}). ` +
        'It has been left untouched. Update Course Studio, or start a new database.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class DatabaseCorruptError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `The database ${path} is damaged or is not a Course Studio database (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'It has been left untouched. Restore it from a backup, or start a new database.',
      { cause },
    );
    this.name = 'DatabaseCorruptError';
  }
}

/** A runner tried to write for a job whose lease it no longer holds (another runner took over). */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`Lost the lease on job ${jobId}; another runner owns it now.`);
    this.name = 'LeaseLostError';
  }
}

/** The disk (or the quota) is full: SQLite said SQLITE_FULL. Nothing stored is lost. */
export function isDiskFullError(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_FULL';
}
