// One job opened below the table: what failed and where (with Retry), where it is now,
// its numbers, and its log. Escape or ✕ closes it (the page puts focus back on the row).
import type { JobSummary } from '../../../shared/domain';
import { InlineError } from '../../components/InlineError';
import { Loading } from '../../components/Loading';
import { ProgressBar } from '../../components/ProgressBar';
import { JobStatusBadge } from '../../components/StatusBadge';
import { describeAutoExport } from '../../lib/auto-export-format';
import { describeBatchWait, formatCostWithSaving, groupTotalsLine } from '../../lib/economy-format';
import { focusLater } from '../../lib/focus';
import { formatCount, formatDateTime, formatDuration, jobDurationMs, plural, relativeTime } from '../../lib/format';
import type { JobCommand } from '../../lib/job-commands';
import { autoRetryLabel, autoRetryWait, isRunning, jobActions } from '../../lib/status';
import { useEscapeKey } from '../../lib/use-escape-key';
import { useGroupTotals } from '../../lib/use-group-totals';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { useBatchesRefresh } from '../../lib/use-batches-refresh';
import { useNow } from '../../lib/use-now';
import { useBatches } from '../../store/batches';
import { JobRowActions } from './JobRowActions';
import { LogViewer } from './LogViewer';
import { failedWhile, stepLabel } from './step-labels';

interface JobDetailProps {
  jobId: string;
  job: JobSummary | undefined;
  /** The job is being read by id: not known to be missing yet. */
  finding: boolean;
  error: string | undefined;
  onClose: () => void;
  onAction: (command: JobCommand) => void;
}

