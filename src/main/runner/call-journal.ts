// The call ledger's journal: one JSON line per kept row, in a folder beside the database
// (`<db file>-unrecorded-calls/`), one file per ledger, so two processes (the app and the
// CLI) never rewrite each other's lines. A row is appended here as soon as it is kept, so a
// crash, or a CLI run that exits while the database is still locked, leaves it for the next
// start to write instead of losing a call that was paid for. A file is named for its
// process and taken over only once that process is gone: taken from a live one, a row it
// appended between the read and the removal would be in no file at all.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ModelCallRecord } from '../db/repositories/model-calls';
import { isProcessAlive } from './owner';
import { PROVIDER_KINDS } from '../ai/provider';

/** A kept row and its key: the key is stored with the row, so a journal replayed twice counts once. */
export interface JournalEntry {
  key: string;
  rec: ModelCallRecord;
}

const count = z.number().int().nonnegative();
const entrySchema = z.object({
  key: z.string().min(1).max(100),
  rec: z.object({
    jobId: z.string().nullable(),
    courseId: z.string().nullable(),
    step: z.string(),
    itemKey: z.string(),
    attempt: count,
    // Absent in journals written before local models (and in Claude rows): the store reads 'anthropic', as reported.
    provider: z.enum(PROVIDER_KINDS).optional(),
    model: z.string(),
    usage: z.object({ input: count, output: count, cacheRead: count, cacheWrite: count }),
    usageEstimated: z.boolean().optional(),
    latencyMs: z.number().nonnegative(),
    costUsd: z.number().nonnegative(),
    // Journals written before economy mode have no tier: their calls were standard.
    serviceTier: z.enum(['standard', 'batch']).default('standard'),
    outcome: z.enum(['ok', 'error', 'invalid_output', 'aborted']),
    errorKind: z.string().nullable(),
    errorMessage: z.string().nullable(),
    requestId: z.string().nullable(),
    startedAt: z.string(),
  }),
}) satisfies z.ZodType<JournalEntry>;

/** The journal's folder is the database file's path plus this. */
export const CALL_JOURNAL_SUFFIX = '-unrecorded-calls';
const JOURNAL = '.jsonl';
/** Where a file with lines that could not be read is kept, for a person to look at. */
const UNREADABLE = '.unreadable';

export class CallJournal {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly pid = process.pid,
    private readonly isAlive: (pid: number) => boolean = isProcessAlive,
  ) {
    this.file = join(dir, `${pid}-${randomUUID()}${JOURNAL}`);
  }

  /** The journal for a database file; none for an in-memory database (nothing survives it anyway). */
  static forDatabase(dbPath: string): CallJournal | null {
    return dbPath === '' || dbPath === ':memory:' ? null : new CallJournal(`${dbPath}${CALL_JOURNAL_SUFFIX}`);
  }

  /** Set when an append failed: it may have left part of a line (a full disk takes what fits). */
  private cutShort = false;

  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    // After a line cut short, a new line first: joined to it, the next row would be unreadable too.
    const text = `${this.cutShort ? '\n' : ''}${entries.map((e) => `${JSON.stringify(e)}\n`).join('')}`;
    try {
      appendFileSync(this.file, text);
    } catch (error) {
      this.cutShort = true;
      throw error;
    }
    this.cutShort = false;
  }

  /** Every row of this journal is stored. */
  clear(): void {
    rmSync(this.file, { force: true });
  }

  /**
   * Takes over the rows other ledgers left behind (each file once read is removed, after its
   * rows were appended to this journal), except those of another process still running: it
   * writes its own. Lines that cannot be read are reported and their file kept under a new
   * name; the readable rows are still taken.
   */
  adoptOthers(): JournalEntry[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const adopted: JournalEntry[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      if (!name.endsWith(JOURNAL) || path === this.file || this.ownedByLiveProcess(name)) continue;
      try {
        const { entries, unreadable } = readJournal(readFileSync(path, 'utf8'));
        // Appended before the other file goes: at every moment each row is in one file or both.
        this.append(entries);
        adopted.push(...entries);
        if (unreadable === 0) rmSync(path, { force: true });
        else {
          console.error(`${unreadable} line(s) of ${path} could not be read; the file is kept as ${path}${UNREADABLE}`);
          renameSync(path, `${path}${UNREADABLE}`);
        }
      } catch (error) {
        // Left where it is, for the next start: rows appended already are skipped then by their keys.
        console.error(`could not take over ${path}:`, error);
      }
    }
    return adopted;
  }

  /** A ledger of this process is taken over at once: nothing else runs while it is read. */
  private ownedByLiveProcess(name: string): boolean {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    return Number.isInteger(pid) && pid > 0 && pid !== this.pid && this.isAlive(pid);
  }
}

/** A journal's rows; a line cut short by a crash, or anything else unreadable, is counted and skipped. */
export function readJournal(text: string): { entries: JournalEntry[]; unreadable: number } {
  const entries: JournalEntry[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    const result = entrySchema.safeParse(parsed);
    if (result.success) entries.push(result.data);
    else unreadable++;
  }
  return { entries, unreadable };
}
