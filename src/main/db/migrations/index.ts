// Registered migrations, in order. Versions only go up; a database whose user_version is
// higher than the last one here was written by newer code and is refused, not touched.
import type Database from 'better-sqlite3';
import { migration001 } from './001-initial';
import { migration002 } from './002-stepwise-jobs';
import { migration003 } from './003-sync-outbox';
import { migration004 } from './004-job-run-time';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs every pending migration in one transaction: a failure leaves the file as it was. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = currentVersion(db);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return from;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return currentVersion(db);
}
