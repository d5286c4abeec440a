// One cleanup in Settings → Storage: "Check" counts what it would remove (a dry run), then
// the button removes exactly that kind of thing and says what it removed.
import { useEffect, useState, type ReactNode } from 'react';
import type { CleanupResult } from '../../../shared/storage';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineError } from '../../components/InlineError';
import { useAction } from '../../lib/use-action';
import { cleanupSentence } from './storage-text';

interface CleanupActionProps {
  title: string;
  /** The form field(s) of this action (N days, K versions), if any. */
  children?: ReactNode;
  /** Counts (dryRun true) or removes (false). */
  run: (dryRun: boolean) => Promise<CleanupResult>;
  removeLabel: string;
  /** The inputs are invalid: nothing may run. */
  invalid?: boolean;
  /** The inputs as text: a count made for other inputs is dropped when they change. */
  inputs?: string;
  onDone: () => Promise<void>;
}

export function CleanupAction({ title, children, run, removeLabel, invalid = false, inputs = '', onDone }: CleanupActionProps) {
  const [preview, setPreview] = useState<CleanupResult | null>(null);
  useEffect(() => setPreview(null), [inputs]);
  const [done, setDone] = useState<CleanupResult | null>(null);
  const check = useAction();
  const remove = useAction();
  const nothing = preview !== null && preview.logLines + preview.versions + preview.courses === 0;
  return (
    <div className="cleanup-action" role="group" aria-label={title}>
      <h3>{title}</h3>
      {children}
      <div className="form-actions">
        <ActionButton
          className="btn btn-small"
          busy={check.pending}
          unavailable={invalid}
          onClick={() =>
            void check.run(async () => {
              setDone(null);
              setPreview(await run(true));
            })
          }
        >
          Check
        </ActionButton>
        {preview && !nothing && (
          <ConfirmButton
            label={removeLabel}
            className="btn btn-small"
            busy={remove.pending}
            onConfirm={() =>
              void remove.run(async () => {
                setDone(await run(false));
                setPreview(null);
                await onDone();
              })
            }
          />
        )}
      </div>
      <p className="muted" role="status" aria-live="polite">
        {done ? cleanupSentence(done) : preview ? cleanupSentence(preview) : ''}
      </p>
      <InlineError message={check.error ?? remove.error} />
    </div>
  );
}
