// Words and numbers for Settings → Storage, kept apart from the components so they are tested on their own.
import type { CleanupResult } from '../../../shared/storage';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

const n = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;

/** "Will remove 1,204 log lines of 12 jobs." / "Removed …" / "Nothing to remove." */
export function cleanupSentence(result: CleanupResult): string {
  const parts: string[] = [];
  if (result.logLines > 0) parts.push(`${plural(result.logLines, 'log line')} of ${plural(result.logJobs, 'job')}`);
  if (result.versions > 0) parts.push(plural(result.versions, 'old version'));
  if (result.courses > 0) parts.push(`${plural(result.courses, 'deleted course')} (${plural(result.callsRolledUp, 'call record')} kept as totals)`);
  if (parts.length === 0) return result.dryRun ? 'Nothing to remove.' : 'Nothing was removed.';
  return `${result.dryRun ? 'Will remove' : 'Removed'} ${parts.join(', ')}.`;
}
