// Actions for the selected rows. Hidden while nothing is selected, so the table has room.
// While an action runs its buttons stay focusable (aria-disabled), so focus is not lost.
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { JobCommand } from '../../lib/job-commands';
import { plural } from '../../lib/format';

export function BulkBar({ count, busy, onAction, onClear }: { count: number; busy: boolean; onAction: (command: JobCommand) => void; onClear: () => void }) {
  if (count === 0) return null;
  return (
    <div className="bulk-bar" role="region" aria-label="Selected jobs">
      <strong>{plural(count, 'job')} selected</strong>
      <ActionButton className="btn btn-small" busy={busy} onClick={() => onAction('retry')}>
        Retry
      </ActionButton>
      <ActionButton className="btn btn-small" busy={busy} onClick={() => onAction('cancel')}>
        Cancel
      </ActionButton>
      <ConfirmButton className="btn-small" label="Delete" confirmLabel={`Delete ${plural(count, 'job')}?`} busy={busy} onConfirm={() => onAction('delete')} />
      <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
