// Source materials from the command line: stored in the `materials` folder next to the
// database (where the app keeps them when the database is its own), read in a worker thread
// like the app's. The CLI runs its TypeScript sources through tsx (bin/course-studio.js), and
// Node workers do not inherit tsx's hooks, so the worker registers tsx itself before loading
// the reader; a built CLI (.js) starts the built worker beside it instead.
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Store } from '../db/store';
import { attachMaterials, type AttachResult } from '../sources/attach';
import { extractWorkerFile, workerExtractor, type StartExtractWorker, type WorkerExtractor } from '../sources/extractor';
import { MATERIALS_FOLDER, MaterialFiles } from '../sources/material-files';
import { releaseMaterials } from '../sources/release';

/** Where the database's materials are stored: `<database folder>/materials`. */
export function materialFilesFor(dbPath: string, cwd: string): MaterialFiles {
  return new MaterialFiles(join(dirname(resolve(cwd, dbPath)), MATERIALS_FOLDER));
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.__tsxApi).then(({ register }) => { register(); return import(workerData.__entry); });
`;

function startWorker(): StartExtractWorker {
  if (!import.meta.url.endsWith('.ts')) return extractWorkerFile(new URL('./sources-worker.js', import.meta.url));
  const entry = new URL('../sources/extract-worker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return (options) => new Worker(BOOTSTRAP, { ...options, eval: true, workerData: { __tsxApi: tsxApi, __entry: entry } });
}

/** The reader worker: started on the first file, unref'd while idle (it never keeps the CLI running). */
export function cliExtractor(): WorkerExtractor {
  return workerExtractor(startWorker());
}

/** Attaches `paths` to the course; every file gets its own result, one failing never stops the others. */
export function attachPaths(store: Store, files: MaterialFiles, extract: WorkerExtractor, courseId: string, paths: readonly string[]): Promise<AttachResult[]> {
  return attachMaterials({ store, files, extract }, courseId, paths.map((path) => ({ path })));
}

/** After courses were removed for good: the materials only they used go, rows then files. */
export function releaseAfterRemoval(store: Store, dbPath: string, cwd: string): { released: number } | { error: string } {
  try {
    return { released: releaseMaterials(store, materialFilesFor(dbPath, cwd)).length };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
