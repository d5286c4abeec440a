// The whole application minus the window: store, model gateway, runner, command dispatch
// and events. Plain Node, so the Electron shell, the browser test bridge and the tests all
// run the same core; only how commands arrive and events leave differs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayloads } from '../shared/ipc-contract';
import { ModelGateway } from './ai/gateway';
import { systemClock, type Clock } from './ai/clock';
import type { BreakerPolicy } from './ai/provider-health';
import type { Candidate } from './ai/providers/local-discovery';
import type { RetryPolicy } from './ai/structured-call';
import type { BatchCycleOptions } from './runner/batches';
import type { CoreContext } from './core/context';
import { ChosenFolders, type ChooseFolder } from './core/chosen-folders';
import { EventEmitter, type EventListener } from './core/emitter';
import { packageInProcess, type PackageBuilder } from './export/course-file';
import { createModelSource, type Env, type ModelSource } from './core/model-source';
import { Store } from './db/store';
import { ConflictError } from './errors';
import { createDispatcher, type Dispatch } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { Housekeeping } from './housekeeping/service';
import type { StartWorker } from './core/persistent-worker';
import { InsightsService } from './insights/service';
import { Runner, type RunnerOptions } from './runner/runner';
import { createMemorySecretStore, type SecretStore } from './secrets';
import { MATERIALS_FOLDER, MaterialFiles } from './sources/material-files';
import { tidyMaterials } from './sources/release';
import { workerExtractor, type Extractor, type StartExtractWorker, type WorkerExtractor } from './sources/extractor';
import { MaterialError } from './sources/errors';
import { StagedMaterials } from './sources/staged';
import type { ChooseFiles } from './core/choose-files';
import { SyncService, type SyncServiceOptions } from './sync/service';

export const DATABASE_FILE = 'course-studio.db';

export interface AppCoreOptions {
  dataDir: string;
  secrets: SecretStore;
  env: Env;
  clock?: Clock;
  version?: string;
  platform?: string;
  openExternal?: (url: string) => Promise<void>;
  fetch?: typeof fetch;
  retryPolicy?: Partial<RetryPolicy>;
  runner?: Pick<RunnerOptions, 'leaseMs' | 'pollMs' | 'owner' | 'autoRetryDelaysMs'>;
  /** The economy batch cycle's timings (the test bridge shortens them). */
  batches?: BatchCycleOptions;
  /** The overload breaker's thresholds and probe intervals (the test bridge shortens them). */
  breaker?: Partial<BreakerPolicy>;
  /** Start claiming jobs at once (default). Tests that seed the store first pass false. */
  start?: boolean;
  /** The Supabase session's slot (safeStorage in the desktop app); kept in memory when absent. */
  syncSecrets?: SecretStore;
  /** The OS's view of connectivity (Electron's net.isOnline): sync does not try while offline. */
  isOnline?: () => boolean;
  /** "Connectivity is back" from the OS, so sync tries at once instead of at its next poll. */
  onOnline?: (listener: () => void) => () => void;
  sync?: Pick<SyncServiceOptions, 'retry' | 'pollMs' | 'requestTimeoutMs'>;
  /**
   * Keeps the database file under a new name and starts the app again on a new, empty one;
   * returns where the old file is kept. Called only after a query met damage, with the core
   * already disposed (so the file is closed).
   */
  replaceDatabase?: () => string;
  /**
   * Builds IMS CC / SCORM packages. The desktop app and the test bridge pass a worker-backed
   * builder (export/package-worker-runner.ts) so the event loop keeps answering; the default
   * builds in this thread (~0.4–1.1 s for a 30-lesson course, in one piece).
   */
  buildPackage?: PackageBuilder;
  /**
   * Starts the Insights worker (insights/insights-worker.ts), which reads the page's figures
   * on its own connection and warms the default period; absent: read in this thread, no warming.
   */
  insightsWorker?: StartWorker;
  /** The OS folder dialog (Electron's, in the window); absent: choosing a folder is not available (tests that need it pass one). */
  chooseFolder?: ChooseFolder;
  /** The OS file dialog; absent: choosing files is not available (tests that need it pass one). */
  chooseFiles?: ChooseFiles;
  /**
   * Starts the worker that reads source materials (the app: out/main/sources-worker.js; the
   * bridge and tests: the .ts source). Absent: files cannot be read here (each attach says so);
   * the readers (pdfjs) are never loaded into this thread.
   */
  extractWorker?: StartExtractWorker;
  /** Where Settings → Models looks for local model servers (default: their usual ports; the test bridge adds its fake's). */
  localServers?: readonly Candidate[];
}

export interface AppCore {
  readonly dataDir: string;
  readonly store: Store;
  readonly gateway: ModelGateway;
  readonly runner: Runner;
  readonly models: ModelSource;
  readonly sync: SyncService;
  /** The Insights page's reads, kept figures and warming (tests and the bench look at its counters). */
  readonly insights: InsightsService;
  readonly dispatch: Dispatch;
  subscribe<E extends EventName>(name: E, listener: EventListener<E>): () => void;
  dispose(): Promise<void>;
}

const noExtractor: Extractor = async (_bytes, fileName) => {
  throw new MaterialError('unreadable', `${fileName} was not read: reading source materials is not available here.`);
};

/** Events about a job that change what its course looks like. */
const COURSE_CHANGING = new Set(['item.completed', 'job.completed', 'job.failed', 'job.cancelled']);

