// The live queue: a first page of jobs (what fills the screen, fast), then the older ones
// page by page in the background, and runner events pushed by main throughout (no
// polling). Batches that arrive while the first page is in flight are held and applied
// after it, skipping what it already includes. A seq gap triggers a fresh load; jobs
// queued elsewhere and cost/token counts, which events do not carry, are read by id.
import { create } from 'zustand';
import type { JobSummary, LogEntry } from '../../shared/domain';
import type { RunnerEvent } from '../../shared/events';
import type { JobsSnapshot } from '../../shared/ipc-contract';
import { api, call, errorMessage } from '../lib/api';
import { isFinished } from '../lib/status';
import { applyBatch, EMPTY_JOBS, finishedOnArrival, finishedSince, fromSnapshot, mergeRead, upsertJob, type BatchResult, type JobNotice, type JobsState } from './jobs-events';
import { toast } from './toasts';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

interface JobsStore {
  status: LoadStatus;
  error: string | null;
  data: JobsState;
  start(): void;
  reload(): Promise<void>;
  upsert(job: JobSummary): void;
  /** Reads one job by id when the state does not hold it yet (a link to a job on a page not read yet). */
  ensure(jobId: string): Promise<void>;
}

const STALE_REFRESH_MS = 2_000;
const RESNAPSHOT_DELAY_MS = 300;
const UNKNOWN_GRACE_MS = 1_000;
/** A screenful and some: the table can paint before the rest is read. */
export const FIRST_PAGE = 100;
/** About 600 KB of summaries: one page parses and merges well inside a frame's budget. */
const PAGE = 1_000;
const PAGE_RETRY_MS = 3_000;

type LogListener = (entries: LogEntry[]) => void;
const logListeners = new Map<string, Set<LogListener>>();
const resyncListeners = new Set<() => void>();
const noticeListeners = new Set<(n: JobNotice) => void>();

/** Live log lines of one job, as events deliver them. Returns an unsubscribe. */
export function subscribeJobLogs(jobId: string, listener: LogListener): () => void {
  const set = logListeners.get(jobId) ?? new Set();
  set.add(listener);
  logListeners.set(jobId, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) logListeners.delete(jobId);
  };
}

/** Called after events were lost and a snapshot replaced the state: log viewers catch up with `afterId`. */
export function subscribeResync(listener: () => void): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}

/** Job completed/failed/paused notices, for screens that react to one job (the stepwise wizard). */
export function subscribeNotices(listener: (n: JobNotice) => void): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

let started = false;
let held: RunnerEvent[][] | null = null;
/** Bumped by every fresh load: pages of an older load are dropped. */
let generation = 0;
/** A fresh load after lost events builds its state here and shows it once complete. */
let pending: JobsState | null = null;
let staleIds = new Set<string>();
let staleTimer: ReturnType<typeof setTimeout> | null = null;
let lastStaleRefresh = 0;
let resnapshotTimer: ReturnType<typeof setTimeout> | null = null;
let unknownIds = new Set<string>();
let unknownTimer: ReturnType<typeof setTimeout> | null = null;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * At start-up the older pages wait for this: main.tsx makes it "the window's first frame is
 * painted". A page of 1,000 jobs (parsing, merging, the table's new size) landing between
 * the first commit and its paint would otherwise hold that paint back.
 */
let olderPagesAfter: Promise<unknown> = Promise.resolve();
export function readOlderJobsAfter(ready: Promise<unknown>): void {
  olderPagesAfter = ready;
}

