// Worker entry (node:worker_threads): reads the Insights off the main thread, so the event
// loop that answers IPC and drives the runner is not held for the 0.1–0.6 s an aggregation
// of a long period takes on a large store. Its own read-only connection to the app's file:
// in WAL, a reader sees the last commit when its read transaction begins and never blocks
// the runner's writes (nor is blocked by them). One request at a time, as they come:
// {id, file, request} in, {id, insights} or {id, error} out. A store that cannot be opened
// here is told apart (`unavailable`), so main reads in its own thread instead.
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { Insights } from '../../shared/insights';
import { readInsights, type InsightsRequest } from './insights';

export interface InsightsWorkerRequest {
  id: number;
  /** The database file (the app's connection's `db.name`). */
  file: string;
  request: InsightsRequest;
}

export type InsightsWorkerAnswer =
  | { id: number; insights: Insights; error?: undefined }
  | { id: number; error: string; unavailable: boolean; insights?: undefined };

let open: { file: string; db: Database.Database } | null = null;

function connection(file: string): Database.Database {
  if (open?.file === file) return open.db;
  open?.db.close();
  open = null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // The app's own busy timeout: a reader waits only while a checkpoint resets the WAL.
  db.pragma('busy_timeout = 10000');
  open = { file, db };
  return db;
}

parentPort?.on('message', ({ id, file, request }: InsightsWorkerRequest) => {
  let answer: InsightsWorkerAnswer;
  let db: Database.Database;
  try {
    db = connection(file);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error), unavailable: true } satisfies InsightsWorkerAnswer);
    return;
  }
  try {
    answer = { id, insights: readInsights(db, request) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error), unavailable: false };
  }
  parentPort!.postMessage(answer);
});
