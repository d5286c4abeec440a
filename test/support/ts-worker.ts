// Starts a worker_threads Worker from a .ts source: Node 20 workers do not inherit tsx's
// loader hooks (`--import tsx` in the parent is not enough), so a small CommonJS bootstrap
// registers tsx inside the worker, then imports the entry.
import { Worker, type WorkerOptions } from 'node:worker_threads';

const TSX_API = import.meta.resolve('tsx/esm/api');

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.__tsxApi).then(({ register }) => { register(); return import(workerData.__entry); });
`;

export function tsWorker(entry: URL) {
  return (options: Omit<WorkerOptions, 'eval' | 'workerData'> = {}) => new Worker(BOOTSTRAP, { ...options, eval: true, workerData: { __tsxApi: TSX_API, __entry: entry.href } });
}

/** The LMS package worker, from source. */
export const packageWorkerFromSource = tsWorker(new URL('../../src/main/export/package-worker.ts', import.meta.url));

/** The sources (material reading) worker, from source. */
export const sourcesWorkerFromSource = tsWorker(new URL('../../src/main/sources/extract-worker.ts', import.meta.url));

/** The Insights reader, from source. */
export const insightsWorkerFromSource = tsWorker(new URL('../../src/main/insights/insights-worker.ts', import.meta.url));
