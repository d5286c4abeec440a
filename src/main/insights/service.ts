// The Insights behind `insights.get`: the kept figures (cache.ts) in front of a reader that
// works off the main thread (reader.ts), and the warming of the page's default period.
//
// Warming: the page opens on the last 7 days, and on a large store its first read takes
// 0.1–0.3 s (more on a busy machine): most of the 300 ms the page may take to open. So the
// service reads that period ahead, in the worker, when nobody waits for it: a second after
// the start; 2 s after the runner's last event (a job's end wrote new figures); at the
// minute the period's start (on whole minutes, period.ts) passes a row, from which the kept
// figures no longer hold (cache.ts `staleFrom`); and at the latest each minute, in case
// another process wrote. A warming that finds the kept figures exact costs a few index
// probes and reads nothing. It never runs while a job runs (the figures would be out of
// date at the next write) and never blocks anything: the read is in the worker, and main
// only compares a stamp. Where reads happen in the main thread (no worker, `:memory:`) it
// does not warm, because there the read would block.
import type Database from 'better-sqlite3';
import type { Insights, InsightsPeriod } from '../../shared/insights';
import type { StartWorker } from '../core/persistent-worker';
import { InsightsCache } from './cache';
import type { InsightsRequest } from './insights';
import { periodStart, periodStartReaches } from './period';
import { workerInsightsReader, type WorkerInsightsReader } from './reader';

/** The period the page opens on. */
export const WARMED_PERIOD: InsightsPeriod = '7d';

export interface WarmingOptions {
  /** After the start (the window's first reads go first). */
  startDelayMs: number;
  /** After the runner's last event, with no job running. */
  quietMs: number;
  /** At most this long between two checks while quiet. */
  maxIntervalMs: number;
  /** At least this long between two reads (a store with a row every second would read all the time). */
  minIntervalMs: number;
}

export const WARMING: WarmingOptions = { startDelayMs: 1_000, quietMs: 2_000, maxIntervalMs: 60_000, minIntervalMs: 5_000 };

export interface InsightsServiceOptions {
  db: Database.Database;
  clockMs: () => number;
  /** Starts the Insights worker; null: read in the main thread (and do not warm). */
  startWorker: StartWorker | null;
  /** Whether a job is running now: no warming then. */
  busy: () => boolean;
  /** False: never warm (tests that count reads). */
  warming?: Partial<WarmingOptions> | false;
}

export class InsightsService {
  readonly cache: InsightsCache;
  readonly reader: WorkerInsightsReader;
  /** Warmings that ran (whether or not they had to read). */
  warmings = 0;
  private tz: number;
  private timer: NodeJS.Timeout | null = null;
  private lastWarmReadMs = -Infinity;
  private closed = false;
  private readonly warming: WarmingOptions | null;

  constructor(private readonly options: InsightsServiceOptions) {
    this.reader = workerInsightsReader(options.db, options.startWorker);
    this.cache = new InsightsCache(options.db, this.reader);
    // Read in this thread, a warming would block it: none then.
    this.warming = options.warming === false || !this.reader.offThread ? null : { ...WARMING, ...options.warming };
    // Until the page says otherwise, its time zone is this machine's (main and the window share it).
    this.tz = -new Date(options.clockMs()).getTimezoneOffset();
  }

  get(period: InsightsPeriod, tzOffsetMinutes: number): Promise<Insights> {
    // A late request after the core stopped would start a new worker on a closed store.
    if (this.closed) return Promise.reject(new Error('The Insights cannot be read: the app is closing.'));
    this.tz = tzOffsetMinutes;
    return this.cache.read(this.request(period, tzOffsetMinutes));
  }

  /** Starts warming (after the start delay). */
  start(): void {
    if (this.warming) this.schedule(this.warming.startDelayMs);
  }

  /** The runner did something: warm once it has been quiet for a while. */
  poke(): void {
    if (this.warming) this.schedule(this.warming.quietMs);
  }

  /** Warms the default period now; resolves when its figures are kept. Exposed for tests. */
  async warm(): Promise<void> {
    if (this.closed || !this.reader.offThread || this.options.busy()) return;
    this.warmings++;
    const request = this.request(WARMED_PERIOD, this.tz);
    const reads = this.cache.reads;
    try {
      await this.cache.read(request);
    } catch (error) {
      // The page reads for itself when opened and shows what went wrong there.
      console.warn(`warming the Insights failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.cache.reads !== reads) this.lastWarmReadMs = this.options.clockMs();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.reader.close();
  }

  private request(period: InsightsPeriod, tzOffsetMinutes: number): InsightsRequest {
    const nowMs = this.options.clockMs();
    return { period, since: periodStart(period, nowMs), tzOffsetMinutes, nowMs };
  }

  private schedule(delayMs: number): void {
    if (this.closed || !this.warming) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    // Warming never keeps a process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const w = this.warming!;
    // A job running: its next event pokes again, and its end too.
    if (this.options.busy() || !this.reader.offThread) return;
    const nowMs = this.options.clockMs();
    // Not two reads in quick succession: the next check waits out the rest of the gap.
    const gap = this.lastWarmReadMs + w.minIntervalMs - nowMs;
    if (gap > 0 && !this.cache.isFresh(this.request(WARMED_PERIOD, this.tz))) return this.schedule(gap);
    await this.warm();
    if (this.closed || this.timer) return; // closed, or poked meanwhile
    let until: number | null = null;
    try {
      const staleFrom = this.cache.staleFrom(this.request(WARMED_PERIOD, this.tz));
      // The minute the period's start passes a row: read again then, at the minute's turn.
      until = staleFrom === null ? null : periodStartReaches(WARMED_PERIOD, staleFrom);
    } catch {
      // A store that cannot be probed now: the next check tries again.
    }
    const now = this.options.clockMs();
    this.schedule(Math.min(w.maxIntervalMs, Math.max(until === null ? w.maxIntervalMs : until - now, 0) + 50));
  }
}
