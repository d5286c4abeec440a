// A draft's outline options as a choice: the picked one is used by Approve and Edit.
import { useId } from 'react';
import { InlineError } from '../../components/InlineError';
import { Loading } from '../../components/Loading';
import { useCourse } from '../../lib/use-course';
import { firstOption } from './review-actions';

export function ReviewOptions({ courseId, pickedOptionId, onPick }: { courseId: string; pickedOptionId: string | undefined; onPick: (optionId: string) => void }) {
  const { course, loading, error } = useCourse(courseId);
  const name = useId();
  if (loading && !course) return <Loading label="Loading options…" />;
  if (!course) return <InlineError message={error} />;
  const options = [...course.options].sort((a, b) => a.position - b.position);
  if (options.length === 0) return <p className="muted review-options">No outline options yet.</p>;
  const current = pickedOptionId ?? course.chosenOptionId ?? firstOption(options)?.id;
  return (
    <fieldset className="review-options">
      <legend className="visually-hidden">Outline options</legend>
      {options.map((option, i) => (
        <label key={option.id} className={`review-option ${current === option.id ? 'is-picked' : ''}`}>
          <input type="radio" name={name} checked={current === option.id} onChange={() => onPick(option.id)} />
          <span className="review-option-body">
            <strong>
              Option {i + 1}: {option.outline.title}
            </strong>
            <span className="muted">{option.outline.projects.map((p) => p.title).join(' · ')}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
