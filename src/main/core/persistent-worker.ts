// One worker_threads worker kept for a stream of requests: started at the first request,
// kept while requests keep coming (starting a worker costs more than most requests), and
// stopped once nothing has been asked for a while; while idle it does not keep a CLI or a
// test process alive. Requests carry an id and the worker answers each with that id, in any
// order. A worker that emits an error or exits fails the requests it had, and the next
// request starts a new one. How the worker starts is a parameter: the built app loads its
// own electron-vite entry (out/main/*-worker.js); code run from the .ts sources (the test
// bridge, tests) starts it through tsx (test/support/ts-worker.ts).
// Used by the export's package builds (export/package-worker-runner.ts) and the Insights
// reader (insights/reader.ts).
import { Worker } from 'node:worker_threads';

/** Starts the worker. */
export type StartWorker = () => Worker;

/** A built worker file (an ESM .js). */
export const workerFile =
  (entry: string | URL): StartWorker =>
  () =>
    new Worker(entry);

export interface PersistentWorkerOptions {
  /** How long a worker with nothing to do is kept for the next request. */
  idleMs: number;
  /** What the requests waiting fail with when the worker exits before answering them. */
  stopped: (exitCode: number) => Error;
  /** A request not answered within this long stops the worker and fails as `timedOut` (default: no limit). */
  timeoutMs?: number;
  timedOut?: () => Error;
}

export interface PersistentWorker<Request extends object, Answer extends { id: number }> {
  /** Sends `{ id, ...request }`; resolves with the worker's answer of that id. Rejects only when the worker could not answer. */
  request(request: Request): Promise<Answer>;
  /** Stops the worker; requests waiting fail. */
  close(): Promise<void>;
  /** How many workers have been started so far (a replaced one counts again). */
  readonly starts: number;
}

export function persistentWorker<Request extends object, Answer extends { id: number }>(
  start: StartWorker,
  options: PersistentWorkerOptions,
): PersistentWorker<Request, Answer> {
  let worker: Worker | null = null;
  let starts = 0;
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | null = null;
  interface Waiting {
    by: Worker | null;
    resolve: (answer: Answer) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout | null;
  }
  const pending = new Map<number, Waiting>();

  const settle = (id: number): Waiting | null => {
    const waiting = pending.get(id);
    if (!waiting) return null;
    pending.delete(id);
    if (waiting.timer) clearTimeout(waiting.timer);
    return waiting;
  };
  /** Fails the requests sent to `by` (all of them for null): a replacement's requests are not its predecessor's. */
  const failAll = (error: Error, by: Worker | null) => {
    for (const [id, waiting] of [...pending]) if (by === null || waiting.by === by) settle(id)!.reject(error);
  };
  const stop = (current: Worker) => {
    if (worker === current) worker = null;
    void current.terminate();
  };
  const idle = () => {
    if (pending.size > 0 || !worker) return;
    // Idle: it must not keep a CLI or a test process running; stopped for good after a while.
    worker.unref();
    const current = worker;
    idleTimer = setTimeout(() => {
      if (worker === current && pending.size === 0) stop(current);
    }, options.idleMs);
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
    starts++;
    worker = started;
    started.on('message', (answer: Answer) => {
      settle(answer.id)?.resolve(answer);
      idle();
    });
    started.on('error', (error) => {
      if (worker === started) worker = null;
      failAll(error, started);
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      failAll(options.stopped(code), started);
    });
    return started;
  };

  return {
    request: (request) =>
      new Promise<Answer>((resolve, reject) => {
        const id = nextId++;
        const waiting: Waiting = { by: null, resolve, reject, timer: null };
        pending.set(id, waiting);
        try {
          const current = ensureWorker();
          waiting.by = current;
          if (options.timeoutMs !== undefined) {
            waiting.timer = setTimeout(() => {
              // A worker that does not answer cannot be interrupted otherwise: it goes, and the
              // other requests it had fail with this one (they would wait behind it as long).
              failAll(options.timedOut?.() ?? new Error(`The worker did not answer within ${options.timeoutMs} ms.`), current);
              stop(current);
            }, options.timeoutMs);
          }
          current.postMessage({ id, ...request });
        } catch (error) {
          // A request that cannot be cloned to the worker (or a worker that cannot start): this request only.
          settle(id);
          reject(error instanceof Error ? error : new Error(String(error)));
          idle();
        }
      }),
    close: async () => {
      if (idleTimer) clearTimeout(idleTimer);
      const current = worker;
      worker = null;
      failAll(new Error('The worker was stopped: the app is closing.'), null);
      if (current) await current.terminate();
    },
    get starts() {
      return starts;
    },
  };
}
