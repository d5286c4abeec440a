// Opens the store deliberately: WAL so readers (the UI's queries, a second process such as
// the CLI) never block the runner's writes; foreign keys on; a busy timeout so two
// processes on one file wait for each other instead of surfacing SQLITE_BUSY.
import Database from 'better-sqlite3';
import { DatabaseCorruptError, DatabaseTooNewError } from './errors';
import { SCHEMA_VERSION, currentVersion, migrate } from './migrations';

export interface OpenOptions {
  /** Milliseconds a writer waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new DatabaseCorruptError(path, error);
  }
  try {
    // The first statement is where SQLite notices a file that is not a database.
    const version = currentVersion(db);
    if (version > SCHEMA_VERSION) throw new DatabaseTooNewError(path, version, SCHEMA_VERSION);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL under WAL: a committed transaction survives a process crash (SIGKILL, force
    // quit); only an OS crash or power cut can drop the last few commits, and those units
    // are regenerated on resume. FULL would fsync every generated lesson for no user gain.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseTooNewError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new DatabaseCorruptError(path, error);
    throw error;
  }
}

/** Lets SQLite refresh its statistics for the query planner, then closes. */
export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}
