// Registered migrations, in order. Versions only go up; a database whose user_version is
// higher than the last one here was written by newer code and is refused, not touched.
// Two processes may open one file at once (the app and the CLI): the version is read again
// under the write lock, so the second one finds the work done instead of doing it twice.
import type Database from 'better-sqlite3';
import { migration001 } from './001-initial';
import { migration002 } from './002-stepwise-jobs';
import { migration003 } from './003-sync-outbox';
import { migration004 } from './004-job-run-time';
import { migration005 } from './005-call-ledger-keys';
import { migration006 } from './006-auto-retries-and-run-reports';
import { migration007 } from './007-economy';
import { migration008 } from './008-quiz-questions';
import { migration009 } from './009-auto-export';
import { migration010 } from './010-call-provider';
import { migration011 } from './011-history-and-housekeeping';
import { migration015 } from './015-source-materials';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration015,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface SchemaState {
  version: number;
  /** Tables of the file's own (not SQLite's internal ones). */
  tables: string[];
}

/** The version and the tables, read in one statement so both come from the same moment. */
export function schemaState(db: Database.Database): SchemaState {
  const row = db
    .prepare<[], { version: number; tables: string }>(
      `SELECT (SELECT user_version FROM pragma_user_version) AS version,
              (SELECT json_group_array(name) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\') AS tables`,
    )
    .get()!;
  return { version: row.version, tables: JSON.parse(row.tables) as string[] };
}

/** Version 0 with tables in it: a file some other program made, never ours to migrate. */
export class ForeignSchemaError extends Error {
  constructor(readonly tables: string[]) {
    super(`The file holds tables that are not Course Studio's: ${tables.join(', ')}.`);
    this.name = 'ForeignSchemaError';
  }
}

export function assertMigratable(state: SchemaState): void {
  if (state.version === 0 && state.tables.length > 0) throw new ForeignSchemaError(state.tables);
}

/** Runs every pending migration in one transaction: a failure leaves the file as it was. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  // An up-to-date file (every start but the first after an update) takes no write lock.
  if (currentVersion(db) >= latest) return currentVersion(db);
  return db.transaction(() => {
    // Read again under the write lock: another process may have migrated while we waited.
    const state = schemaState(db);
    assertMigratable(state);
    for (const m of migrations.filter((x) => x.version > state.version)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    return currentVersion(db);
  }).immediate();
}
