// Sends package builds to one worker (package-worker.ts), started when the first is asked
// for and kept while builds keep coming: a bulk export of fifty courses starts one worker,
// not fifty. The main thread only waits for the bytes. Once nothing has been asked for a
// while the worker is stopped; while idle it does not keep the process alive. A worker that
// dies fails the builds it had and the next build starts a new one. How the worker starts is
// a parameter: the built app loads its own electron-vite entry (out/main/export-worker.js);
// code run from the .ts sources (the test bridge, tests) starts it through tsx
// (test/support/ts-worker.ts).
import { Worker } from 'node:worker_threads';
import type { PackageBuilder } from './course-file';
import type { PackageAnswer, PackageRequest } from './package-worker';

/** Starts a worker running package-worker. */
export type StartWorker = () => Worker;

/** A built worker file (an ESM .js). */
export const workerFile =
  (entry: string | URL): StartWorker =>
  () =>
    new Worker(entry);

/** How long a worker with nothing to do is kept for the next build. */
export const WORKER_IDLE_MS = 20_000;

export function workerPackageBuilder(start: StartWorker, options: { idleMs?: number } = {}): PackageBuilder {
  const idleMs = options.idleMs ?? WORKER_IDLE_MS;
  let worker: Worker | null = null;
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | null = null;
  const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const idle = () => {
    if (pending.size > 0 || !worker) return;
    // Idle: it must not keep a CLI or a test process running; stopped for good after a while.
    worker.unref();
    const current = worker;
    idleTimer = setTimeout(() => {
      if (worker === current && pending.size === 0) {
        worker = null;
        void current.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  };
  const ensureWorker = (): Worker => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (worker) {
      worker.ref();
      return worker;
    }
    const started = start();
    worker = started;
    started.on('message', (answer: PackageAnswer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if (answer.error !== undefined) waiting.reject(new Error(answer.error));
      else waiting.resolve(answer.bytes);
      idle();
    });
    started.on('error', (error) => {
      if (worker === started) worker = null;
      failAll(error);
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      if (pending.size > 0) failAll(new Error(`The export worker stopped (exit code ${code}) before it sent the package.`));
    });
    return started;
  };

  return (course, format, options = {}) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const request: PackageRequest = { id, course, format, options };
      try {
        ensureWorker().postMessage(request);
      } catch (error) {
        // A course that cannot be cloned to the worker (never from the store): this build only.
        pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
        idle();
      }
    });
}
