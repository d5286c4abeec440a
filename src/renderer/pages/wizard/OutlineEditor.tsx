// Step 3: edit the chosen outline (rename, reorder, add, remove), then approve it. Checks
// run as the person types; saving is refused while any message is shown. Unsaved edits are
// kept as the course's draft, so leaving the page loses nothing; going back to the options
// drops them, after asking.
import { useEffect, useRef, useState } from 'react';
import type { CourseTree, Outline } from '../../../shared/domain';
import { MAX_PROJECTS } from '../../../shared/schemas';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { outlineOps, validateOutline } from '../../lib/outline-edit';
import { useAction } from '../../lib/use-action';
import { navigate } from '../../lib/use-route';
import { draftOutline, useOutlineDrafts } from '../../store/outline-drafts';
import { toast } from '../../store/toasts';
import { ApprovePanel } from './ApprovePanel';
import { ProjectEditor } from './ProjectEditor';

export function OutlineEditor({ course, onChanged }: { course: CourseTree; onChanged: () => Promise<void> }) {
  const [kept] = useState(() => draftOutline(course.id, course.chosenOptionId));
  const [outline, setOutline] = useState<Outline>(kept ?? course.outline!);
  const [dirty, setDirty] = useState(kept !== null);
  // The outline on screen now: a save that ends after further edits must not call them saved.
  const latest = useRef(outline);
  latest.current = outline;
  const dirtyNow = useRef(dirty);
  dirtyNow.current = dirty;
  const save = useAction();
  const errors = validateOutline(outline);
  const valid = Object.keys(errors).length === 0;

  // A newer stored outline (saved here or in another window) is shown unless edits are
  // pending. Only its arrival counts: a save clearing `dirty` must not bring back the copy
  // read before it.
  useEffect(() => {
    if (!dirtyNow.current && course.outline) setOutline(course.outline);
  }, [course.outline]);

  const change = (next: Outline) => {
    setOutline(next);
    setDirty(true);
    useOutlineDrafts.getState().keep(course.id, { optionId: course.chosenOptionId, outline: next });
  };

  const backToOptions = () => {
    useOutlineDrafts.getState().discard(course.id);
    navigate(['new', course.id], { step: 'options' });
  };

  const persist = async (): Promise<boolean> => {
    if (!valid) return false;
    if (!dirty) return true;
    const sent = outline;
    const saved = await save.run(() => call(api().coursesEditOutline({ courseId: course.id, outline: sent })));
    if (!saved) return false;
    useOutlineDrafts.getState().discard(course.id, sent);
    // The options page decides from the stored outline whether picking or regenerating drops
    // edits: it must know of this save before the page says it is done.
    await onChanged();
    if (latest.current === sent) setDirty(false);
    return true;
  };

  return (
    <div className="outline-editor">
      <section className="card" aria-labelledby="editor-title">
        <div className="section-header">
          <h2 id="editor-title">Edit the outline</h2>
          {dirty ? (
            <ConfirmButton className="btn-ghost" label="← Back to options" confirmLabel="Discard your edits?" onConfirm={backToOptions} />
          ) : (
            <button type="button" className="btn btn-ghost" onClick={backToOptions}>
              ← Back to options
            </button>
          )}
        </div>
        <Field label="Course title" error={errors.title}>
          <input type="text" value={outline.title} maxLength={220} onChange={(e) => change(outlineOps.setTitle(outline, e.target.value))} />
        </Field>
        <Field label="Description" error={errors.description}>
          <textarea rows={2} value={outline.description} onChange={(e) => change(outlineOps.setDescription(outline, e.target.value))} />
        </Field>
      </section>

      <section aria-labelledby="projects-title" className="projects-editor">
        <h2 id="projects-title" className="section-title">
          Projects <span className="muted">({outline.projects.length})</span>
        </h2>
        {errors.projects && (
          <p className="field-error" role="alert">
            {errors.projects}
          </p>
        )}
        <ol className="project-list">
          {outline.projects.map((project, pi) => (
            <ProjectEditor
              key={pi}
              index={pi}
              count={outline.projects.length}
              project={project}
              errors={errors}
              onTitle={(title) => change(outlineOps.setProjectTitle(outline, pi, title))}
              onDescription={(text) => change(outlineOps.setProjectDescription(outline, pi, text))}
              onMove={(delta) => {
                change(outlineOps.moveProject(outline, pi, delta));
                focusLater(`project-${pi + delta}-${delta < 0 ? 'up' : 'down'}`);
              }}
              onRemove={() => {
                change(outlineOps.removeProject(outline, pi));
                focusLater('add-project');
              }}
              onLessonTitle={(li, title) => change(outlineOps.setLessonTitle(outline, pi, li, title))}
              onLessonMove={(li, delta) => {
                change(outlineOps.moveLesson(outline, pi, li, delta));
                focusLater(`lesson-${pi}-${li + delta}-${delta < 0 ? 'up' : 'down'}`);
              }}
              onLessonAdd={() => {
                change(outlineOps.addLesson(outline, pi));
                focusLater(`lesson-${pi}-${project.lessons.length}-title`);
              }}
              onLessonRemove={(li) => {
                change(outlineOps.removeLesson(outline, pi, li));
                focusLater(`add-lesson-${pi}`);
              }}
            />
          ))}
        </ol>
        <button
          type="button"
          className="btn"
          data-focus-key="add-project"
          disabled={outline.projects.length >= MAX_PROJECTS}
          onClick={() => {
            change(outlineOps.addProject(outline));
            focusLater(`project-${outline.projects.length}-title`);
          }}
        >
          + Add project
        </button>
      </section>

      <div className="editor-save card">
        <span className="muted" role="status">
          {!valid ? 'Fix the highlighted fields to save.' : dirty ? 'Unsaved changes.' : 'All changes saved.'}
        </span>
        <button
          type="button"
          className="btn"
          disabled={!dirty || !valid || save.pending}
          onClick={() =>
            void persist().then((ok) => {
              if (ok) toast({ tone: 'success', title: 'Outline saved' });
            })
          }
        >
          {save.pending ? 'Saving…' : 'Save draft'}
        </button>
        <InlineError message={save.error} />
      </div>

      <ApprovePanel course={course} canApprove={valid} beforeApprove={persist} onApproved={onChanged} />
    </div>
  );
}
