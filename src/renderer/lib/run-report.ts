// When a run was, for the queue page's report panel (its figures are the line the desktop
// notification shows too: shared/run-report-text.ts).
import type { RunReport } from '../../shared/domain';
import { formatDateTime, formatMinutes } from './format';

/** "Mar 10, 2026, 2:00 AM, for 4 h 12 min": when the run began and how long it went on. */
export function runReportSpan(report: Pick<RunReport, 'startedAt' | 'endedAt'>): string {
  const ms = Date.parse(report.endedAt) - Date.parse(report.startedAt);
  return `${formatDateTime(report.startedAt)}, for ${Number.isNaN(ms) ? '—' : formatMinutes(Math.max(0, ms))}`;
}
