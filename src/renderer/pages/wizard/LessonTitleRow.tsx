import { useId } from 'react';

interface LessonTitleRowProps {
  projectIndex: number;
  index: number;
  count: number;
  title: string;
  error: string | undefined;
  onTitle: (title: string) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}

export function LessonTitleRow({ projectIndex: pi, index: li, count, title, error, onTitle, onMove, onRemove }: LessonTitleRowProps) {
  const id = useId();
  const name = title.trim() || `lesson ${li + 1}`;
  return (
    <li className="lesson-row">
      <div className="lesson-row-main">
        <label className="visually-hidden" htmlFor={id}>
          Project {pi + 1}, lesson {li + 1} title
        </label>
        <span className="lesson-number" aria-hidden="true">
          {li + 1}.
        </span>
        <input
          id={id}
          type="text"
          data-focus-key={`lesson-${pi}-${li}-title`}
          value={title}
          maxLength={220}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onTitle(e.target.value)}
        />
        <button type="button" className="btn btn-small" data-focus-key={`lesson-${pi}-${li}-up`} aria-label={`Move ${name} up`} disabled={li === 0} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="btn btn-small" data-focus-key={`lesson-${pi}-${li}-down`} aria-label={`Move ${name} down`} disabled={li === count - 1} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="btn btn-small btn-ghost" aria-label={`Remove ${name}`} onClick={onRemove}>
          ✕
        </button>
      </div>
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </li>
  );
}
