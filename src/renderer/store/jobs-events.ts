// Pure state for the queue: a first page of jobs, the older pages merged in as they arrive,
// and runner events applied in sequence order throughout.
// Invariants: an event at or below `seq` is never applied twice; a batch that starts past
// `seq + 1` means events were lost, so the caller must take a fresh snapshot; fields the
// events do not carry (cost, tokens, titles) come only from reads.
// A job first read by a later request (an older page, a job queued elsewhere) may then
// receive events its read already includes (they were still on their way). They are
// applied anyway, on purpose: events set fields to absolute values and arrive in order, so
// replaying the tail of a job's history ends where the read was. A notice (completed,
// failed, paused) comes only with a change of status, so a replayed one is not announced
// twice. Jobs already held take only the fields no event carries from a read.
import type { JobStatus, JobStep, JobSummary, QueueState, RunReport } from '../../shared/domain';
import type { RunnerEvent } from '../../shared/events';
import type { JobsCursor, JobsSnapshot } from '../../shared/ipc-contract';

export interface JobsState {
  /** The last event sequence reflected in `jobs`. */
  seq: number;
  /** Newest first, as the snapshot orders them. */
  order: string[];
  jobs: Record<string, JobSummary>;
  queue: QueueState | null;
  /** Where the next page of older jobs starts; null once every job is here. */
  next: JobsCursor | null;
  /** The last run's morning report (from the snapshot, then `run.report` events). */
  report: RunReport | null;
}

export interface JobNotice {
  kind: 'completed' | 'failed' | 'paused';
  jobId: string;
  title: string;
  message?: string;
}

export interface BatchResult {
  state: JobsState;
  /** Events were lost between the last batch and this one: re-snapshot. */
  gap: boolean;
  /** Jobs whose cost/tokens changed (a unit finished): refresh them from a snapshot, debounced. */
  stale: string[];
  /** Jobs the state does not know (queued elsewhere): they need a snapshot to get a title. */
  unknown: string[];
  notices: JobNotice[];
}

export const EMPTY_JOBS: JobsState = { seq: 0, order: [], jobs: {}, queue: null, next: null, report: null };

/** The state a (first page of a) snapshot describes; `next` says whether older pages follow. */
export function fromSnapshot(snapshot: JobsSnapshot): JobsState {
  const jobs: Record<string, JobSummary> = {};
  for (const job of snapshot.jobs) jobs[job.id] = job;
  return { seq: snapshot.seq, order: snapshot.jobs.map((j) => j.id), jobs, queue: snapshot.queue, next: snapshot.next, report: snapshot.report ?? null };
}

/** The later of two reports (ids only grow): a read that overtook a `run.report` event must not bring back the older one. */
function laterReport(held: RunReport | null, read: RunReport | null | undefined): RunReport | null {
  if (!read) return held;
  return !held || read.id > held.id ? read : held;
}

export interface MergeResult {
  state: JobsState;
  /** Jobs the state did not hold before. */
  added: JobSummary[];
  /**
   * Jobs that were new to the state but read before the events already applied: an event
   * for them may have been skipped as unknown, so they must be read again.
   */
  reread: string[];
}

/**
 * Merges jobs read by a later request — the next page (`page: true`: its cursor becomes the
 * state's), or a refresh of some jobs — into the state, in list order.
 */
export function mergeRead(state: JobsState, read: JobsSnapshot, options: { page: boolean }): MergeResult {
  const reread: string[] = [];
  const jobs = { ...state.jobs };
  const added: JobSummary[] = [];
  // Rare: an event emitted after the read overtook its answer, and may have been skipped as unknown.
  const behind = read.seq < state.seq;
  for (const job of read.jobs) {
    const current = jobs[job.id];
    if (!current) {
      jobs[job.id] = job;
      added.push(job);
      if (behind) reread.push(job.id);
    } else {
      // Held jobs keep their event-driven fields: events describe the run as the window saw
      // it (the step being reviewed, say), which the stored row does not always repeat.
      jobs[job.id] = withReadOnlyFields(current, job);
    }
  }
  return {
    state: {
      ...state,
      jobs,
      order: added.length > 0 ? insertInOrder(state.order, jobs, added) : state.order,
      queue: read.seq >= state.seq ? read.queue : state.queue,
      next: options.page ? read.next : state.next,
      report: laterReport(state.report, read.report),
    },
    added,
    reread,
  };
}

