// Sends package builds to one worker (package-worker.ts), started when the first is asked
// for and kept while builds keep coming: a bulk export of fifty courses starts one worker,
// not fifty. The main thread only waits for the bytes. Once nothing has been asked for a
// while the worker is stopped; a worker that dies fails the builds it had and the next build
// starts a new one (the lifecycle: core/persistent-worker.ts). The built app loads its own
// electron-vite entry (out/main/export-worker.js); code run from the .ts sources starts it
// through tsx (test/support/ts-worker.ts).
import { persistentWorker, type StartWorker } from '../core/persistent-worker';
import type { PackageBuilder } from './course-file';
import type { PackageAnswer, PackageRequest } from './package-worker';

export { workerFile, type StartWorker } from '../core/persistent-worker';

/** How long a worker with nothing to do is kept for the next build. */
export const WORKER_IDLE_MS = 20_000;

export function workerPackageBuilder(start: StartWorker, options: { idleMs?: number } = {}): PackageBuilder {
  const worker = persistentWorker<Omit<PackageRequest, 'id'>, PackageAnswer>(start, {
    idleMs: options.idleMs ?? WORKER_IDLE_MS,
    stopped: (code) => new Error(`The export worker stopped (exit code ${code}) before it sent the package.`),
  });
  return async (course, format, options = {}) => {
    const answer = await worker.request({ course, format, options });
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer.bytes;
  };
}
