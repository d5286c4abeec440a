// Step 1: what the course is about, and the source materials it is written from. "Propose
// outlines" creates the draft course (linking the materials read so far) and starts the
// outline options streaming, then moves to the options step for that course.
import { useState } from 'react';
import { COURSE_LEVELS } from '../../../shared/domain';
import { MAX_PROJECTS, MIN_PROJECTS } from '../../../shared/schemas';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { EMPTY_TOPIC, toTopicInput, topicFieldErrors, validateTopic, type TopicDraft } from '../../lib/topic-form';
import { useAction } from '../../lib/use-action';
import { navigate } from '../../lib/use-route';
import { useOutlineStream } from '../../store/outline-stream';
import { SourceMaterials, hasPdf } from './SourceMaterials';
import { useTopicMaterials } from './use-topic-materials';

export function TopicForm() {
  const [draft, setDraft] = useState<TopicDraft>(EMPTY_TOPIC);
  const [submitted, setSubmitted] = useState(false);
  const [pdfAsPages, setPdfAsPages] = useState(false);
  const action = useAction();
  const materials = useTopicMaterials();
  const errors = { ...(submitted ? validateTopic(draft) : {}), ...topicFieldErrors(action.fieldErrors) };
  const set = <K extends keyof TopicDraft>(key: K, value: TopicDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    setSubmitted(true);
    if (Object.keys(validateTopic(draft)).length > 0) return;
    const staged = materials.staged();
    const course = await action.run(() => call(api().coursesCreate({ topic: { ...toTopicInput(draft), ...(pdfAsPages && hasPdf(materials) ? { pdfAsPages: true } : {}) }, ...(staged.length > 0 ? { materials: staged } : {}) })));
    if (!course) return;
    void useOutlineStream.getState().generate(course.id, 3);
    navigate(['new', course.id]);
  };

  return (
    <form
      className="card topic-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>What should the course teach?</h2>
      <Field label="Topic" hint="One sentence is enough, e.g. “React hooks for people who know JavaScript”." error={errors.topic}>
        <input type="text" value={draft.topic} maxLength={320} autoFocus onChange={(e) => set('topic', e.target.value)} />
      </Field>
      <div className="form-grid">
        <Field label="Audience" hint="Who is it for? Defaults to general learners." error={errors.audience}>
          <input type="text" value={draft.audience} maxLength={320} placeholder="general learners" onChange={(e) => set('audience', e.target.value)} />
        </Field>
        <Field label="Level" error={errors.level}>
          <select value={draft.level} onChange={(e) => set('level', e.target.value as TopicDraft['level'])}>
            {COURSE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level[0]!.toUpperCase() + level.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Number of projects" hint={`${MIN_PROJECTS}–${MAX_PROJECTS} modules`} error={errors.projects}>
          <input type="number" min={MIN_PROJECTS} max={MAX_PROJECTS} step={1} value={draft.projects} onChange={(e) => set('projects', e.target.value)} />
        </Field>
        <Field label="Language" error={errors.language}>
          <input type="text" value={draft.language} maxLength={60} onChange={(e) => set('language', e.target.value)} />
        </Field>
      </div>
      <Field label="Notes for the author" hint="Optional: tone, tools to use, things to avoid." error={errors.notes}>
        <textarea rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
      </Field>
      <SourceMaterials materials={materials} pdfAsPages={{ on: pdfAsPages, set: setPdfAsPages }} />
      <InlineError message={action.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={action.pending || materials.reading}>
          {action.pending ? 'Creating…' : 'Propose outlines'}
        </button>
        {materials.reading && <span className="muted">Waiting for the files to be read…</span>}
      </div>
    </form>
  );
}
