// Gives free pages back to the disk. In incremental mode, a few hundred pages at a time
// (PRAGMA incremental_vacuum(n)): each step is one short write transaction, sized so it
// holds the writer for well under ~100 ms, and between steps the event loop runs (the runner
// writes, IPC answers). It stops at the first step that finds a job running, or when asked to.
// A file made before incremental mode existed needs one full VACUUM to switch: that rewrites
// the whole file under one lock, so it runs only while the queue is idle, and is never automatic.
import type Database from 'better-sqlite3';
import type { CompactResult } from '../../shared/storage';
import { ConflictError } from '../errors';
import { fileBytes, isIncremental } from './storage-report';

export interface CompactOptions {
  /** No job runs, here or in another process. Asked before the switch and before every step. */
  isIdle: () => boolean;
  signal?: AbortSignal;
  /** The one full rewrite to incremental mode, when the file needs it (default false: say so instead). */
  allowSwitch?: boolean;
  /** What one step may take, ms (the target is half of it, so a slow step stays under it). */
  stepBudgetMs?: number;
  /** Runs between steps: the app yields to the event loop. */
  pause?: () => Promise<void>;
  now?: () => number;
  /** After each step: how long it held the writer (ms) and the next step's size (pages). For the bench. */
  onStep?: (ms: number, nextPages: number) => void;
}

const FIRST_STEP_PAGES = 256;
const MAX_STEP_PAGES = 65_536;

const pragmaNumber = (db: Database.Database, name: string) => db.pragma(name, { simple: true }) as number;

/** Moves the WAL's pages into the file and truncates the WAL; never waits for a busy reader. */
function checkpoint(db: Database.Database): void {
  if (!db.name || db.name === ':memory:') return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Another connection is reading: the next checkpoint takes it.
  }
}

export async function compact(db: Database.Database, options: CompactOptions): Promise<CompactResult> {
  const now = options.now ?? (() => performance.now());
  const budget = options.stepBudgetMs ?? 100;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  checkpoint(db);
  const bytesBefore = fileBytes(db).file;
  const free = pragmaNumber(db, 'freelist_count');

  if (!isIncremental(db)) {
    if (!options.allowSwitch) throw new ConflictError('This database file needs one full rewrite before it can be compacted in small steps.');
    if (!options.isIdle()) throw new ConflictError('The one full rewrite of the file runs only while no job is running. Pause the queue or wait for it to finish.');
    const started = now();
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
    checkpoint(db);
    return { mode: 'switched', pagesFreed: free, bytesBefore, bytesAfter: fileBytes(db).file, interrupted: false, steps: 1, longestStepMs: now() - started };
  }

  const wal = (db.pragma('journal_mode', { simple: true }) as string) === 'wal';
  let pages = FIRST_STEP_PAGES;
  let steps = 0;
  let freed = 0;
  let longest = 0;
  let interrupted = false;
  for (;;) {
    const left = pragmaNumber(db, 'freelist_count');
    if (left === 0) break;
    if (options.signal?.aborted || !options.isIdle()) {
      interrupted = true;
      break;
    }
    const started = now();
    // exec runs the pragma to completion (stepping a prepared one once frees a single page).
    db.exec(`PRAGMA incremental_vacuum(${Math.min(pages, left)})`);
    // This step's pages into the file now (PASSIVE: never waits for, nor blocks, a writer),
    // so no later step pays for SQLite's automatic checkpoint of a thousand pages at once.
    if (wal) db.pragma('wal_checkpoint(PASSIVE)');
    const ms = now() - started;
    longest = Math.max(longest, ms);
    freed += left - pragmaNumber(db, 'freelist_count');
    steps++;
    // Aim at a third of the budget: the next step's pages are scaled by how long this one
    // took, growing by half at most (a step's cost varies with where the free pages lie).
    const target = budget / 3;
    pages = Math.max(16, Math.min(MAX_STEP_PAGES, Math.round(ms > 0 ? pages * Math.min(1.5, target / ms) : pages * 1.5)));
    options.onStep?.(ms, pages);
    await pause();
  }
  checkpoint(db);
  return { mode: steps === 0 ? 'nothing' : 'incremental', pagesFreed: freed, bytesBefore, bytesAfter: fileBytes(db).file, interrupted, steps, longestStepMs: longest };
}
