// Damage found while the store is in use. Checking every page at open would cost a start-up
// a quarter of a second per 100 MB, so damage shows itself when a query reaches a bad page.
// From that moment the file is not trusted: the error says so in plain words (not SQLite's
// "database disk image is malformed"), writes are refused so nothing more changes in a file
// someone may want to recover, and the app is told, so it can offer to set the file aside
// and start a new one. A note left beside the file makes the next open check it (./damage-marker).
import type Database from 'better-sqlite3';
import { writeDamageMarker } from './damage-marker';
import { DatabaseDamagedError, isCorruptionError } from './errors';

// Not `iterate`: it runs nothing until its iterator is read. Nothing here uses it.
const STATEMENT_METHODS = ['run', 'get', 'all'] as const;

/** Remembers the first damage the store met; every later error of the kind reports the same. */
export class DamageTracker {
  damage: DatabaseDamagedError | null = null;

  constructor(private readonly path: string) {}

  check = (error: unknown): unknown => {
    if (error instanceof DatabaseDamagedError || !isCorruptionError(error)) return error;
    if (!this.damage) {
      this.damage = new DatabaseDamagedError(this.path, error);
      this.remember(error);
    }
    return this.damage;
  };

  /** Leaves the note for the next open; the person hears of the damage either way. */
  private remember(error: unknown): void {
    try {
      writeDamageMarker(this.path, error instanceof Error ? error.message : String(error));
    } catch (failure) {
      console.warn(`could not leave a damage note beside ${this.path}; the next start will not check the file:`, failure);
    }
  }
}

/**
 * Routes every error of `db` (its statements, exec and pragma, so repositories and code that
 * holds `store.db` alike) through the tracker, which turns corruption into a
 * DatabaseDamagedError; once there is damage, statements that write (`run`, `exec`) are
 * refused before they touch the file.
 */
export function watchForDamage(db: Database.Database, tracker: DamageTracker): void {
  const guard = <F extends (...args: never[]) => unknown>(target: object, fn: F, writes: boolean): F =>
    function (this: unknown, ...args: Parameters<F>) {
      if (writes && tracker.damage) throw tracker.damage;
      try {
        return fn.apply(target, args);
      } catch (error) {
        throw tracker.check(error);
      }
    } as F;
  const prepare = db.prepare.bind(db);
  const patched = db as unknown as Record<string, unknown>;
  patched['prepare'] = guard(
    db,
    (source: string) => {
      const statement = prepare(source) as unknown as Record<string, unknown>;
      for (const method of STATEMENT_METHODS) {
        statement[method] = guard(statement, statement[method] as (...args: never[]) => unknown, method === 'run');
      }
      return statement;
    },
    false,
  );
  patched['exec'] = guard(db, db.exec, true);
  patched['pragma'] = guard(db, db.pragma, false);
}
