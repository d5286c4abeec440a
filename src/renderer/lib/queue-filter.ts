// The queue's filter and search as they live in the URL (`#/queue?status=failed&q=react`).
// Unknown values fall back to "all" rather than showing an empty table for a typo.
import type { JobStatus, JobSummary } from '../../shared/domain';
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
}

export function parseQueueView(query: Record<string, string>): QueueView {
  const status = query.status ?? 'all';
  const filter = (QUEUE_FILTERS as readonly string[]).includes(status) ? (status as QueueFilter) : 'all';
  return { filter, search: (query.q ?? '').slice(0, 300) };
}

export function queueViewQuery(view: QueueView): Record<string, string | undefined> {
  return { status: view.filter === 'all' ? undefined : view.filter, q: view.search.trim() === '' ? undefined : view.search };
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
