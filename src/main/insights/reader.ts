// How main has the Insights read: `InsightsReader` is the one signature, with two ways.
// `workerInsightsReader` sends each read to one worker_threads worker (insights-worker.ts)
// with its own read-only connection to the same WAL file, so a 30-day aggregation (about
// 0.5 s on 10,000 jobs) never holds the event loop that answers IPC and drives the runner.
// It reads in the caller's thread instead when there is no file to share (`:memory:`, the
// tests' stores), when no worker is given, and when the worker cannot start or cannot open
// the file (said once on the console): slower, never wrong. A worker that dies after it has
// answered fails the reads it had with a clear error; the next read starts a new one.
import type Database from 'better-sqlite3';
import type { Insights } from '../../shared/insights';
import { persistentWorker, type StartWorker } from '../core/persistent-worker';
import { readInsights, type InsightsRequest } from './insights';
import type { InsightsWorkerAnswer, InsightsWorkerRequest } from './insights-worker';

export type InsightsReader = (request: InsightsRequest) => Promise<Insights>;

export interface WorkerInsightsReader extends InsightsReader {
  /** Stops the worker (app quit). */
  close: () => Promise<void>;
  /** Whether reads go to the worker (false: in this thread). */
  readonly offThread: boolean;
  /** Workers started so far. */
  readonly starts: number;
}

/** Kept for the next read like the export's worker; the warming keeps it busy once a minute at most. */
export const INSIGHTS_WORKER_IDLE_MS = 120_000;
/** The slowest period on 10,000 jobs takes well under 2 s on a busy machine; a minute means it is stuck. */
export const INSIGHTS_TIMEOUT_MS = 60_000;

const duration = (ms: number) => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

export const inThreadInsightsReader =
  (db: Database.Database): InsightsReader =>
  async (request) =>
    readInsights(db, request);

export function workerInsightsReader(
  db: Database.Database,
  start: StartWorker | null,
  options: { idleMs?: number; timeoutMs?: number } = {},
): WorkerInsightsReader {
  const inThread = inThreadInsightsReader(db);
  const shareable = start !== null && !db.memory && db.name !== '' && db.name !== ':memory:';
  let offThread = shareable;
  let answered = false;
  const worker = persistentWorker<Omit<InsightsWorkerRequest, 'id'>, InsightsWorkerAnswer>(start ?? (() => null as never), {
    idleMs: options.idleMs ?? INSIGHTS_WORKER_IDLE_MS,
    stopped: (code) => new Error(`The Insights reader stopped (exit code ${code}) before it answered. Open the page again to read them afresh.`),
    timeoutMs: options.timeoutMs ?? INSIGHTS_TIMEOUT_MS,
    timedOut: () => new Error(`The Insights reader did not answer within ${duration(options.timeoutMs ?? INSIGHTS_TIMEOUT_MS)} and was stopped. Open the page again to read them afresh.`),
  });
  const readHere = (why: string, request: InsightsRequest) => {
    if (offThread) console.warn(`Insights are read in the main thread from now on: ${why}`);
    offThread = false;
    return inThread(request);
  };

  const read: InsightsReader = async (request) => {
    if (!offThread) return inThread(request);
    let answer: InsightsWorkerAnswer;
    try {
      answer = await worker.request({ file: db.name, request });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Never answered: it cannot start here (a missing entry file, a broken install).
      if (!answered) return readHere(`the worker could not start (${message})`, request);
      throw message.startsWith('The Insights reader') ? error : new Error(`The Insights reader stopped (${message}). Open the page again to read them afresh.`);
    }
    if (answer.error === undefined) {
      answered = true;
      return answer.insights;
    }
    if (answer.unavailable) return readHere(`the worker could not open ${db.name} (${answer.error})`, request);
    throw new Error(answer.error);
  };

  // Getters, not copied values: whether reads go off the thread changes after a fallback.
  return Object.defineProperties(read, {
    close: { value: () => worker.close() },
    offThread: { get: () => offThread },
    starts: { get: () => worker.starts },
  }) as WorkerInsightsReader;
}
