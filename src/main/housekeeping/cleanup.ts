// One cleanup, as Settings → Storage, the daily run and `course-studio cleanup` ask for it:
// old logs of finished jobs, surplus versions, the bin. A dry run counts what would go and
// changes nothing. Each part deletes in short transactions, so a crash at any point leaves
// a valid file in which only what the rules allow is gone.
import type { CleanupResult } from '../../shared/storage';
import type { Store } from '../db/store';
import { countBin, removeForGood } from './bin';
import { countOldLogs, deleteOldLogs, logCutoff } from './log-retention';
import { countSurplusVersions, deleteSurplusVersions } from './version-retention';

export interface CleanupPlan {
  /** Delete the logs of jobs that finished more than this many days ago; null: keep logs. */
  logsOlderThanDays: number | null;
  /** Keep this many versions of each unit; null: keep all. */
  keepVersions: number | null;
  /** Remove every course in the bin for good. */
  purgeDeleted: boolean;
  dryRun: boolean;
}

export async function runCleanup(store: Store, plan: CleanupPlan, between: () => Promise<void> = async () => {}): Promise<CleanupResult> {
  const result: CleanupResult = { dryRun: plan.dryRun, logLines: 0, logJobs: 0, versions: 0, courses: 0, callsRolledUp: 0 };
  if (plan.logsOlderThanDays !== null) {
    const cutoff = logCutoff(store.clockMs(), plan.logsOlderThanDays);
    const logs = plan.dryRun ? countOldLogs(store, cutoff) : await deleteOldLogs(store, cutoff, between);
    result.logLines = logs.lines;
    result.logJobs = logs.jobs;
  }
  if (plan.keepVersions !== null) {
    result.versions = plan.dryRun ? countSurplusVersions(store, plan.keepVersions) : await deleteSurplusVersions(store, plan.keepVersions, between);
  }
  if (plan.purgeDeleted) {
    if (plan.dryRun) {
      const bin = countBin(store);
      result.courses = bin.courses;
      result.callsRolledUp = bin.calls;
    } else {
      const removed = await removeForGood(store, undefined, between);
      result.courses = removed.courses;
      result.callsRolledUp = removed.callsRolledUp;
    }
  }
  return result;
}

/** "will remove 1,204 log lines of 12 jobs, 3 versions" / "removed …": what a result says. */
export function describeCleanup(result: CleanupResult): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const parts: string[] = [];
  if (result.logLines > 0) parts.push(`${n(result.logLines)} log line${result.logLines === 1 ? '' : 's'} of ${n(result.logJobs)} job${result.logJobs === 1 ? '' : 's'}`);
  if (result.versions > 0) parts.push(`${n(result.versions)} old version${result.versions === 1 ? '' : 's'}`);
  if (result.courses > 0) {
    parts.push(`${n(result.courses)} deleted course${result.courses === 1 ? '' : 's'} (their ${n(result.callsRolledUp)} call record${result.callsRolledUp === 1 ? '' : 's'} kept as totals)`);
  }
  if (parts.length === 0) return result.dryRun ? 'Nothing to remove.' : 'Nothing was removed.';
  return `${result.dryRun ? 'Will remove' : 'Removed'} ${parts.join(', ')}.`;
}
