// How each job and course status looks: a label and a tone (the badge colour). One table,
// so the queue, the tracker and the course list cannot disagree.
import type { CourseStatus, JobStatus } from '../../shared/domain';
import { FINISHED_JOB_STATUSES, RUNNING_JOB_STATUSES } from '../../shared/domain';

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

/** Which row actions make sense for a job in this status (the main process still decides). */
export function jobActions(status: JobStatus): { cancel: boolean; retry: boolean; pause: boolean; resume: boolean; delete: boolean } {
  return {
    cancel: status === 'queued' || status === 'paused' || isRunning(status),
    retry: status === 'failed' || status === 'cancelled',
    pause: status === 'queued' || isRunning(status),
    resume: status === 'paused',
    delete: !isRunning(status),
  };
}