export function JobDetail({ jobId, job, finding, error, onClose, onAction }: JobDetailProps) {
  const running = job ? isRunning(job.status) : false;
  // A retry ahead is shown until its time: a slow tick notices when it has passed.
  const retryAhead = job !== undefined && job.status === 'queued' && job.autoRetries > 0 && job.runAfter !== null;
  const now = useNow(running ? 1_000 : 15_000, running || retryAhead);
  // An action that goes with the status (Retry once retried) hands focus to the one in its place.
  const keepFocus = useFocusRescue<HTMLElement>();
  useEscapeKey(onClose);
  // Which batch its units wait in: the API's id and size come from the batch list.
  const waitingInBatch = job?.waitingInBatch ?? null;
  useBatchesRefresh(waitingInBatch !== null);
  const batches = useBatches((s) => s.batches);
  // The jobs queued together with it (a batch review, one CLI queue): their cost in all.
  const groupTotals = useGroupTotals(job?.queueGroup ?? null);
  if (!job && finding) {
    return (
      <section className="job-detail" aria-label="Job detail">
        <Loading label="Loading the job…" />
      </section>
    );
  }
  if (!job) {
    return (
      <section className="job-detail" aria-label="Job detail">
        <div className="job-detail-header">
          <h2>Job not found</h2>
          <button type="button" className="btn btn-small" onClick={onClose}>
            Close
          </button>
        </div>
        <p className="muted">This job does not exist any more (it may have been deleted). Id: {jobId}</p>
      </section>
    );
  }
  const duration = jobDurationMs(job, now);
  const retry = autoRetryWait(job, now);
  const tokens = job.usage.input + job.usage.output + job.usage.cacheRead + job.usage.cacheWrite;
  const batchWait = describeBatchWait(job, batches);
  const groupLine = groupTotals ? groupTotalsLine(groupTotals) : null;
  const exported = describeAutoExport(job);
  const stem = `${job.courseTitle.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'job'}-${job.id.slice(0, 8)}`;

  return (
    <section className="job-detail" aria-labelledby="job-detail-title" data-testid="job-detail" {...keepFocus}>
      <div className="job-detail-header">
        <div className="job-detail-title">
          <h2 id="job-detail-title">{job.courseTitle}</h2>
          <JobStatusBadge status={job.status} />
        </div>
        <div className="job-detail-actions">
          <JobRowActions job={job} now={now} focusKey="job-detail" onAction={(command) => onAction(command)} />
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Close job detail">
            ✕
          </button>
        </div>
      </div>
      <InlineError message={error} />
      {job.status === 'failed' && (
        <div className="failure-box" role="alert">
          <div>
            <strong>Failed{job.failedStep ? ` ${failedWhile(job.failedStep)}` : ''}.</strong>
            <p className="failure-message">{job.errorMessage ?? 'No error message was recorded.'}</p>
            <p className="muted">Retrying continues from {job.failedStep ? stepLabel(job.failedStep) : 'where it stopped'}; finished lessons and tasks are kept.</p>
          </div>
          {jobActions(job.status).retry && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                onAction('retry');
                // This box goes once the job is queued again; the header's actions stay.
                focusLater('job-detail-retry');
              }}
            >
              {job.failedStep ? `Retry from ${stepLabel(job.failedStep)}` : 'Retry'}
            </button>
          )}
        </div>
      )}
      {retry && (
        <div className="retry-box" data-testid="auto-retry-detail">
          <strong>{autoRetryLabel(retry)} ({relativeTime(retry.at, now)}).</strong>
          <p className="failure-message">{retry.reason ? `It failed: ${retry.reason}` : 'It failed on a passing error.'}</p>
          <p className="muted">
            It was queued again by itself and continues from where it stopped, and finished lessons and tasks are kept. Retry now runs it at once and starts the count of automatic retries afresh.
          </p>
        </div>
      )}
      {batchWait && (
        <p className="batch-wait" role="status" data-testid="batch-wait">
          {batchWait}. Economy batches usually end within an hour (at most 24 h); see Economy batches on the queue page.
        </p>
      )}
      {exported && (exported.tone === 'failed' || exported.tone === 'partial') && (
        <div className="export-problem-box" role="status" data-testid="auto-export-problem">
          <strong>{exported.tone === 'failed' ? 'The auto-export failed.' : 'Some formats were not exported.'}</strong>
          <ul>
            {exported.failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
          <p className="muted">
            The course itself is complete. Fix the folder, then export it from <a href={`#/courses/${job.courseId}`}>its page</a> or with Export selected… on Courses.
          </p>
        </div>
      )}
      <dl className="job-facts">
        <div>
          <dt>Step</dt>
          <dd>{job.status === 'completed' ? 'Finished' : job.currentStep ? stepLabel(job.currentStep) : 'Not started'}{job.currentItem && isRunning(job.status) ? ` · ${job.currentItem}` : ''}</dd>
        </div>
        <div className="fact-progress">
          <dt>Progress</dt>
          <dd>
            {job.itemsCompleted}/{job.itemsTotal} units
            <ProgressBar value={job.itemsCompleted} max={job.itemsTotal} label="Job progress" />
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd title={formatDateTime(job.startedAt)}>{job.startedAt ? relativeTime(job.startedAt, now) : job.runAfter ? `Scheduled ${formatDateTime(job.runAfter)}` : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration === null ? '—' : formatDuration(duration)}</dd>
        </div>
        <div>
          <dt>Tokens · cost</dt>
          <dd>
            {formatCount(tokens)} · {formatCostWithSaving(job.costUsd, job.savedUsd)} <span className="muted">({plural(job.calls, 'call')})</span>
            {groupLine && (
              <span className="job-group-totals muted" data-testid="job-group-totals">
                {groupLine}
              </span>
            )}
          </dd>
        </div>
        {exported && (
          <div className="fact-export">
            <dt>Auto-export</dt>
            <dd data-testid="job-auto-export" className={`export-${exported.tone}`}>
              {exported.text}
            </dd>
          </div>
        )}
        <div>
          <dt>Options</dt>
          <dd>
            {[job.economy ? 'economy' : null, job.autoPublish ? 'auto-publish' : 'manual publish', job.stepwise ? 'step by step' : null, job.retryCount > 0 ? `retried ${job.retryCount}×` : null, job.priority ? `priority ${job.priority}` : null]
              .filter(Boolean)
              .join(' · ')}
          </dd>
        </div>
      </dl>
      <LogViewer jobId={job.id} status={job.status} fileStem={stem} />
    </section>
  );
}
