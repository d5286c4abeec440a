// How the main process has a material read: `Extractor` is the one signature, with two
// implementations. `workerExtractor` sends each file to one worker_threads worker
// (extract-worker.ts), one file at a time, started on first use and kept while files keep
// coming (like the export's package worker). A file that takes longer than `timeoutMs`
// stops the worker (the only way to stop pdfjs mid-page) and fails as a timeout; a file
// that needs more than the worker's heap limit fails as too large; the next file gets a
// fresh worker either way. `inThreadExtractor` (in-thread-extractor.ts) reads in the caller's
// thread, for tools and tests; this module does not load the readers.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { MaterialFormat } from '../../shared/materials';
import { MaterialError } from './errors';
import type { ExtractOptions, MaterialContent } from './extract';
import type { ExtractAnswer, ExtractRequest } from './extract-worker';

export type Extractor = (bytes: Uint8Array, fileName: string, format: MaterialFormat, options: ExtractOptions) => Promise<MaterialContent>;

/** Starts a worker running extract-worker, with the heap limit given. */
export type StartExtractWorker = (options: { resourceLimits: ResourceLimits }) => Worker;

/** The built worker file (an ESM .js; the app's is out/main/sources-worker.js). */
export const extractWorkerFile =
  (entry: string | URL): StartExtractWorker =>
  (options) =>
    new Worker(entry, options);

/** A 300-page PDF takes a few seconds on a busy machine; two minutes means something is wrong. */
export const EXTRACT_TIMEOUT_MS = 120_000;
/** The worker's old-generation heap: pdfjs holds a large PDF's objects while it reads it. */
export const EXTRACT_HEAP_MB = 1024;
export const EXTRACT_IDLE_MS = 20_000;

export interface WorkerExtractorOptions {
  timeoutMs?: number;
  heapMb?: number;
  idleMs?: number;
}

interface Job {
  request: Omit<ExtractRequest, 'id'>;
  resolve: (content: MaterialContent) => void;
  reject: (error: Error) => void;
}

export interface WorkerExtractor extends Extractor {
  /** Stops the worker (app quit); files waiting fail. */
  close: () => Promise<void>;
}

export function workerExtractor(start: StartExtractWorker, options: WorkerExtractorOptions = {}): WorkerExtractor {
  const timeoutMs = options.timeoutMs ?? EXTRACT_TIMEOUT_MS;
  const heapMb = options.heapMb ?? EXTRACT_HEAP_MB;
  const idleMs = options.idleMs ?? EXTRACT_IDLE_MS;
  const queue: Job[] = [];
  let worker: Worker | null = null;
  let running: { id: number; job: Job; timer: NodeJS.Timeout } | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;

  const stopWorker = () => {
    const current = worker;
    worker = null;
    if (current) void current.terminate();
  };

  const finish = (outcome: { content: MaterialContent } | { error: Error }) => {
    if (!running) return;
    const { job, timer } = running;
    clearTimeout(timer);
    running = null;
    if ('content' in outcome) job.resolve(outcome.content);
    else job.reject(outcome.error);
    next();
  };

  const ensureWorker = (): Worker => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (worker) {
      worker.ref();
      return worker;
    }
    const started = start({ resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    worker = started;
    started.on('message', (answer: ExtractAnswer) => {
      if (!running || answer.id !== running.id) return;
      if (answer.failure) finish({ error: new MaterialError(answer.failure.code, answer.failure.message) });
      else finish({ content: answer.content });
    });
    started.on('error', (error: Error & { code?: string }) => {
      if (worker !== started) return;
      worker = null;
      const fileName = running?.job.request.fileName ?? 'The file';
      finish({
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new MaterialError('too_large', `${fileName} needs more memory to read than a source may use (${heapMb} MB).`)
            : new MaterialError('unreadable', `${fileName} could not be read: the reader stopped (${error.message}).`),
      });
    });
    started.on('exit', (code) => {
      if (worker !== started) return;
      worker = null;
      const fileName = running?.job.request.fileName ?? 'The file';
      finish({ error: new MaterialError('unreadable', `${fileName} could not be read: the reader stopped (exit code ${code}).`) });
    });
    return started;
  };

  const next = () => {
    if (running) return;
    const job = queue.shift();
    if (!job) {
      if (worker) {
        // Idle: it must not keep a CLI or a test process running; stopped for good after a while.
        worker.unref();
        const current = worker;
        idleTimer = setTimeout(() => {
          if (worker === current && !running) stopWorker();
        }, idleMs);
        idleTimer.unref();
      }
      return;
    }
    const id = nextId++;
    const timer = setTimeout(() => {
      // pdfjs cannot be interrupted: the worker goes, and the next file gets a new one.
      stopWorker();
      finish({ error: new MaterialError('timeout', `${job.request.fileName} took longer than ${Math.round(timeoutMs / 1000)} s to read and was stopped.`) });
    }, timeoutMs);
    running = { id, job, timer };
    try {
      // The bytes are copied, not transferred: the caller keeps them to store the file.
      ensureWorker().postMessage({ id, ...job.request } satisfies ExtractRequest);
    } catch (error) {
      finish({ error: new MaterialError('unreadable', `${job.request.fileName} could not be sent to the reader: ${error instanceof Error ? error.message : String(error)}`) });
    }
  };

  const extract: Extractor = (bytes, fileName, format, extractOptions) =>
    new Promise<MaterialContent>((resolve, reject) => {
      queue.push({ request: { bytes, fileName, format, options: extractOptions }, resolve, reject });
      next();
    });

  return Object.assign(extract, {
    close: async () => {
      for (const job of queue.splice(0)) job.reject(new MaterialError('unreadable', `${job.request.fileName} was not read: the app is closing.`));
      const current = worker;
      worker = null;
      if (running) finish({ error: new MaterialError('unreadable', `${running.job.request.fileName} was not read: the app is closing.`) });
      if (current) await current.terminate();
    },
  });
}
