// Which job commands the stored state allows, worded for the person who asked. The runner
// checks these before it writes, so the app and the CLI refuse the same things.
import { FINISHED_JOB_STATUSES, type Course, type CourseStatus } from '../../shared/domain';
import type { JobRow } from '../db/repositories/jobs';

/**
 * Course statuses a generation job can start from. `generating` is a course whose unfinished
 * job was deleted (the caller has checked that no job exists): its stored units are kept and
 * a new job continues from them.
 */
const GENERATABLE: readonly CourseStatus[] = ['outline_approved', 'generating', 'failed', 'cancelled'];

/** Why this course cannot be queued for generation, or null when it can. */
export function enqueueRefusal(course: Course): string | null {
  if (course.status === 'generated' || course.status === 'approved' || course.status === 'published') {
    // Generating again would send it back to "generated" and drop its approval from view.
    return `This course is already ${course.status}. Edit it or regenerate single lessons and tasks on its page instead of queuing it again.`;
  }
  if (course.status === 'rejected') return 'This course was rejected. Reopen it and approve its outline before queuing its generation.';
  if (!GENERATABLE.includes(course.status) || !course.outline || !course.outlineApproval) {
    return 'Approve the course outline before queuing its generation.';
  }
  return null;
}

/**
 * An unfinished job whose lease has not run out is being run by some runner — this one or
 * another process on the same file (another window, the CLI) — whatever its status says.
 */
export function holdsLiveLease(job: JobRow, nowMs: number): boolean {
  if ((FINISHED_JOB_STATUSES as readonly string[]).includes(job.status)) return false;
  return job.lease_owner !== null && job.lease_expires_at !== null && job.lease_expires_at > nowMs;
}