/** Jobs first seen already finished (queued elsewhere, done before this window heard of them): still worth a notice. */
export function finishedOnArrival(jobs: readonly JobSummary[]): JobNotice[] {
  return jobs.map(finishNotice).filter((n): n is JobNotice => n !== null);
}

function finishNotice(job: JobSummary): JobNotice | null {
  if (job.status === 'completed') return { kind: 'completed', jobId: job.id, title: job.courseTitle };
  if (job.status === 'failed') return { kind: 'failed', jobId: job.id, title: job.courseTitle, message: job.errorMessage ?? undefined };
  return null;
}

/** The job's open running stretch ended at `at` (as main records it: see the jobs repository). */
function stopped(job: JobSummary, at: string): JobSummary {
  if (!job.runningSince) return job;
  const ran = Date.parse(at) - Date.parse(job.runningSince);
  return { ...job, activeMs: job.activeMs + (Number.isNaN(ran) ? 0 : Math.max(0, ran)), runningSince: null };
}

/** List order: newest first, ties by id (the order main pages in). */
const before = (a: JobSummary, b: JobSummary) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);

function insertInOrder(order: readonly string[], jobs: Record<string, JobSummary>, added: readonly JobSummary[]): string[] {
  const last = jobs[order.at(-1) ?? ''];
  const sorted = [...added].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  // A page of older jobs goes after everything held: no search needed.
  if (!last || before(last, sorted[0]!)) return [...order, ...sorted.map((j) => j.id)];
  const out = [...order];
  for (const job of sorted) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = jobs[out[mid]!];
      if (other && before(other, job)) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, job.id);
  }
  return out;
}

const STEP_STATUS: Record<JobStep, JobStatus | null> = {
  lessons: 'generating_lessons',
  tasks: 'generating_tasks',
  finalize: 'finalizing',
  publish: 'finalizing',
};

