// Opens the store deliberately: WAL so readers (the UI's queries, a second process such as
// the CLI) never block the runner's writes; foreign keys on; a busy timeout, set before
// anything else, so two processes on one file wait for each other instead of failing.
// Nothing is written to a file before it is known to be ours (or new) and of a version we
// understand, nor to a file in which an earlier session met damage that is still there;
// every way opening can fail becomes one of the errors in ./errors.
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkRecordedDamage } from './damage-marker';
import {
  DatabaseAccessError,
  DatabaseBusyError,
  DatabaseCorruptError,
  DatabaseForeignError,
  DatabaseTooNewError,
  isCorruptionError,
  sqliteCode,
} from './errors';
import { ForeignSchemaError, SCHEMA_VERSION, assertMigratable, currentVersion, migrate, schemaState } from './migrations';

export interface OpenOptions {
  /** Milliseconds a writer waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw openError(path, error, busyTimeoutMs);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Pages are checked only when an earlier session left a note that it met damage.
    checkRecordedDamage(db, path);
    // The first statement is where SQLite notices a file that is not a database.
    const state = schemaState(db);
    if (state.version > SCHEMA_VERSION) throw new DatabaseTooNewError(path, state.version, SCHEMA_VERSION);
    assertMigratable(state);
    // A new file frees pages a little at a time (Settings → Storage compacts it without one
    // long lock). Only possible before the first table; an older file switches with one VACUUM.
    if (state.version === 0 && state.tables.length === 0) db.pragma('auto_vacuum = INCREMENTAL');
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL under WAL: a committed transaction survives a process crash (SIGKILL, force
    // quit); only an OS crash or power cut can drop the last few commits, and those units
    // are regenerated on resume. FULL would fsync every generated lesson for no user gain.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    // Another process may have migrated further while we waited for its lock.
    const version = currentVersion(db);
    if (version > SCHEMA_VERSION) throw new DatabaseTooNewError(path, version, SCHEMA_VERSION);
    assertWritable(db);
    return db;
  } catch (error) {
    db.close();
    throw openError(path, error, busyTimeoutMs);
  }
}

/**
 * A read-only file opens and reads fine; only the first write fails, deep inside a job. A
 * write that is rolled back at once finds that out now. (BEGIN IMMEDIATE alone succeeds on
 * a read-only file in WAL mode, so the probe really writes a page.)
 */
function assertWritable(db: Database.Database): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${currentVersion(db)}`);
  } finally {
    // Some failures (a full disk) end the transaction by themselves.
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

function openError(path: string, error: unknown, busyTimeoutMs: number): unknown {
  if (error instanceof DatabaseTooNewError || error instanceof DatabaseCorruptError) return error;
  if (error instanceof ForeignSchemaError) return new DatabaseForeignError(path, error.tables);
  if (isCorruptionError(error)) return new DatabaseCorruptError(path, error);
  const code = sqliteCode(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new DatabaseBusyError(path, busyTimeoutMs, error);
  if (code.startsWith('SQLITE_READONLY')) return new DatabaseAccessError(path, 'read-only', error);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    // SQLite says "unable to open" both for a missing folder and for a read-only one it
    // cannot put the file (or its WAL) in: the folder tells which.
    if (path !== ':memory:' && !writable(dirname(path)) && existsSync(dirname(path))) {
      return new DatabaseAccessError(path, existsSync(path) ? 'read-only' : 'folder-read-only', error);
    }
    return new DatabaseAccessError(path, 'unopenable', error);
  }
  return error;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lets SQLite refresh its statistics for the query planner, then closes. Never waits long
 * or throws for that: if another process holds the write lock, the statistics can wait for
 * the next close, and the connection closes all the same.
 */
export function closeDatabase(db: Database.Database, { optimize = true } = {}): void {
  if (!db.open) return;
  try {
    if (optimize) {
      db.pragma('busy_timeout = 100');
      db.pragma('optimize');
    }
  } catch (error) {
    const code = sqliteCode(error);
    if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED') && !code.startsWith('SQLITE_READONLY')) {
      console.warn('refreshing query statistics before closing failed:', error);
    }
  } finally {
    db.close();
  }
}
