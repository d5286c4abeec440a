// The live queue: one snapshot, then runner events pushed by main (no polling). Batches
// that arrive while a snapshot is in flight are held and applied after it, skipping what
// the snapshot already includes. A seq gap triggers a fresh snapshot; cost and token
// counts, which events do not carry, are refreshed by a debounced filtered snapshot.
import { create } from 'zustand';
import type { JobStatus, JobSummary, LogEntry } from '../../shared/domain';
import type { RunnerEvent } from '../../shared/events';
import { api, call, errorMessage } from '../lib/api';
import { applyBatch, EMPTY_JOBS, finishedSince, fromSnapshot, mergeSnapshotFields, upsertJob, type BatchResult, type JobNotice, type JobsState } from './jobs-events';
import { toast } from './toasts';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

interface JobsStore {
  status: LoadStatus;
  error: string | null;
  data: JobsState;
  start(): void;
  reload(): Promise<void>;
  upsert(job: JobSummary): void;
}

const STALE_REFRESH_MS = 2_000;
const RESNAPSHOT_DELAY_MS = 300;
const UNKNOWN_GRACE_MS = 1_000;

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
let staleIds = new Set<string>();
let staleTimer: ReturnType<typeof setTimeout> | null = null;
let lastStaleRefresh = 0;
let resnapshotTimer: ReturnType<typeof setTimeout> | null = null;
let unknownIds = new Set<string>();
let unknownTimer: ReturnType<typeof setTimeout> | null = null;

export const useJobs = create<JobsStore>((set, get) => {
  // Side effects of applied events: toasts and listeners for finished jobs, lookups for jobs this window does not know, cost refreshes.
  const afterApply = (result: Pick<BatchResult, 'notices' | 'unknown' | 'stale'>): void => {
    announce(result.notices);
    if (result.unknown.length > 0) scheduleUnknownCheck(result.unknown);
    if (result.stale.length > 0) {
      for (const id of result.stale) staleIds.add(id);
      scheduleStaleRefresh();
    }
  };

  const onBatch = (batch: RunnerEvent[]): void => {
    forwardLogs(batch);
    if (held) {
      held.push(batch);
      return;
    }
    if (get().status !== 'ready') return;
    const result = applyBatch(get().data, batch);
    if (result.gap) return scheduleResnapshot();
    if (result.state !== get().data) set({ data: result.state });
    afterApply(result);
  };

  const snapshot = async (): Promise<void> => {
    held = [];
    try {
      const snap = await call(api().jobsSnapshot());
      const previous = get().status === 'ready' ? get().data : null;
      let state = fromSnapshot(snap);
      // A re-snapshot after lost events (or for a job queued elsewhere) still tells about jobs that finished meanwhile.
      const effects: Pick<BatchResult, 'notices' | 'unknown' | 'stale'> = { notices: previous ? finishedSince(previous, state) : [], unknown: [], stale: [] };
      let gap = false;
      const pending = held;
      held = null;
      // Batches that arrived during the request: what the snapshot already has is skipped by seq; the rest is live news.
      for (const batch of pending) {
        const result = applyBatch(state, batch);
        if (result.gap) {
          gap = true;
          break;
        }
        state = result.state;
        effects.notices.push(...result.notices);
        effects.unknown.push(...result.unknown);
        effects.stale.push(...result.stale);
      }
      set({ status: 'ready', error: null, data: state });
      afterApply(effects);
      for (const l of resyncListeners) l();
      if (gap) scheduleResnapshot();
    } catch (error) {
      held = null;
      if (get().status !== 'ready') set({ status: 'error', error: errorMessage(error) });
      else toast({ tone: 'error', title: 'Could not refresh the queue', message: errorMessage(error) });
    }
  };

  const scheduleResnapshot = (): void => {
    if (resnapshotTimer) return;
    resnapshotTimer = setTimeout(() => {
      resnapshotTimer = null;
      void snapshot();
    }, RESNAPSHOT_DELAY_MS);
  };

  // A job queued by this window usually arrives through `upsert` right after its event; only
  // jobs still unknown a moment later (queued by the CLI or another window) need a snapshot.
  const scheduleUnknownCheck = (ids: readonly string[]): void => {
    for (const id of ids) unknownIds.add(id);
    if (unknownTimer) return;
    unknownTimer = setTimeout(() => {
      unknownTimer = null;
      const missing = [...unknownIds].filter((id) => get().data.jobs[id] === undefined);
      unknownIds = new Set();
      if (missing.length > 0) scheduleResnapshot();
    }, UNKNOWN_GRACE_MS);
  };

  const scheduleStaleRefresh = (): void => {
    if (staleTimer) return;
    const wait = Math.max(0, lastStaleRefresh + STALE_REFRESH_MS - Date.now());
    staleTimer = setTimeout(() => {
      staleTimer = null;
      lastStaleRefresh = Date.now();
      void refreshStale();
    }, wait);
  };

  const refreshStale = async (): Promise<void> => {
    const ids = [...staleIds];
    staleIds = new Set();
    const jobs = ids.map((id) => get().data.jobs[id]).filter((j): j is JobSummary => j !== undefined);
    if (jobs.length === 0) return;
    // A filter keeps this cheap with 10,000 finished jobs: only the statuses (and, for one job, the title) involved.
    const statuses = [...new Set<JobStatus>(jobs.map((j) => j.status))];
    const only = jobs.length === 1 ? jobs[0] : undefined;
    const result = await api().jobsSnapshot({ statuses, ...(only ? { search: only.courseTitle.slice(0, 300) } : {}) });
    if (!result.ok) return;
    set({ data: mergeSnapshotFields(get().data, result.value.jobs) });
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
      void (async () => {
        const ready = await api().appReady();
        if (!ready.ok) console.warn('app.ready failed', ready.error.message);
        await snapshot();
      })();
    },
    async reload() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading' });
      await snapshot();
    },
    upsert(job) {
      set({ data: upsertJob(get().data, job) });
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