export const useJobs = create<JobsStore>((set, get) => {
  // Side effects of applied events: toasts and listeners for finished jobs, reads for jobs this window does not know, cost refreshes.
  const afterApply = (result: Pick<BatchResult, 'notices' | 'unknown' | 'stale'>): void => {
    announce(result.notices);
    if (result.unknown.length > 0) scheduleUnknownCheck(result.unknown);
    if (result.stale.length > 0) {
      for (const id of result.stale) staleIds.add(id);
      // A job that has just finished shows its final cost with its toast, not up to 2 s later.
      scheduleStaleRefresh(result.notices.some((n) => n.kind === 'completed' || n.kind === 'failed'));
    }
  };

  const onBatch = (batch: RunnerEvent[]): void => {
    forwardLogs(batch);
    if (held) {
      held.push(batch);
      return;
    }
    if (pending) {
      const result = applyBatch(pending, batch);
      if (result.gap) return scheduleResnapshot();
      pending = result.state;
      return;
    }
    if (get().status !== 'ready') return;
    const result = applyBatch(get().data, batch);
    if (result.gap) return scheduleResnapshot();
    if (result.state !== get().data) set({ data: result.state });
    afterApply(result);
    if (batch.some((event) => (event.type as string) === 'batches.changed')) rereadEconomyJobs();
  };

  // An economy batch was submitted or ended: which batch a job waits in (and what it saved)
  // changed without an event of its own, so the unfinished economy jobs are read again.
  const rereadEconomyJobs = (): void => {
    let any = false;
    for (const job of Object.values(get().data.jobs)) {
      if (!job.economy || (job.waitingInBatch === null && isFinished(job.status))) continue;
      staleIds.add(job.id);
      any = true;
    }
    if (any) scheduleStaleRefresh();
  };

  /**
   * Reads the first page, then the older pages one task at a time. At start-up (`live`)
   * the first page shows at once; after lost events the old state stays on screen until
   * the new one is complete, so the table does not shrink to a page and grow back.
   */
  const load = async (live: boolean): Promise<void> => {
    const gen = ++generation;
    held = [];
    pending = null;
    let state: JobsState;
    const effects: Pick<BatchResult, 'notices' | 'unknown' | 'stale'> = { notices: [], unknown: [], stale: [] };
    try {
      state = fromSnapshot(await call(api().jobsSnapshot({ limit: FIRST_PAGE })));
    } catch (error) {
      held = null;
      return loadFailed(error);
    }
    if (gen !== generation) return;
    const batches = held;
    held = null;
    // Batches that arrived during the request: what the page already has is skipped by seq; the rest is live news.
    for (const batch of batches) {
      const result = applyBatch(state, batch);
      if (result.gap) return scheduleResnapshot();
      state = result.state;
      effects.notices.push(...result.notices);
      effects.stale.push(...result.stale);
      // Unknown jobs may be on a page not read yet: checked once every page is here.
      for (const id of result.unknown) unknownIds.add(id);
    }
    if (live) {
      set({ status: 'ready', error: null, data: state });
      afterApply(effects);
    } else pending = state;

    let pageFailed = false;
    if (live && state.next) await olderPagesAfter;
    while ((live ? get().data : pending)?.next) {
      await nextTask();
      if (gen !== generation) return;
      const current = live ? get().data : pending!;
      let page: JobsSnapshot;
      try {
        page = await call(api().jobsSnapshot({ limit: PAGE, after: current.next! }));
      } catch (error) {
        // The queue is on screen (the first page, or the state before a reload): say so once, and keep asking.
        if (!pageFailed) toast({ tone: 'error', title: 'Could not read the older jobs', message: `${errorMessage(error)} Trying again…` });
        pageFailed = true;
        await new Promise((resolve) => setTimeout(resolve, PAGE_RETRY_MS));
        continue;
      }
      if (gen !== generation) return;
      const merged = mergeRead(live ? get().data : pending!, page, { page: true });
      if (live) set({ data: merged.state });
      else pending = merged.state;
      for (const id of merged.reread) unknownIds.add(id);
    }
    if (!live && pending) {
      const previous = get().data;
      const complete = pending;
      pending = null;
      set({ status: 'ready', error: null, data: complete });
      // Jobs that finished while events were lost still get their toast.
      announce(finishedSince(previous, complete));
    }
    for (const l of resyncListeners) l();
    if (unknownIds.size > 0) scheduleUnknownCheck([]);
  };

  const loadFailed = (error: unknown): void => {
    pending = null;
    if (get().status !== 'ready') set({ status: 'error', error: errorMessage(error) });
    else toast({ tone: 'error', title: 'Could not refresh the queue', message: errorMessage(error) });
  };

  const scheduleResnapshot = (): void => {
    if (resnapshotTimer) return;
    resnapshotTimer = setTimeout(() => {
      resnapshotTimer = null;
      void load(get().status !== 'ready');
    }, RESNAPSHOT_DELAY_MS);
  };

  /** Reads some jobs by id and merges them in (a cost refresh, or jobs queued elsewhere). */
  const readJobs = async (ids: readonly string[]): Promise<void> => {
    const gen = generation;
    for (let i = 0; i < ids.length; i += PAGE) {
      const result = await api().jobsSnapshot({ ids: ids.slice(i, i + PAGE) });
      if (!result.ok || gen !== generation || pending || get().status !== 'ready') return;
      const merged = mergeRead(get().data, result.value, { page: false });
      set({ data: merged.state });
      announce(finishedOnArrival(merged.added));
      // Rare: an event overtook the answer, and may have been skipped as unknown. Read those once more, a moment later.
      if (merged.reread.length > 0) setTimeout(() => void readJobs(merged.reread), UNKNOWN_GRACE_MS);
    }
  };

  // A job queued by this window usually arrives through `upsert` right after its event; only
  // jobs still unknown a moment later (queued by the CLI or another window) are read, by id,
  // once every page is in (until then they may be on a page not read yet).
  const scheduleUnknownCheck = (ids: readonly string[]): void => {
    for (const id of ids) unknownIds.add(id);
    if (unknownTimer) return;
    unknownTimer = setTimeout(() => {
      unknownTimer = null;
      const data = get().data;
      if (get().status !== 'ready' || data.next || pending) return;
      const missing = [...unknownIds].filter((id) => data.jobs[id] === undefined);
      unknownIds = new Set();
      void readJobs(missing);
    }, UNKNOWN_GRACE_MS);
  };

  /** Reads the jobs whose cost changed, at most every STALE_REFRESH_MS, or at once (`now`) when one has finished. */
  const scheduleStaleRefresh = (now = false): void => {
    if (staleTimer && !now) return;
    if (staleTimer) clearTimeout(staleTimer);
    const wait = now ? 0 : Math.max(0, lastStaleRefresh + STALE_REFRESH_MS - Date.now());
    staleTimer = setTimeout(() => {
      staleTimer = null;
      lastStaleRefresh = Date.now();
      const ids = [...staleIds].filter((id) => get().data.jobs[id] !== undefined);
      staleIds = new Set();
      void readJobs(ids);
    }, wait);
  };

  return {
    status: 'idle',
    error: null,
    data: EMPTY_JOBS,
    start() {
      if (started) return;
      started = true;
      set({ status: 'loading' });
      try {
        api().onRunnerEvents(onBatch);
      } catch (error) {
        set({ status: 'error', error: errorMessage(error) });
        return;
      }
      // Ready and the first page leave together: main buffers events until ready, and the
      // page's seq says which of them it already includes.
      void api()
        .appReady()
        .then((ready) => {
          if (!ready.ok) console.warn('app.ready failed', ready.error.message);
        });
      void load(true);
    },
    async reload() {
      if (get().status !== 'ready') set({ status: 'loading' });
      await load(get().status !== 'ready');
    },
    upsert(job) {
      set({ data: upsertJob(get().data, job) });
    },
    async ensure(jobId) {
      if (get().status === 'ready' && !get().data.jobs[jobId]) await readJobs([jobId]);
    },
  };
});

function announce(notices: readonly JobNotice[]): void {
  for (const n of notices) {
    for (const l of noticeListeners) l(n);
    if (n.kind === 'completed') toast({ tone: 'success', title: 'Course generated', message: n.title, href: `#/queue/${n.jobId}`, hrefLabel: 'View job' });
    if (n.kind === 'failed') toast({ tone: 'error', title: 'Generation failed', message: `${n.title}: ${n.message ?? ''}`, href: `#/queue/${n.jobId}`, hrefLabel: 'View job' });
  }
}

function forwardLogs(batch: readonly RunnerEvent[]): void {
  if (logListeners.size === 0) return;
  const byJob = new Map<string, LogEntry[]>();
  for (const event of batch) {
    if (event.type !== 'log' || !logListeners.has(event.jobId)) continue;
    const list = byJob.get(event.jobId) ?? [];
    list.push(event.entry);
    byJob.set(event.jobId, list);
  }
  for (const [jobId, entries] of byJob) for (const l of logListeners.get(jobId) ?? []) l(entries);
}
