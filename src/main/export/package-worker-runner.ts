// Runs package-worker in a fresh Worker per export, so the main thread only waits for the
// bytes. How the worker starts is a parameter: the built app loads its own electron-vite
// entry (out/main/export-worker.js); code run from the .ts sources (the test bridge, tests)
// starts it through tsx (test/support/ts-worker.ts).
import { Worker } from 'node:worker_threads';
import type { CourseTree } from '../../shared/domain';
import type { PackageBuilder, PackageFormat, PackageOptions } from './course-file';

/** What package-worker is given. */
export interface PackageJob {
  course: CourseTree;
  format: PackageFormat;
  options: PackageOptions;
}

/** Starts a worker running package-worker with this workerData. */
export type StartWorker = (workerData: PackageJob) => Worker;

/** A built worker file (an ESM .js). */
export const workerFile =
  (entry: string | URL): StartWorker =>
  (workerData) =>
    new Worker(entry, { workerData });

export function workerPackageBuilder(start: StartWorker): PackageBuilder {
  return (course, format, options = {}) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const worker = start({ course, format, options });
      let settled = false;
      worker.once('message', (bytes: Uint8Array) => {
        settled = true;
        resolve(bytes);
      });
      worker.once('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`The export worker stopped (exit code ${code}) before it sent the package.`));
      });
    });
}
