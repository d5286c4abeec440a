// The last run's morning report, above the table: what finished, what failed and why (each
// failure links to its job), and what the run spent waiting, on 429s, tokens and money.
// Dismissed per report, remembered in this window's storage: the next run's report shows again.
// The page hides it while a job is open, so a failure's link hands focus to that job's actions.
import { useCallback, useId, useState } from 'react';
import type { RunReport } from '../../../shared/domain';
import { focusLater } from '../../lib/focus';
import { formatDateTime } from '../../lib/format';
import { reportIsEmpty, runReportLine } from '../../../shared/run-report-text';
import { runReportSpan } from '../../lib/run-report';

const DISMISSED_KEY = 'course-studio.dismissed-run-report';
/** Failures listed by name; the rest are behind the "failed" filter. */
const LISTED_FAILURES = 5;

function readDismissed(): number | null {
  try {
    const value = Number(window.localStorage.getItem(DISMISSED_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function useDismissedReport(): [number | null, (id: number) => void] {
  const [dismissed, setDismissed] = useState(readDismissed);
  const dismiss = useCallback((id: number) => {
    setDismissed(id);
    try {
      window.localStorage.setItem(DISMISSED_KEY, String(id));
    } catch {
      // Storage refused (full, disabled): dismissed for this page's life only.
    }
  }, []);
  return [dismissed, dismiss];
}

export function RunReportPanel({ report }: { report: RunReport | null }) {
  const [dismissed, dismiss] = useDismissedReport();
  const titleId = useId();
  if (!report || dismissed === report.id || reportIsEmpty(report)) return null;
  const listed = report.failed.slice(0, LISTED_FAILURES);
  const more = report.failed.length - listed.length;
  return (
    <section className="run-report" aria-labelledby={titleId} data-testid="run-report">
      <div className="run-report-header">
        <h2 id={titleId}>
          Last run <span className="run-report-span" title={`${formatDateTime(report.startedAt)} to ${formatDateTime(report.endedAt)}${report.source === 'cli' ? ', from the command line' : ''}`}>{runReportSpan(report)}</span>
        </h2>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-label="Dismiss the last run's report"
          onClick={() => {
            dismiss(report.id);
            // The panel goes with the button: focus moves on to what followed it.
            focusLater('queue-filter', 'queue-empty-new', 'queue-pause');
          }}
        >
          ✕
        </button>
      </div>
      <p className="run-report-figures" data-testid="run-report-figures">
        {runReportLine(report)}
      </p>
      {listed.length > 0 && (
        <ul className="run-report-failures" aria-label="Failed in this run">
          {listed.map((f) => (
            <li key={f.jobId}>
              <a href={`#/queue/${f.jobId}`} onClick={() => focusLater('job-detail-retry', 'job-detail-view')}>
                {f.courseTitle}
              </a>
              <span className="run-report-reason" title={f.reason}>
                {f.reason}
              </span>
            </li>
          ))}
          {more > 0 && (
            <li>
              <a href="#/queue?status=failed">and {more} more failed</a>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
