// One lesson: objectives, the Markdown content (sanitized), its tasks. Editing and
// regenerating touch only this lesson (or one task); everything else is kept.
// Regenerate and its confirmation "Replace this lesson" are one button, so focus stays on
// it; the editor takes focus when it opens and gives it back to Edit lesson when it closes.
import { useEffect, useRef, useState } from 'react';
import type { Lesson, Project } from '../../../shared/domain';
import { ActionButton } from '../../components/ActionButton';
import { InlineError } from '../../components/InlineError';
import { Markdown } from '../../components/Markdown';
import { api, call } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { useAction } from '../../lib/use-action';
import { toast } from '../../store/toasts';
import { lessonDrafts } from './edit-drafts';
import { HistoryPanel } from './HistoryPanel';
import { LessonEditor } from './LessonEditor';
import { LessonSources } from './LessonSources';
import { TaskItem } from './TaskItem';

export function LessonView({ courseId, project, lesson, onChanged }: { courseId: string; project: Project; lesson: Lesson; onChanged: () => Promise<void> }) {
  // A draft left unsaved when another lesson was picked reopens with its editor.
  const [editing, setEditing] = useState(() => lessonDrafts.get(lesson.id) !== null);
  const regenerate = useAction();
  const [confirming, setConfirming] = useState(false);
  const article = useRef<HTMLElement>(null);
  useEffect(() => {
    // Opened from the tree: the page keeps its scroll, which left the new lesson's start
    // above the window (read to the end of one, pick the next) or below the tree (narrow window).
    const el = article.current;
    const view = document.getElementById('main')?.getBoundingClientRect();
    if (!el || !view) return;
    const top = el.getBoundingClientRect().top;
    if (top < view.top || top > view.top + view.height / 2) el.scrollIntoView({ block: 'start' });
  }, []);

  return (
    <article ref={article} className="lesson-view" aria-labelledby="lesson-title" data-course-id={courseId}>
      <div className="card">
        <div className="section-header">
          <div>
            <p className="eyebrow">{project.title}</p>
            <h2 id="lesson-title">{lesson.title}</h2>
          </div>
          {!editing && (
            <div
              className="form-actions"
              onKeyDown={(e) => {
                // As an armed ConfirmButton: Escape takes the question back.
                if (e.key !== 'Escape' || !confirming || regenerate.pending) return;
                e.preventDefault();
                setConfirming(false);
                focusLater('lesson-regenerate');
              }}
            >
              <ActionButton
                className="btn"
                data-focus-key="lesson-edit"
                // An edit saved while the model rewrites the lesson would make main refuse the new text (content.ts): the paid regeneration wasted.
                unavailable={regenerate.pending}
                title={regenerate.pending ? 'Wait for the regeneration to finish.' : undefined}
                onClick={() => {
                  setConfirming(false);
                  setEditing(true);
                }}
              >
                Edit lesson
              </ActionButton>
              <ActionButton
                className={`btn ${confirming ? 'btn-danger' : ''}`}
                data-focus-key="lesson-regenerate"
                busy={regenerate.pending}
                onClick={() => {
                  if (!confirming) return setConfirming(true);
                  void regenerate.run(async () => {
                    await call(api().lessonsRegenerate({ lessonId: lesson.id }));
                    setConfirming(false);
                    toast({ tone: 'success', title: 'Lesson regenerated', message: lesson.title });
                    await onChanged();
                  });
                }}
              >
                {regenerate.pending ? 'Regenerating…' : confirming ? 'Replace this lesson' : 'Regenerate lesson'}
              </ActionButton>
              {confirming && (
                <ActionButton
                  className="btn btn-ghost"
                  busy={regenerate.pending}
                  onClick={() => {
                    setConfirming(false);
                    focusLater('lesson-regenerate');
                  }}
                >
                  Keep it
                </ActionButton>
              )}
            </div>
          )}
        </div>
        {confirming && !regenerate.pending && <p className="muted">The model rewrites this lesson’s content and objectives; your edits to them are replaced. The title, the lesson’s tasks and all other lessons are kept.</p>}
        <InlineError message={regenerate.error} />
        {editing ? (
          <LessonEditor
            lesson={lesson}
            onCancel={() => {
              setEditing(false);
              focusLater('lesson-edit');
            }}
            onSaved={async () => {
              setEditing(false);
              focusLater('lesson-edit');
              toast({ tone: 'success', title: 'Lesson saved' });
              await onChanged();
            }}
          />
        ) : (
          <>
            <LessonSources courseId={courseId} sources={lesson.sources} />
            {lesson.objectives.length > 0 && (
              <section className="objectives" aria-label="Objectives">
                <h3>Objectives</h3>
                <ul>
                  {lesson.objectives.map((o, i) => (
                    <li key={i}>{o}</li>
                  ))}
                </ul>
              </section>
            )}
            {lesson.content.trim() ? (
              <div className="lesson-content">
                <Markdown>{lesson.content}</Markdown>
              </div>
            ) : (
              <p className="muted">This lesson has no content yet.</p>
            )}
            <HistoryPanel unitKind="lesson" unitId={lesson.id} revision={`${lesson.title}\n${lesson.objectives.join('\n')}\n${lesson.content}`} onRestored={onChanged} />
          </>
        )}
      </div>
      <section className="card tasks" aria-labelledby="tasks-title">
        <h2 id="tasks-title">Tasks</h2>
        {lesson.tasks.length === 0 ? (
          <p className="muted">No tasks yet: they are generated after the lessons.</p>
        ) : (
          <ol className="task-list">
            {lesson.tasks.map((task, i) => (
              <TaskItem key={task.id} task={task} index={i} onChanged={onChanged} />
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
