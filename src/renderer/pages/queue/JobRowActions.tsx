// The actions that make sense for a job's status; main still checks each one. In a table
// row (`compact`) a job that can still be cancelled offers Cancel, not Delete, so no row
// needs more than three buttons; the detail and the bulk bar still delete it.
import type { JobSummary } from '../../../shared/domain';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { JobCommand } from '../../lib/job-commands';
import { jobActions } from '../../lib/status';

export function JobRowActions({ job, compact = false, onAction }: { job: JobSummary; compact?: boolean; onAction: (command: JobCommand, id: string) => void }) {
  const can = jobActions(job.status);
  const canDelete = can.delete && !(compact && can.cancel);
  const name = job.courseTitle;
  return (
    <div className="row-actions">
      {can.pause && (
        <button type="button" className="btn btn-small" aria-label={`Pause ${name}`} onClick={() => onAction('pause', job.id)}>
          Pause
        </button>
      )}
      {can.resume && (
        <button type="button" className="btn btn-small" aria-label={`Resume ${name}`} onClick={() => onAction('resume', job.id)}>
          {job.stepwise ? 'Continue' : 'Resume'}
        </button>
      )}
      {can.retry && (
        <button type="button" className="btn btn-small" aria-label={`Retry ${name}`} onClick={() => onAction('retry', job.id)}>
          Retry
        </button>
      )}
      {can.cancel && (
        <button type="button" className="btn btn-small" aria-label={`Cancel ${name}`} onClick={() => onAction('cancel', job.id)}>
          Cancel
        </button>
      )}
      <a className="btn btn-small btn-ghost" href={`#/courses/${job.courseId}`} aria-label={`View course ${name}`}>
        View
      </a>
      {canDelete && <ConfirmButton className="btn-small" label="Delete" confirmLabel="Sure?" ariaLabel={`Delete ${name}`} onConfirm={() => onAction('delete', job.id)} />}
    </div>
  );
}
