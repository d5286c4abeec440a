// The whole queue's progress as one number, for the taskbar/dock progress bar: units done
// over units planned across jobs that are queued or running. Null when nothing is pending.
import { RUNNING_JOB_STATUSES, type JobSummary } from '../../shared/domain';

const ACTIVE = new Set<string>([...RUNNING_JOB_STATUSES, 'queued']);

export function queueProgress(jobs: readonly Pick<JobSummary, 'status' | 'itemsCompleted' | 'itemsTotal'>[]): number | null {
  let done = 0;
  let total = 0;
  let active = 0;
  for (const job of jobs) {
    if (!ACTIVE.has(job.status)) continue;
    active++;
    // A queued job that has not started yet has no total: count it as one unit to do.
    const planned = Math.max(job.itemsTotal, 1);
    total += planned;
    done += Math.min(job.itemsCompleted, planned);
  }
  if (active === 0) return null;
  return total === 0 ? 0 : done / total;
}
