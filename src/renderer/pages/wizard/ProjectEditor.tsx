// One project in the outline editor: its title, description, and its lessons, each with
// move and remove buttons that say which item they act on.
import type { OutlineProject } from '../../../shared/domain';
import { Field } from '../../components/Field';
import { MAX_LESSONS } from '../../lib/outline-edit';
import { LessonTitleRow } from './LessonTitleRow';

interface ProjectEditorProps {
  index: number;
  count: number;
  project: OutlineProject;
  errors: Record<string, string>;
  onTitle: (title: string) => void;
  onDescription: (text: string) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  onLessonTitle: (li: number, title: string) => void;
  onLessonMove: (li: number, delta: number) => void;
  onLessonAdd: () => void;
  onLessonRemove: (li: number) => void;
}

export function ProjectEditor(props: ProjectEditorProps) {
  const { index: pi, count, project, errors } = props;
  const n = pi + 1;
  const name = project.title.trim() || `project ${n}`;
  return (
    <li className="card project-editor" aria-label={`Project ${n}: ${name}`}>
      <div className="project-editor-head">
        <span className="project-number">Project {n}</span>
        <div className="move-buttons">
          <button type="button" className="btn btn-small" data-focus-key={`project-${pi}-up`} aria-label={`Move ${name} up`} disabled={pi === 0} onClick={() => props.onMove(-1)}>
            ↑
          </button>
          <button type="button" className="btn btn-small" data-focus-key={`project-${pi}-down`} aria-label={`Move ${name} down`} disabled={pi === count - 1} onClick={() => props.onMove(1)}>
            ↓
          </button>
          <button type="button" className="btn btn-small btn-danger" aria-label={`Remove ${name}`} onClick={props.onRemove}>
            Remove
          </button>
        </div>
      </div>
      <Field label={`Project ${n} title`} error={errors[`projects.${pi}.title`]}>
        <input type="text" data-focus-key={`project-${pi}-title`} value={project.title} maxLength={220} onChange={(e) => props.onTitle(e.target.value)} />
      </Field>
      <Field label="What it covers" error={errors[`projects.${pi}.description`]}>
        <textarea rows={2} value={project.description} onChange={(e) => props.onDescription(e.target.value)} />
      </Field>
      <fieldset className="lesson-fieldset">
        <legend>Lessons</legend>
        <ol className="lesson-list">
          {project.lessons.map((lesson, li) => (
            <LessonTitleRow
              key={li}
              projectIndex={pi}
              index={li}
              count={project.lessons.length}
              title={lesson.title}
              error={errors[`projects.${pi}.lessons.${li}.title`]}
              onTitle={(title) => props.onLessonTitle(li, title)}
              onMove={(delta) => props.onLessonMove(li, delta)}
              onRemove={() => props.onLessonRemove(li)}
            />
          ))}
        </ol>
        {errors[`projects.${pi}.lessons`] && (
          <p className="field-error" role="alert">
            {errors[`projects.${pi}.lessons`]}
          </p>
        )}
        <button type="button" className="btn btn-small" data-focus-key={`add-lesson-${pi}`} disabled={project.lessons.length >= MAX_LESSONS} onClick={props.onLessonAdd}>
          + Add lesson
        </button>
      </fieldset>
    </li>
  );
}