export function applyBatch(state: JobsState, batch: readonly RunnerEvent[]): BatchResult {
  const result: BatchResult = { state, gap: false, stale: [], unknown: [], notices: [] };
  const first = batch[0];
  if (!first) return result;
  if (first.seq > state.seq + 1) return { ...result, gap: true };

  let jobs = state.jobs;
  let order = state.order;
  let queue = state.queue;
  let report = state.report;
  let copied = false;
  const stale = new Set<string>();
  const unknown = new Set<string>();
  const edit = (jobId: string, change: (job: JobSummary) => JobSummary): void => {
    const job = jobs[jobId];
    if (!job) {
      unknown.add(jobId);
      return;
    }
    if (!copied) {
      jobs = { ...jobs };
      copied = true;
    }
    jobs[jobId] = change(job);
  };

  let seq = state.seq;
  for (const event of batch) {
    if (event.seq <= seq) continue;
    seq = event.seq;
    switch (event.type) {
      case 'job.queued':
        // Also a running job handed back to the queue (a queue pause): its running stretch ends here.
        if (!jobs[event.jobId]) unknown.add(event.jobId);
        else {
          edit(event.jobId, (j) => ({ ...stopped(j, event.at), status: 'queued', errorMessage: null, failedStep: null, completedAt: null }));
          stale.add(event.jobId);
        }
        break;
      case 'job.started':
        edit(event.jobId, (j) => ({ ...j, status: event.status, startedAt: j.startedAt ?? event.at, runningSince: j.runningSince ?? event.at, reviewStep: null, completedAt: null, errorMessage: null }));
        break;
      case 'job.retrying':
        stale.add(event.jobId);
        break;
      case 'job.completed': {
        const was = jobs[event.jobId]?.status;
        edit(event.jobId, (j) => ({ ...stopped(j, event.at), status: 'completed', completedAt: event.at, currentItem: null, errorMessage: null, failedStep: null }));
        stale.add(event.jobId);
        if (was !== 'completed') notice(result, jobs, { kind: 'completed', jobId: event.jobId });
        break;
      }
      case 'job.exported':
        // The files and any failures are read with the job.
        stale.add(event.jobId);
        break;
      case 'job.failed': {
        const was = jobs[event.jobId]?.status;
        edit(event.jobId, (j) => ({ ...stopped(j, event.at), status: 'failed', completedAt: event.at, errorMessage: event.error, failedStep: event.step }));
        stale.add(event.jobId);
        if (was !== 'failed') notice(result, jobs, { kind: 'failed', jobId: event.jobId, message: event.error });
        break;
      }
      case 'job.cancelled':
        edit(event.jobId, (j) => ({ ...stopped(j, event.at), status: 'cancelled', failureCause: 'cancelled', completedAt: event.at }));
        stale.add(event.jobId);
        break;
      case 'job.paused': {
        const was = jobs[event.jobId]?.status;
        edit(event.jobId, (j) => ({ ...stopped(j, event.at), status: 'paused' }));
        // Whether it waits for a review (or was paused mid-step) is read from the store.
        stale.add(event.jobId);
        if (was !== 'paused') notice(result, jobs, { kind: 'paused', jobId: event.jobId });
        break;
      }
      case 'job.deleted':
        if (jobs[event.jobId]) {
          if (!copied) {
            jobs = { ...jobs };
            copied = true;
          }
          delete jobs[event.jobId];
          order = order.filter((id) => id !== event.jobId);
        }
        unknown.delete(event.jobId);
        stale.delete(event.jobId);
        break;
      case 'step.started': {
        const status = STEP_STATUS[event.step];
        edit(event.jobId, (j) => ({ ...j, currentStep: event.step, status: status ?? j.status }));
        break;
      }
      case 'step.completed':
        break;
      case 'item.started':
        edit(event.jobId, (j) => ({ ...j, currentStep: event.step }));
        break;
      case 'item.completed':
        stale.add(event.jobId);
        break;
      case 'progress':
        edit(event.jobId, (j) => ({ ...j, itemsCompleted: event.completed, itemsTotal: event.total }));
        break;
      case 'queue.state':
        queue = event.state;
        break;
      case 'run.report':
        report = laterReport(report, event.report);
        break;
      case 'log':
        break;
    }
  }
  for (const id of unknown) stale.delete(id);
  const unchanged = jobs === state.jobs && order === state.order && queue === state.queue && report === state.report && seq === state.seq;
  result.state = unchanged ? state : { ...state, seq, order, jobs, queue, report };
  result.stale = [...stale].filter((id) => jobs[id] !== undefined);
  result.unknown = [...unknown];
  return result;
}

function notice(result: BatchResult, jobs: Record<string, JobSummary>, n: Omit<JobNotice, 'title'>): void {
  const job = jobs[n.jobId];
  if (!job) return;
  result.notices.push({ ...n, title: job.courseTitle });
}

/**
 * Jobs that completed or failed between two snapshots (events in between were lost, or
 * the job was queued elsewhere and finished before this window learned of it).
 */
export function finishedSince(before: JobsState, after: JobsState): JobNotice[] {
  const notices: JobNotice[] = [];
  for (const id of after.order) {
    const job = after.jobs[id];
    if (!job || before.jobs[id]?.status === job.status) continue;
    const notice = finishNotice(job);
    if (notice) notices.push(notice);
  }
  return notices;
}

/** Adds or replaces one job (e.g. the summary `jobs.enqueue` returned), in list order. */
export function upsertJob(state: JobsState, job: JobSummary): JobsState {
  const exists = state.jobs[job.id] !== undefined;
  const jobs = { ...state.jobs, [job.id]: job };
  return { ...state, jobs, order: exists ? state.order : insertInOrder(state.order, jobs, [job]) };
}

/**
 * Fields no event carries: taken from a (possibly filtered) snapshot without touching the
 * event-driven ones. An automatic retry's count and reason arrive this way: its `job.queued`
 * marks the job stale, and the re-read brings them with its `runAfter`.
 */
