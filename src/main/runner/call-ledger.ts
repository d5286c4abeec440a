// Calls that reached the API but whose rows could not be written when they landed (another
// process kept the database locked, the disk was full): kept here and written as soon as
// the store takes them, so the cost shown per job and per course leaves out no paid call.
// Every kept row is also in a journal file beside the database (runner/call-journal): a
// crash before the store frees up loses none of them; the next start writes them.
import { randomUUID } from 'node:crypto';
import { isBusyError, isDiskFullError } from '../db/errors';
import type { ModelCallRecord } from '../db/repositories/model-calls';
import type { Store } from '../db/store';
import { CallJournal, type JournalEntry } from './call-journal';

export class CallLedger {
  private pending: JournalEntry[] = [];
  private journalFailed = false;

  constructor(
    private readonly store: Store,
    private readonly journal: CallJournal | null = CallJournal.forDatabase(store.db.name),
  ) {}

  /** Rows waiting for the store. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Writes one call's row now, or keeps it when the store cannot take it. Never throws.
   * `write`: the transaction to use; a job passes its own, which also notes a full disk so it stops starting calls.
   */
  record = (rec: ModelCallRecord, write: (fn: () => void) => void = (fn) => this.store.write(fn)): void => {
    try {
      write(() => this.store.calls.record(rec));
    } catch (error) {
      this.keep(rec, error);
    }
  };

  /** Keeps a row whose write just failed, to be written by `flush`. */
  keep(rec: ModelCallRecord, error: unknown): void {
    const entry = { key: randomUUID(), rec };
    this.pending.push(entry);
    this.saveToJournal([entry]);
    // A lock held elsewhere and a full disk pass; anything else is worth a line in the log.
    if (!isBusyError(error) && !isDiskFullError(error)) console.error('could not record a model call; kept to record later:', error);
  }

  /**
   * Takes the rows earlier runs left in the journal (a crash, a CLI run that exited while the
   * database was locked) and writes them with this ledger's own. Returns how many it took.
   */
  recover(): number {
    let adopted: JournalEntry[];
    try {
      adopted = this.journal?.adoptOthers() ?? [];
    } catch (error) {
      console.error('could not read the journal of unrecorded model calls:', error);
      return 0;
    }
    this.pending.push(...adopted);
    this.flush();
    return adopted.length;
  }

  /** Writes every kept row in one transaction. False while the store still refuses them. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    const rows = this.pending;
    try {
      this.store.write(() => {
        for (const { key, rec } of rows) this.store.calls.record(rec, key);
      });
    } catch {
      return false;
    }
    this.pending = this.pending.slice(rows.length);
    if (this.pending.length === 0) {
      this.journalFailed = false;
      try {
        this.journal?.clear();
      } catch (error) {
        // Harmless: the rows are stored with their keys, so reading the journal again skips them.
        console.error('could not remove the journal of recorded model calls:', error);
      }
    }
    return true;
  }

  private saveToJournal(entries: JournalEntry[]): void {
    try {
      this.journal?.append(entries);
    } catch (error) {
      // Once until the rows are stored: a full disk refuses every row after the first too.
      if (!this.journalFailed) console.error('could not write the journal of unrecorded model calls; the rows are kept in memory only:', error);
      this.journalFailed = true;
    }
  }
}