export function createAppCore(options: AppCoreOptions): AppCore {
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  // Throws the errors of db/errors (damaged, too new, locked, read-only…) with the path: the shell shows it.
  const store = Store.open(join(options.dataDir, DATABASE_FILE), { clockMs: () => clock.now() });
  // Source materials no course uses any more (courses removed since the last start) are let go.
  const materialFiles = new MaterialFiles(join(options.dataDir, MATERIALS_FOLDER));
  tidyMaterials(store, materialFiles);
  // Files attached in the wizard before their course exists: every later release spares them.
  const staged = new StagedMaterials(() => clock.now());
  // One reader for the whole app, started on first use and stopped when idle or at quit.
  const extractor: WorkerExtractor | null = options.extractWorker ? workerExtractor(options.extractWorker) : null;
  const emitter = new EventEmitter();
  const abort = new AbortController();
  try {
    const models = createModelSource({
      store,
      secrets: options.secrets,
      env: options.env,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const gateway = new ModelGateway({
      clock,
      provider: () => models.provider(),
      // Running jobs wait for a key rather than fail without one (the queue says why).
      blockedReason: () => models.blockedReason(),
      requestLimit: 6,
      // The reachability probe must look at the host requests really go to (Settings' base URL).
      baseURL: () => models.config().baseURL,
      // Steps routed to a local model server go through that server's own lane.
      route: (step) => models.route(step),
      ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
      ...(options.breaker ? { breaker: options.breaker } : {}),
    });
    const sync = new SyncService({
      store,
      secrets: options.syncSecrets ?? createMemorySecretStore(),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.isOnline ? { isOnline: options.isOnline } : {}),
      ...(options.onOnline ? { onOnline: options.onOnline } : {}),
      ...options.sync,
      onChange: (courseIds) => emitter.emit('sync.changed', { courseIds }),
      // Keep-theirs replaced the course's content: open views of it reload.
      onCourseReplaced: (courseId) => emitter.emit('course.changed', { courseId }),
    });
    // Auto-published jobs publish through the sync outbox, inside the job's completing transaction.
    // A damaged file gets no more job writes: the queue stops and says why.
    const blockedReason = () => store.damage?.message ?? models.blockedReason();
    const buildPackage = options.buildPackage ?? packageInProcess;
    const runner = new Runner({
      store,
      gateway,
      blockedReason,
      publish: sync.publish,
      readMaterial: (hash) => materialFiles.read(hash),
      batches: { client: () => models.batches(), ...(options.batches ? { options: options.batches } : {}) },
      // A job's auto-export builds its packages where the IPC export does: off the main thread in the app.
      buildPackage,
      ...options.runner,
    });

    const housekeeping = new Housekeeping({
      store,
      activeJobs: () => runner.activeJobIds.length,
      materialsFolder: materialFiles.root,
      // Released at once, not at the next start: someone emptying the bin wants the room back.
      afterRemoval: () => {
        const tidied = tidyMaterials(store, materialFiles, staged.live());
        if ('error' in tidied) console.warn(`source materials of removed courses were not let go yet (the next start tries again): ${tidied.error}`);
      },
    });

    const insights = new InsightsService({
      db: store.db,
      clockMs: store.clockMs,
      startWorker: options.insightsWorker ?? null,
      busy: () => runner.activeJobIds.length > 0,
    });

    runner.subscribe((event) => {
      emitter.emit('runner.events', [event]);
      // The runner wrote: the page's default period is read ahead again once it is quiet.
      insights.poke();
      if (COURSE_CHANGING.has(event.type) && 'jobId' in event) {
        const job = store.jobs.get(event.jobId);
        if (job) emitter.emit('course.changed', { courseId: job.course_id });
      }
    });

    let disposed: Promise<void> | null = null;
    const dispose = () => {
      disposed ??= (async () => {
        abort.abort(new Error('The app is shutting down.'));
        housekeeping.stop();
        await insights.close();
        // `release`: leases are handed back so the jobs resume at once on the next start.
        await runner.stop({ release: true });
        // A push in progress finishes its current step; an unfinished one resumes next start.
        await sync.stop();
        // Files being read fail as "the app is closing"; nothing half-stored remains (attach.ts).
        await extractor?.close();
        emitter.clear();
        store.close();
      })();
      return disposed;
    };

    const context: CoreContext = {
      store,
      gateway,
      runner,
      housekeeping,
      insights,
      secrets: options.secrets,
      models,
      sync,
      info: { version: options.version ?? '0.0.0', platform: options.platform ?? process.platform, dataDir: options.dataDir },
      emit: (name, payload) => emitter.emit(name, payload),
      openExternal: options.openExternal ?? (async () => {}),
      async startNewDatabase() {
        if (!store.damage) throw new ConflictError('The database opened normally, so there is nothing to replace.');
        const replace = options.replaceDatabase;
        if (!replace) throw new ConflictError('Starting a new database is not available here. Restore the file from a backup.');
        await dispose();
        return replace();
      },
      signal: abort.signal,
      buildPackage,
      chooseFolder:
        options.chooseFolder ??
        (async () => {
          throw new ConflictError('Choosing a folder is not available here.');
        }),
      folders: new ChosenFolders(),
      chooseFiles:
        options.chooseFiles ??
        (async () => {
          throw new ConflictError('Choosing files is not available here.');
        }),
      materials: { files: materialFiles, extract: extractor ?? noExtractor, staged },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.localServers ? { localServers: options.localServers } : {}),
    };
    const dispatch = createDispatcher(createHandlers(context));
    if (options.start !== false) {
      runner.start();
      sync.start();
      housekeeping.start();
      insights.start();
    }

    return {
      dataDir: options.dataDir,
      store,
      gateway,
      runner,
      models,
      sync,
      insights,
      dispatch,
      subscribe: <E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void) => emitter.on(name, listener),
      dispose,
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
