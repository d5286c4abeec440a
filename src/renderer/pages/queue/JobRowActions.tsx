// The actions that make sense for a job's status; main still checks each one. In a table
// row (`compact`) a job that can still be cancelled offers Cancel, not Delete, so no row
// needs more than three buttons; the detail and the bulk bar still delete it.
// A job waiting for an automatic retry offers Retry now (in a row, in Pause's place: the
// detail still has Pause). Pause and Resume are one button whose label follows the status, so focus stays on it;
// data-focus-role lets the table put focus on the same action in the next row when a row goes.
import type { JobSummary } from '../../../shared/domain';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { JobCommand } from '../../lib/job-commands';
import { autoRetryWait, jobActions } from '../../lib/status';

interface JobRowActionsProps {
  job: JobSummary;
  compact?: boolean;
  /** The clock the caller renders with (an automatic retry ahead of it can be run now). */
  now?: number;
  /** Gives each action the data-focus-key `<focusKey>-<role>`. */
  focusKey?: string;
  onAction: (command: JobCommand, id: string) => void;
}

export function JobRowActions({ job, compact = false, now = Date.now(), focusKey, onAction }: JobRowActionsProps) {
  const retryAhead = autoRetryWait(job, now) !== null;
  const can = jobActions(job.status, retryAhead);
  const showPause = (can.pause || can.resume) && !(compact && retryAhead);
  const canDelete = can.delete && !(compact && can.cancel);
  const name = job.courseTitle;
  const resumeLabel = job.stepwise ? 'Continue' : 'Resume';
  const key = (role: string) => (focusKey ? `${focusKey}-${role}` : undefined);
  return (
    <div className="row-actions">
      {showPause && (
        <button
          type="button"
          className="btn btn-small"
          data-focus-role="pause" data-focus-key={key('pause')}
          aria-label={can.pause ? `Pause ${name}` : `${resumeLabel} ${name}`}
          onClick={() => onAction(can.pause ? 'pause' : 'resume', job.id)}
        >
          {can.pause ? 'Pause' : resumeLabel}
        </button>
      )}
      {can.retry && (
        <button type="button" className="btn btn-small" data-focus-role="retry" data-focus-key={key('retry')} aria-label={retryAhead ? `Retry ${name} now` : `Retry ${name}`} onClick={() => onAction('retry', job.id)}>
          {retryAhead ? 'Retry now' : 'Retry'}
        </button>
      )}
      {can.cancel && (
        <button type="button" className="btn btn-small" data-focus-role="cancel" data-focus-key={key('cancel')} aria-label={`Cancel ${name}`} onClick={() => onAction('cancel', job.id)}>
          Cancel
        </button>
      )}
      <a className="btn btn-small btn-ghost" href={`#/courses/${job.courseId}`} data-focus-role="view" data-focus-key={key('view')} aria-label={`View course ${name}`}>
        View
      </a>
      {canDelete && (
        <ConfirmButton
          className="btn-small"
          label="Delete"
          confirmLabel={compact ? 'Confirm' : undefined}
          ariaLabel={`Delete ${name}`}
          confirmAriaLabel={`Confirm delete ${name}`}
          focusRole="delete"
          focusKey={key('delete')}
          onConfirm={() => onAction('delete', job.id)}
        />
      )}
    </div>
  );
}