export const SNAPSHOT_ONLY_FIELDS = [
  'courseTitle',
  'currentItem',
  'usage',
  'costUsd',
  'calls',
  'retryCount',
  'priority',
  'runAfter',
  'autoPublish',
  'leaseOwner',
  'leaseExpiresAt',
  'startedAt',
  'reviewStep',
  'autoRetries',
  'retryReason',
  // Economy (issue 14): which batch its units wait in changes with the batches, what it saved with its cost.
  'economy',
  'waitingInBatch',
  'savedUsd',
  // Auto-export (issue 15): asked for at enqueue; its outcome lands after job.completed (job.exported).
  'autoExport',
  'autoExportResult',
] as const satisfies readonly (keyof JobSummary)[];

function withReadOnlyFields(current: JobSummary, update: JobSummary): JobSummary {
  let next: JobSummary | null = null;
  for (const field of SNAPSHOT_ONLY_FIELDS) {
    if (!sameValue(current[field], update[field])) {
      next ??= { ...current };
      (next as unknown as Record<string, unknown>)[field] = update[field];
    }
  }
  return next ?? current;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

export function orderedJobs(state: JobsState): JobSummary[] {
  const out: JobSummary[] = [];
  for (const id of state.order) {
    const job = state.jobs[id];
    if (job) out.push(job);
  }
  return out;
}

export interface QueueTotals {
  running: number;
  /** Queued and due: they start as soon as a slot is free (or the queue is resumed). */
  waiting: number;
  paused: number;
  /** Queued with a start time still ahead. */
  scheduled: number;
  /** Queued again by main after a transient failure, its automatic retry still ahead (not counted in `scheduled`). */
  retrying: number;
  failed: number;
  /** Units of the running jobs only: a queued job has no plan (0/0) until it starts. */
  unitsDone: number;
  unitsTotal: number;
  /** The earliest start time ahead (ms), when a scheduled job turns into a waiting one. */
  nextStartAt: number | null;
}

/** The global tracker's numbers: what runs now, what is next, and what failed. */
export function queueTotals(state: JobsState, now: number): QueueTotals {
  const totals: QueueTotals = { running: 0, waiting: 0, paused: 0, scheduled: 0, retrying: 0, failed: 0, unitsDone: 0, unitsTotal: 0, nextStartAt: null };
  for (const id of state.order) {
    const job = state.jobs[id];
    if (!job) continue;
    switch (job.status) {
      case 'failed':
        totals.failed++;
        break;
      case 'paused':
        totals.paused++;
        break;
      case 'queued': {
        const at = job.runAfter ? Date.parse(job.runAfter) : NaN;
        if (at > now) {
          if (job.autoRetries > 0) totals.retrying++;
          else totals.scheduled++;
          totals.nextStartAt = totals.nextStartAt === null ? at : Math.min(totals.nextStartAt, at);
        } else totals.waiting++;
        break;
      }
      case 'generating_lessons':
      case 'generating_tasks':
      case 'finalizing':
        totals.running++;
        totals.unitsDone += job.itemsCompleted;
        totals.unitsTotal += job.itemsTotal;
        break;
      default:
        break;
    }
  }
  return totals;
}

/** Nothing runs, waits, is paused, scheduled or due for a retry (failed jobs are news, not work). */
export function isIdle(totals: QueueTotals): boolean {
  return totals.running === 0 && totals.waiting === 0 && totals.paused === 0 && totals.scheduled === 0 && totals.retrying === 0;
}

/** "3 running · 12/40 units · 2 waiting · 1 paused · 1 scheduled · 1 retry pending", or "Idle". */
export function describeTotals(totals: QueueTotals): string {
  if (isIdle(totals)) return 'Idle';
  return [
    totals.running ? `${totals.running} running` : null,
    totals.unitsTotal > 0 ? `${totals.unitsDone}/${totals.unitsTotal} units` : null,
    totals.waiting ? `${totals.waiting} waiting` : null,
    totals.paused ? `${totals.paused} paused` : null,
    totals.scheduled ? `${totals.scheduled} scheduled` : null,
    totals.retrying ? `${totals.retrying} ${totals.retrying === 1 ? 'retry' : 'retries'} pending` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
