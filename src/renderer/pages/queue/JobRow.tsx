// One job in the table. Clicking the row (outside its controls) opens the detail; every
// action is also a real button for the keyboard. The time and cost cells are focusable: their
// exact date and token count are built on focus or hover (not at render) as the cell's
// tooltip and accessible description.
import { memo } from 'react';
import type { JobSummary } from '../../../shared/domain';
import type { CourseSyncStatus } from '../../../shared/sync';
import { ProgressBar } from '../../components/ProgressBar';
import { JobStatusBadge } from '../../components/StatusBadge';
import { SyncBadge } from '../../components/SyncBadge';
import { exportProblemLine } from '../../lib/auto-export-format';
import { formatCost, formatCount, formatDateTime, formatDuration, formatInteger, jobDurationMs, plural, relativeTime } from '../../lib/format';
import { focusableDescription } from '../../lib/hover-title';
import type { JobCommand } from '../../lib/job-commands';
import { autoRetryLabel, autoRetryWait, JOB_STATUS_BADGES, type AutoRetryWait } from '../../lib/status';
import { JobRowActions } from './JobRowActions';
import { stepLabel } from './step-labels';

interface JobRowProps {
  job: JobSummary;
  index: number;
  now: number;
  selected: boolean;
  open: boolean;
  error: string | undefined;
  /** The course's sync state, once it was published. */
  sync?: CourseSyncStatus | undefined;
  onToggle: (id: string, shift: boolean) => void;
  onOpen: (id: string) => void;
  onAction: (command: JobCommand, id: string) => void;
}

export const JobRow = memo(function JobRow({ job, index, now, selected, open, error, sync, onToggle, onOpen, onAction }: JobRowProps) {
  const duration = jobDurationMs(job, now);
  const tokens = job.usage.input + job.usage.output + job.usage.cacheRead + job.usage.cacheWrite;
  const retry = autoRetryWait(job, now);
  // A completed job whose files could not be written says so here: the job itself did not fail.
  const exportProblem = job.status === 'completed' ? exportProblemLine(job) : null;
  const secondary = error ?? (job.status === 'failed' ? job.errorMessage : null) ?? exportProblem ?? (retry ? retryReasonLine(retry) : describeActivity(job, now));
  const scheduled = isScheduled(job, now);
  return (
    <tr
      className={`job-row ${selected ? 'is-selected' : ''} ${open ? 'is-open' : ''}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-job-id={job.id}
      data-focus-item={job.id}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button, input, a, label')) return;
        onOpen(job.id);
      }}
    >
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${job.courseTitle}`}
          data-focus-role="select"
          checked={selected}
          onChange={() => undefined}
          onClick={(e) => onToggle(job.id, e.shiftKey)}
        />
      </td>
      <td className="cell-title">
        {/* The column ellipsizes long titles and messages: the tooltip has them whole. */}
        <button type="button" className="btn-link job-title" data-focus-key={`job-title-${job.id}`} data-focus-role="title" aria-expanded={open} title={job.courseTitle} onClick={() => onOpen(job.id)}>
          {job.courseTitle}
        </button>
        {job.economy ? (
          <span className="job-secondary-line">
            <span className="badge tone-green badge-economy" title="Economy mode: through the Message Batches API at about half the price">
              Economy
            </span>
            {secondary && (
              <span className={`job-secondary ${error || job.status === 'failed' || exportProblem ? 'is-error' : ''}`} title={secondary}>
                {secondary}
              </span>
            )}
          </span>
        ) : (
          secondary && (
            <span className={`job-secondary ${error || job.status === 'failed' || exportProblem ? 'is-error' : ''}`} title={secondary}>
              {secondary}
            </span>
          )
        )}
      </td>
      <td className="cell-status">
        <JobStatusBadge status={job.status} />
        {retry ? (
          // A 56 px row has room for one line under the badge: the retry's time, with its cause and the units kept in the tooltip.
          <span className="cell-retry" data-testid="auto-retry" title={`${retryReasonLine(retry)} ${job.itemsCompleted} of ${job.itemsTotal} units kept.`}>
            {autoRetryLabel(retry)}
          </span>
        ) : (
          <span className="cell-progress">
            <ProgressBar value={job.itemsCompleted} max={job.itemsTotal} label={`${job.courseTitle}: ${job.itemsCompleted} of ${job.itemsTotal} units`} tone={JOB_STATUS_BADGES[job.status].tone} />
            <span className="progress-label">
              {job.itemsCompleted}/{job.itemsTotal}
            </span>
          </span>
        )}
      </td>
      {job.startedAt || !scheduled ? (
        <td className="cell-time" data-focus-role="started" {...(job.startedAt ? focusableDescription(() => `Started ${formatDateTime(job.startedAt)}`) : {})}>
          <span>{job.startedAt ? relativeTime(job.startedAt, now) : '—'}</span>
          <span className="muted cell-num">{duration === null ? '' : formatDuration(duration)}</span>
        </td>
      ) : (
        <td className="cell-time" data-focus-role="started" {...focusableDescription(() => `Scheduled for ${formatDateTime(job.runAfter)}`)}>
          <span>Scheduled</span>
          <span className="muted">{relativeTime(job.runAfter, now)}</span>
        </td>
      )}
      <td
        className="cell-num cell-cost"
        data-focus-role="cost"
        {...focusableDescription(() => `${formatInteger(tokens)} tokens in ${plural(job.calls, 'call')}${job.savedUsd > 0 ? `; economy saved ${formatCost(job.savedUsd)} against standard prices` : ''}`)}
      >
        <span>{formatCost(job.costUsd)}</span>
        {/* Two lines fit a row: a saving takes the tokens' place (they stay in the tooltip). */}
        {job.savedUsd > 0 ? <span className="cell-saved">(saved {formatCost(job.savedUsd)})</span> : <span className="muted">{formatCount(tokens)} tokens</span>}
      </td>
      <td className="cell-sync">{sync ? <SyncBadge state={sync} now={now} compact /> : <span className="muted">—</span>}</td>
      <td className="cell-actions">
        <JobRowActions job={job} now={now} compact onAction={onAction} />
      </td>
    </tr>
  );
});

/** "Failed: <why>; retrying by itself." — the cause of an automatic retry, under the title. */
function retryReasonLine(retry: AutoRetryWait): string {
  return retry.reason ? `Failed: ${retry.reason.replace(/[.\s]+$/, '')}; retrying by itself.` : 'Failed on a passing error; retrying by itself.';
}

/** Waiting for its start time, not yet begun. */
function isScheduled(job: JobSummary, now: number): boolean {
  return job.status === 'queued' && job.runAfter !== null && Date.parse(job.runAfter) > now;
}

function describeActivity(job: JobSummary, now: number): string | null {
  if (isScheduled(job, now)) return `Scheduled ${relativeTime(job.runAfter, now)}`;
  if (job.status === 'paused' && job.reviewStep) return `Waiting for review after ${stepLabel(job.reviewStep)}`;
  if (job.status === 'paused' && job.currentStep) return `Paused during ${stepLabel(job.currentStep)}`;
  if (job.waitingInBatch && job.status !== 'completed' && job.status !== 'cancelled') return 'Waiting in an economy batch';
  if (job.currentItem && job.status !== 'completed' && job.status !== 'cancelled') return job.currentItem;
  return null;
}
