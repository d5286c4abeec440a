// One course in the review list: its state, its options on demand, and its actions. Errors
// from its actions show on the row. data-focus-item/-role let the list put focus on the
// same action in the next row once this one is approved or rejected (ReviewList).
import { useState } from 'react';
import type { CourseListItem } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineError } from '../../components/InlineError';
import { CourseStatusBadge } from '../../components/StatusBadge';
import { api, call, errorMessage } from '../../lib/api';
import { navigate } from '../../lib/use-route';
import { approveDraft, ensureChosen } from './review-actions';
import { ReviewOptions } from './ReviewOptions';
import { ReviewRowText, reviewTitle } from './ReviewRowText';

interface ReviewRowProps {
  course: CourseListItem;
  selected: boolean;
  pickedOptionId: string | undefined;
  error: string | undefined;
  reviewer: string;
  onToggle: () => void;
  onPick: (optionId: string) => void;
  onError: (message: string | null) => void;
  onChanged: () => void;
  onRejected: () => void;
}

export function ReviewRow({ course, selected, pickedOptionId, error, reviewer, onToggle, onPick, onError, onChanged, onRejected }: ReviewRowProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const isDraft = course.status === 'draft';
  const title = reviewTitle(course);

  const run = async (fn: () => Promise<void>, refresh = true) => {
    setBusy(true);
    onError(null);
    try {
      await fn();
      if (refresh) onChanged();
    } catch (e) {
      onError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`review-row ${selected ? 'is-selected' : ''}`} data-course-id={course.id} data-focus-item={course.id}>
      <div className="review-row-main">
        {isDraft ? <input type="checkbox" data-focus-role="select" aria-label={`Select ${title}`} checked={selected} onChange={onToggle} /> : <span className="checkbox-spacer" />}
        <ReviewRowText course={course} />
        <CourseStatusBadge status={course.status} />
        <div className="row-actions">
          {isDraft && (
            <>
              <button type="button" className="btn btn-small" data-focus-role="options" data-focus-key={`review-options-${course.id}`} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
                {open ? 'Hide options' : 'Options'}
              </button>
              <ActionButton
                className="btn btn-small btn-primary"
                data-focus-role="approve"
                busy={busy}
                unavailable={reviewer.trim() === ''}
                aria-label={`Approve ${title}`}
                onClick={() => void run(() => approveDraft(course.id, reviewer, pickedOptionId))}
              >
                Approve
              </ActionButton>
              <ActionButton
                className="btn btn-small"
                data-focus-role="edit"
                busy={busy}
                aria-label={`Edit ${title}`}
                onClick={() =>
                  void run(async () => {
                    await ensureChosen(course.id, pickedOptionId);
                    navigate(['new', course.id]);
                  }, false)
                }
              >
                Edit
              </ActionButton>
              <ConfirmButton
                className="btn-small"
                label="Reject"
                confirmLabel={`Reject ${title}?`}
                ariaLabel={`Reject ${title}`}
                confirmAriaLabel={`Reject ${title}?`}
                focusRole="reject"
                busy={busy}
                onConfirm={() =>
                  void run(async () => {
                    await call(api().coursesReject({ courseId: course.id }));
                    onRejected();
                  }, false)
                }
              />
            </>
          )}
          {!isDraft && <span className="muted">Approved · waiting to be queued</span>}
        </div>
      </div>
      <InlineError message={error} />
      {open && isDraft && <ReviewOptions courseId={course.id} pickedOptionId={pickedOptionId} onPick={onPick} />}
    </li>
  );
}
