// The queue's filter and search as they live in the URL (`#/queue?status=failed&q=react`).
// Unknown values fall back to "all" rather than showing an empty table for a typo.
// Insights links to the jobs behind one of its figures with a cause and the start of its
// period (`#/queue?status=failed&cause=rate_limit&since=2026-11-30T12:00:00.000Z`).
import type { JobStatus, JobSummary } from '../../shared/domain';
import { isFailureCause, type FailureCause } from '../../shared/failure-causes';
import { isRunning } from './status';

export const QUEUE_FILTERS = ['all', 'running', 'queued', 'completed', 'failed', 'cancelled'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const QUEUE_FILTER_LABELS: Record<QueueFilter, string> = {
  all: 'All',
  running: 'Running',
  queued: 'Queued',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export interface QueueView {
  filter: QueueFilter;
  search: string;
  /** Only jobs that failed for this cause (or were cancelled, for 'cancelled'). */
  cause?: FailureCause | null;
  /** Only jobs that ended at or after this ISO time. */
  since?: string | null;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

export function parseQueueView(query: Record<string, string>): QueueView {
  const status = query.status ?? 'all';
  const filter = (QUEUE_FILTERS as readonly string[]).includes(status) ? (status as QueueFilter) : 'all';
  const view: QueueView = { filter, search: (query.q ?? '').slice(0, 300) };
  if (query.cause !== undefined && isFailureCause(query.cause)) view.cause = query.cause;
  if (query.since !== undefined && ISO_TIME.test(query.since)) view.since = query.since;
  return view;
}

export function queueViewQuery(view: QueueView): Record<string, string | undefined> {
  return {
    status: view.filter === 'all' ? undefined : view.filter,
    q: view.search.trim() === '' ? undefined : view.search,
    cause: view.cause ?? undefined,
    since: view.since ?? undefined,
  };
}

/** The queue address that lists the jobs behind an Insights cause over a period (since: null, everything). */
export function causeQueueHash(cause: FailureCause, since: string | null): Record<string, string | undefined> {
  return queueViewQuery({ filter: cause === 'cancelled' ? 'cancelled' : 'failed', search: '', cause, since });
}

/** Paused jobs wait like queued ones, so they sit under "Queued". */
export function statusMatches(status: JobStatus, filter: QueueFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'running':
      return isRunning(status);
    case 'queued':
      return status === 'queued' || status === 'paused';
    default:
      return status === filter;
  }
}

export function jobMatches(job: JobSummary, view: QueueView): boolean {
  if (!statusMatches(job.status, view.filter)) return false;
  if (view.cause && job.failureCause !== view.cause) return false;
  if (view.since && (job.completedAt === null || job.completedAt < view.since)) return false;
  const needle = view.search.trim().toLowerCase();
  if (needle === '') return true;
  return job.courseTitle.toLowerCase().includes(needle) || job.id.startsWith(needle) || (job.errorMessage ?? '').toLowerCase().includes(needle);
}

export function filterJobs(jobs: readonly JobSummary[], view: QueueView): JobSummary[] {
  return jobs.filter((j) => jobMatches(j, view));
}

export function countByFilter(jobs: readonly JobSummary[]): Record<QueueFilter, number> {
  const counts: Record<QueueFilter, number> = { all: 0, running: 0, queued: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const job of jobs) {
    counts.all++;
    for (const f of QUEUE_FILTERS) if (f !== 'all' && statusMatches(job.status, f)) counts[f]++;
  }
  return counts;
}
