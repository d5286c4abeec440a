// How each job and course status looks: a label and a tone (the badge colour). One table,
// so the queue, the tracker and the course list cannot disagree.
import type { CourseStatus, JobStatus, JobSummary } from '../../shared/domain';
import { FINISHED_JOB_STATUSES, MAX_AUTO_RETRIES, RUNNING_JOB_STATUSES } from '../../shared/domain';
import { formatClockTime } from './format';

export type Tone = 'grey' | 'blue' | 'purple' | 'green' | 'red' | 'amber';

export const JOB_STATUS_BADGES: Record<JobStatus, { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: 'grey' },
  generating_lessons: { label: 'Generating lessons', tone: 'blue' },
  generating_tasks: { label: 'Generating tasks', tone: 'blue' },
  finalizing: { label: 'Finalizing', tone: 'purple' },
  completed: { label: 'Completed', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  cancelled: { label: 'Cancelled', tone: 'grey' },
  paused: { label: 'Paused', tone: 'amber' },
};

export const COURSE_STATUS_BADGES: Record<CourseStatus, { label: string; tone: Tone }> = {
  draft: { label: 'Draft', tone: 'grey' },
  outline_approved: { label: 'Outline approved', tone: 'blue' },
  generating: { label: 'Generating', tone: 'blue' },
  generated: { label: 'Ready for review', tone: 'purple' },
  approved: { label: 'Approved', tone: 'green' },
  published: { label: 'Published', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  cancelled: { label: 'Cancelled', tone: 'grey' },
  rejected: { label: 'Rejected', tone: 'grey' },
};

export function isRunning(status: JobStatus): boolean {
  return (RUNNING_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

export function isFinished(status: JobStatus): boolean {
  return (FINISHED_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

/**
 * Which row actions make sense for a job in this status (the main process still decides).
 * A job waiting for an automatic retry (`waitingForRetry`) can also be retried now.
 */
export function jobActions(status: JobStatus, waitingForRetry = false): { cancel: boolean; retry: boolean; pause: boolean; resume: boolean; delete: boolean } {
  return {
    cancel: status === 'queued' || status === 'paused' || isRunning(status),
    retry: status === 'failed' || status === 'cancelled' || (status === 'queued' && waitingForRetry),
    pause: status === 'queued' || isRunning(status),
    resume: status === 'paused',
    delete: !isRunning(status),
  };
}

export interface AutoRetryWait {
  /** Which automatic retry this is (1..MAX_AUTO_RETRIES). */
  attempt: number;
  /** When it goes (ISO). */
  at: string;
  /** The failure that scheduled it. */
  reason: string | null;
}

/** The automatic retry a queued job waits for, or null (main queued it again with a count and a start ahead). */
export function autoRetryWait(job: Pick<JobSummary, 'status' | 'autoRetries' | 'runAfter' | 'retryReason'>, now: number): AutoRetryWait | null {
  if (job.status !== 'queued' || job.autoRetries <= 0 || !job.runAfter) return null;
  const at = Date.parse(job.runAfter);
  if (Number.isNaN(at) || at <= now) return null;
  return { attempt: job.autoRetries, at: job.runAfter, reason: job.retryReason };
}

/** "Retry 2 of 3 at 03:40". */
export function autoRetryLabel(wait: AutoRetryWait): string {
  return `Retry ${wait.attempt} of ${MAX_AUTO_RETRIES} at ${formatClockTime(wait.at)}`;
}
