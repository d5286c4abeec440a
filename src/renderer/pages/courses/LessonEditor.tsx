// Edit a lesson's title, objectives (one per line) and Markdown content, with a preview
// rendered by the same sanitizing renderer the course view uses. It opens with focus on the
// title (unless it reopens a draft left unsaved: edit-drafts.ts); Escape leaves it, asking
// first (on Cancel, armed) when there are unsaved edits.
import { useEffect, useRef, useState } from 'react';
import type { Lesson } from '../../../shared/domain';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton, type ConfirmButtonHandle } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { Markdown } from '../../components/Markdown';
import { api, call } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { lessonDrafts } from './edit-drafts';

export function LessonEditor({ lesson, onCancel: leave, onSaved }: { lesson: Lesson; onCancel: () => void; onSaved: () => Promise<void> }) {
  const [draft] = useState(() => lessonDrafts.get(lesson.id));
  const [title, setTitle] = useState(draft?.title ?? lesson.title);
  const [objectives, setObjectives] = useState(draft?.objectives ?? lesson.objectives.join('\n'));
  const [content, setContent] = useState(draft?.content ?? lesson.content);
  const [preview, setPreview] = useState(false);
  const save = useAction();
  const titleInput = useRef<HTMLInputElement>(null);
  const cancel = useRef<ConfirmButtonHandle>(null);
  useEffect(() => {
    if (!draft) titleInput.current?.focus();
  }, [draft]);
  const dirty = title !== lesson.title || objectives !== lesson.objectives.join('\n') || content !== lesson.content;
  useEffect(() => {
    if (dirty) lessonDrafts.keep(lesson.id, { title, objectives, content });
    else lessonDrafts.drop(lesson.id);
  }, [dirty, lesson.id, title, objectives, content]);
  const onCancel = () => {
    lessonDrafts.drop(lesson.id);
    leave();
  };
  const objectiveList = objectives
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
  const titleError = title.trim() === '' ? 'Give the lesson a title.' : title.length > 200 ? 'Keep the title under 200 characters.' : save.fieldErrors.title;
  const objectivesError =
    objectiveList.length > 12 ? 'At most 12 objectives.' : objectiveList.some((o) => o.length > 500) ? 'Keep each objective under 500 characters.' : save.fieldErrors.objectives;

  return (
    <form
      className="lesson-editor"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented || save.pending) return;
        e.preventDefault();
        if (dirty) cancel.current?.arm();
        else onCancel();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (titleError || objectivesError) return;
        void save.run(async () => {
          await call(api().lessonsUpdate({ lessonId: lesson.id, title: title.trim(), content, objectives: objectiveList }));
          lessonDrafts.drop(lesson.id);
          await onSaved();
        });
      }}
    >
      <Field label="Title" error={titleError}>
        <input ref={titleInput} type="text" value={title} maxLength={220} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label="Objectives" hint="One per line." error={objectivesError}>
        <textarea rows={4} value={objectives} onChange={(e) => setObjectives(e.target.value)} />
      </Field>
      <div className="field">
        <div className="editor-tabs" role="group" aria-label="Content view">
          <button type="button" className="filter-tab" aria-pressed={!preview} onClick={() => setPreview(false)}>
            Write
          </button>
          <button type="button" className="filter-tab" aria-pressed={preview} onClick={() => setPreview(true)}>
            Preview
          </button>
        </div>
        {preview ? (
          <div className="content-preview">{content.trim() ? <Markdown>{content}</Markdown> : <p className="muted">Nothing to preview.</p>}</div>
        ) : (
          <>
            <label className="visually-hidden" htmlFor="lesson-content">
              Content (Markdown)
            </label>
            <textarea id="lesson-content" className="content-input" rows={18} value={content} spellCheck onChange={(e) => setContent(e.target.value)} />
          </>
        )}
        {save.fieldErrors.content && <span className="field-error">{save.fieldErrors.content}</span>}
      </div>
      <InlineError message={save.error} />
      <div className="form-actions">
        <ActionButton type="submit" className="btn btn-primary" busy={save.pending}>
          {save.pending ? 'Saving…' : 'Save lesson'}
        </ActionButton>
        <ConfirmButton ref={cancel} label="Cancel" confirmLabel="Discard your changes?" ask={dirty} danger={false} busy={save.pending} onConfirm={onCancel} />
      </div>
    </form>
  );
}
