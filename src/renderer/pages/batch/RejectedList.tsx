// Rejected courses, folded away under the review list, each with the way back: Reopen
// returns it to review with its outline options, as it was before the rejection.
import { useState } from 'react';
import type { CourseListItem } from '../../../shared/ipc-contract';
import { InlineError } from '../../components/InlineError';
import { CourseStatusBadge } from '../../components/StatusBadge';
import { api, call, errorMessage } from '../../lib/api';

interface RejectedListProps {
  courses: CourseListItem[];
  open: boolean;
  onToggle: (open: boolean) => void;
  onReopened: () => void;
}

export function RejectedList({ courses, open, onToggle, onReopened }: RejectedListProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (courses.length === 0) return null;

  const reopen = async (courseId: string) => {
    setBusy(courseId);
    setErrors(({ [courseId]: _, ...rest }) => rest);
    try {
      await call(api().coursesReopen({ courseId }));
      onReopened();
    } catch (e) {
      setErrors((all) => ({ ...all, [courseId]: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="review-rejected" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>Rejected ({courses.length})</summary>
      <ul className="review-rejected-rows">
        {courses.map((course) => {
          const title = course.title || course.topic.topic;
          return (
            <li key={course.id} className="review-row" data-course-id={course.id}>
              <div className="review-row-main">
                <span className="checkbox-spacer" />
                <div className="review-row-text">
                  <span className="review-title">{title}</span>
                  <span className="muted review-topic">
                    {course.topic.topic} · {course.topic.level} · {course.topic.projects} projects · {course.topic.language}
                  </span>
                </div>
                <CourseStatusBadge status={course.status} />
                <div className="row-actions">
                  <button type="button" className="btn btn-small" disabled={busy !== null} aria-label={`Reopen ${title}`} onClick={() => void reopen(course.id)}>
                    {busy === course.id ? 'Reopening…' : 'Reopen'}
                  </button>
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
