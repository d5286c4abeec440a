// Housekeeping in the running app: one cleanup or compaction at a time (a second is refused,
// not queued), the daily retention run, and "is the queue idle?" answered for compaction.
// Plain Node: the app, the test bridge and the tests build it from the store and the runner.
import type { CleanupResult, CompactResult, StorageView } from '../../shared/storage';
import type { Store } from '../db/store';
import { ConflictError } from '../errors';
import { removeForGood } from './bin';
import { runCleanup, type CleanupPlan } from './cleanup';
import { compact } from './compaction';
import { leasedJobRunning } from './queue-idle';
import { readHousekeeping, readLastAuto, saveLastAuto } from './settings';
import { fileBytes, isIncremental, materialsReport, storageCounts, storageSizes } from './storage-report';

const DAY_MS = 86_400_000;

export interface HousekeepingOptions {
  store: Store;
  /** Jobs running in this process (the runner's). */
  activeJobs: () => number;
  /** How often the daily run checks whether it is due (default hourly). */
  checkEveryMs?: number;
  /** The first check after start (default a minute: the app's start is not slowed). */
  firstCheckMs?: number;
  onError?: (error: unknown) => void;
  /** Courses were removed for good: what only they used can go (their source materials). */
  afterRemoval?: () => void;
  /** The folder of the source materials' files, measured for Settings → Storage. */
  materialsFolder?: string;
}

/** Yields to the event loop between transactions, so IPC and the runner keep going. */
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Housekeeping {
  private busy: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly options: HousekeepingOptions) {}

  /** Between two transactions: other work runs; a closing app stops the cleanup there. */
  private readonly between = async (): Promise<void> => {
    await yieldNow();
    if (this.abort.signal.aborted) throw new Error('The app is closing: the cleanup stopped. What it removed so far is gone; the rest is kept.');
  };

  /** Removes courses in the bin for good (`ids`; absent: the whole bin). */
  removeForGood(ids?: readonly string[]): Promise<{ courses: number; callsRolledUp: number }> {
    return this.exclusive('A cleanup', async () => {
      const removed = await removeForGood(this.options.store, ids, this.between);
      if (removed.courses > 0) this.options.afterRemoval?.();
      return removed;
    });
  }

  /** No job runs here, and none holds a live lease elsewhere (the CLI, a second window). */
  isIdle = (): boolean => this.options.activeJobs() === 0 && !leasedJobRunning(this.options.store);

  view(): StorageView {
    const { store } = this.options;
    const bytes = fileBytes(store.db);
    const { sizes, measuredBy } = storageSizes(store.db);
    return {
      fileBytes: bytes.file,
      walBytes: bytes.wal,
      sizes,
      measuredBy,
      incremental: isIncremental(store.db),
      queueIdle: this.isIdle(),
      counts: storageCounts(store.db),
      materials: materialsReport(store.db, this.options.materialsFolder ?? null),
      settings: readHousekeeping(store),
      lastAuto: readLastAuto(store),
    };
  }

  cleanup(plan: CleanupPlan): Promise<CleanupResult> {
    if (plan.dryRun) return runCleanup(this.options.store, plan);
    return this.exclusive('A cleanup', async () => {
      const result = await runCleanup(this.options.store, plan, this.between);
      if (result.courses > 0) this.options.afterRemoval?.();
      return result;
    });
  }

  compact(): Promise<CompactResult> {
    return this.exclusive('Compacting', () =>
      compact(this.options.store.db, { isIdle: this.isIdle, signal: this.abort.signal, allowSwitch: true, pause: yieldNow }),
    );
  }

  /** Checks hourly whether a day has passed since the last automatic run. */
  start(): void {
    if (this.timer) return;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        void this.runIfDue().finally(() => {
          if (this.timer) schedule(this.options.checkEveryMs ?? 3_600_000);
        });
      }, ms);
      this.timer.unref?.();
    };
    schedule(this.options.firstCheckMs ?? 60_000);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
  }

  /**
   * The daily retention run: logs and versions as Settings say (the bin is only emptied by a
   * person), then free pages given back while the queue is idle (never the one full rewrite).
   * Returns null when it was not due, is switched off, or something else was running.
   */
  async runIfDue(): Promise<CleanupResult | null> {
    const { store } = this.options;
    try {
      const settings = readHousekeeping(store);
      if (!settings.auto || this.busy || store.damage) return null;
      const last = readLastAuto(store);
      const now = store.clockMs();
      if (last && now - Date.parse(last.at) < DAY_MS) return null;
      const result = await this.cleanup({ logsOlderThanDays: settings.logDays, keepVersions: settings.keepVersions, purgeDeleted: false, dryRun: false });
      saveLastAuto(store, new Date(now).toISOString(), result);
      if (isIncremental(store.db) && this.isIdle()) await this.compact();
      return result;
    } catch (error) {
      (this.options.onError ?? ((e) => console.warn('automatic cleanup failed:', e)))(error);
      return null;
    }
  }

  private async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw new ConflictError(`${this.busy} is already running; try again when it has finished.`);
    this.busy = what;
    try {
      return await fn();
    } finally {
      this.busy = null;
    }
  }
}
