// Rejected courses, folded away under the review list, each with the way back: Reopen
// returns it to review with its outline options, as it was before the rejection. Focus
// goes to the next Reopen, or to the course back in review when it was the last one.
import { useState } from 'react';
import type { CourseListItem } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { InlineError } from '../../components/InlineError';
import { CourseStatusBadge } from '../../components/StatusBadge';
import { api, call, errorMessage } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { ReviewRowText, reviewTitle } from './ReviewRowText';

interface RejectedListProps {
  courses: CourseListItem[];
  open: boolean;
  onToggle: (open: boolean) => void;
  onReopened: () => void;
}

export function RejectedList({ courses, open, onToggle, onReopened }: RejectedListProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const keepFocus = useFocusRescue<HTMLUListElement>();
  if (courses.length === 0) return null;

  const reopen = async (courseId: string) => {
    setBusy(courseId);
    setErrors(({ [courseId]: _, ...rest }) => rest);
    try {
      await call(api().coursesReopen({ courseId }));
      onReopened();
      // Only taken when this list is gone with its last course (else the next Reopen has focus).
      focusLater(`review-options-${courseId}`);
    } catch (e) {
      setErrors((all) => ({ ...all, [courseId]: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="review-rejected" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>Rejected ({courses.length})</summary>
      <ul className="review-rejected-rows" {...keepFocus}>
        {courses.map((course) => {
          const title = reviewTitle(course);
          return (
            <li key={course.id} className="review-row" data-course-id={course.id} data-focus-item={course.id}>
              <div className="review-row-main">
                <span className="checkbox-spacer" />
                <ReviewRowText course={course} />
                <CourseStatusBadge status={course.status} />
                <div className="row-actions">
                  <ActionButton
                    className="btn btn-small"
                    data-focus-role="reopen"
                    data-focus-key={`reopen-${course.id}`}
                    busy={busy === course.id}
                    unavailable={busy !== null}
                    aria-label={`Reopen ${title}`}
                    onClick={() => void reopen(course.id)}
                  >
                    {busy === course.id ? 'Reopening…' : 'Reopen'}
                  </ActionButton>
                </div>
              </div>
              <InlineError message={errors[course.id]} />
            </li>
          );
        })}
      </ul>
    </details>
  );
}
