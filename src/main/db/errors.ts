// Errors the store raises for a database it will not (or cannot) use. Each keeps the file
// path so the app can tell a person which file it means, and none of them rewrites that file.
// Only a file whose content is the problem (damaged, newer, someone else's) may be set aside
// for a new database: a file that is merely locked or read-only is fine and must be kept.
import { dirname } from 'node:path';

const reasonOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

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
    message = `The database ${path} is damaged or is not a Course Studio database (${reasonOf(cause)}). ` +
      'It has been left untouched. Restore it from a backup, or start a new database.',
  ) {
    super(message, { cause });
    this.name = 'DatabaseCorruptError';
  }
}

/**
 * Damage found while the app was already using the file: Course Studio stops writing to it.
 * `recheckedAtOpen`: met in an earlier session, and the check at open finds it still there
 * (`reason` is then what was met, the check's own findings being page numbers).
 */
export class DatabaseDamagedError extends DatabaseCorruptError {
  constructor(path: string, cause: unknown, { recheckedAtOpen = false, reason = reasonOf(cause) } = {}) {
    super(
      path,
      cause,
      recheckedAtOpen
        ? `The database ${path} is damaged (${reason}): Course Studio met the damage while the file was in use, and a check of the whole file ` +
            'finds it still there. It has been left untouched. Restore it from a backup, or start a new database (the damaged file is kept under a new name).'
        : `The database ${path} is damaged (${reason}). Course Studio has stopped writing to it, so nothing more ` +
            'is changed in it. Restore it from a backup, or reload the window to start a new database (the damaged file is kept under a new name).',
    );
    this.name = 'DatabaseDamagedError';
  }
}

/** An SQLite file with tables of its own and no Course Studio schema: never migrated into one. */
export class DatabaseForeignError extends Error {
  constructor(
    readonly path: string,
    readonly tables: readonly string[],
  ) {
    super(
      `${path} is an SQLite database, but not a Course Studio one (it holds ${describeTables(tables)}). ` +
        'It has been left untouched. Use a Course Studio database, or start a new one.',
    );
    this.name = 'DatabaseForeignError';
  }
}

/** Another process (the app or the CLI) kept the file locked longer than the busy timeout. */
export class DatabaseBusyError extends Error {
  constructor(
    readonly path: string,
    waitedMs: number,
    cause: unknown,
  ) {
    super(
      `The database ${path} is in use by another Course Studio process (the app or the command line), which kept it locked ` +
        `for more than ${seconds(waitedMs)}. Nothing was changed. Wait for that process to finish, or close it, and try again.`,
      { cause },
    );
    this.name = 'DatabaseBusyError';
  }
}

/**
 * A permissions problem, not damage: the file can be read but not written, a new one cannot
 * be created in a read-only folder, or the file cannot be opened at all.
 */
export class DatabaseAccessError extends Error {
  constructor(
    readonly path: string,
    readonly access: 'read-only' | 'folder-read-only' | 'unopenable',
    cause: unknown,
  ) {
    const folder = dirname(path);
    const messages = {
      'read-only':
        `The database ${path} can be read but not written: the file or its folder ${folder} is read-only. ` +
        'Nothing was changed. Make both writable for your user account, then try again.',
      'folder-read-only': `The database ${path} cannot be created: the folder ${folder} is read-only. Make it writable for your user account, then try again.`,
      unopenable:
        `The database ${path} could not be opened (${reasonOf(cause)}). ` +
        `Check that the folder ${folder} exists and that your user account may read and write it, then try again.`,
    };
    super(messages[access], { cause });
    this.name = 'DatabaseAccessError';
  }
}

/** Whether starting over on a new database is the way out: only when the file's content is the problem. */
export function canReplaceDatabase(error: unknown): boolean {
  return error instanceof DatabaseCorruptError || error instanceof DatabaseTooNewError || error instanceof DatabaseForeignError;
}

/** SQLite's word that a page of the file does not hold what it should. */
export function isCorruptionError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

export function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
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

/**
 * Another connection (the app, the CLI) held the write lock longer than the busy timeout:
 * SQLITE_BUSY. A wait, not a failure: the same write goes through once the lock is free.
 */
export function isBusyError(error: unknown): boolean {
  return error instanceof Error && sqliteCode(error).startsWith('SQLITE_BUSY');
}

function describeTables(tables: readonly string[]): string {
  const shown = tables.slice(0, 3).map((t) => `"${t}"`);
  const more = tables.length - shown.length;
  if (more > 0) return `the tables ${shown.join(', ')} and ${more} more`;
  if (shown.length === 1) return `the table ${shown[0]}`;
  return `the tables ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return `${s} second${s === 1 ? '' : 's'}`;
}
