// Calls that reached the API but whose rows could not be written when they landed (another
// process kept the database locked, the disk was full): kept here and written as soon as
// the store takes them, so the cost shown per job and per course leaves out no paid call.
// Held in memory only: a crash before the store frees up still loses them.
import { isBusyError, isDiskFullError } from '../db/errors';
import type { ModelCallRecord } from '../db/repositories/model-calls';
import type { Store } from '../db/store';

export class CallLedger {
  private pending: ModelCallRecord[] = [];

  constructor(private readonly store: Store) {}

  /** Rows waiting for the store. */
  get size(): number {
    return this.pending.length;
  }

  /** Keeps a row whose write just failed, to be written by `flush`. */
  keep(rec: ModelCallRecord, error: unknown): void {
    this.pending.push(rec);
    // A lock held elsewhere and a full disk pass; anything else is worth a line in the log.
    if (!isBusyError(error) && !isDiskFullError(error)) console.error('could not record a model call; kept to record later:', error);
  }

  /** Writes every kept row in one transaction. False while the store still refuses them. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    const rows = this.pending;
    try {
      this.store.write(() => {
        for (const row of rows) this.store.calls.record(row);
      });
    } catch {
      return false;
    }
    this.pending = this.pending.slice(rows.length);
    return true;
  }
}
