// Settings → Quizzes: how many questions each lesson's quiz gets and of which types (read by
// every tasks call from then on), and the score a SCORM package asks to pass.
import { useState } from 'react';
import type { SettingsView } from '../../../shared/ipc-contract';
import { QUESTION_TYPE_LABELS, QUESTION_TYPES, type QuestionType } from '../../../shared/quiz';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { checkQuizDraft, quizDraftOf, sameQuizSettings } from '../../lib/quiz-settings-form';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';

export function QuizSection({ settings }: { settings: SettingsView }) {
  const [draft, setDraft] = useState(() => quizDraftOf(settings.quiz));
  const save = useAction();
  const replace = useSettings((s) => s.replace);
  const checked = checkQuizDraft(draft);
  const unchanged = checked.values !== null && sameQuizSettings(checked.values, settings.quiz);
  const toggle = (type: QuestionType, on: boolean) =>
    setDraft((d) => ({ ...d, types: on ? QUESTION_TYPES.filter((t) => t === type || d.types.includes(t)) : d.types.filter((t) => t !== type) }));

  return (
    <section className="card settings-section" aria-labelledby="quiz-title">
      <h2 id="quiz-title">Quizzes</h2>
      <p className="muted">Each lesson gets one quiz. New and regenerated quizzes follow these settings; quizzes already written keep their questions.</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const quiz = checked.values;
          if (!quiz) return;
          void save.run(async () => {
            const view = await call(api().settingsUpdate({ quiz }));
            replace(view);
            setDraft(quizDraftOf(view.quiz));
            toast({ tone: 'success', title: 'Quiz settings saved' });
          });
        }}
      >
        <div className="form-grid">
          <Field label="Fewest questions per lesson" error={checked.errors.minQuestions}>
            <input type="number" min={1} max={10} step={1} value={draft.minQuestions} onChange={(e) => setDraft({ ...draft, minQuestions: e.target.value })} />
          </Field>
          <Field label="Most questions per lesson" error={checked.errors.maxQuestions}>
            <input type="number" min={1} max={10} step={1} value={draft.maxQuestions} onChange={(e) => setDraft({ ...draft, maxQuestions: e.target.value })} />
          </Field>
        </div>
        <fieldset className="check-group" aria-describedby={checked.errors.types ? 'quiz-types-error' : undefined}>
          <legend>Question types</legend>
          {QUESTION_TYPES.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={draft.types.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
              {QUESTION_TYPE_LABELS[type]}
            </label>
          ))}
          {checked.errors.types && (
            <span className="field-error" id="quiz-types-error">
              {checked.errors.types}
            </span>
          )}
        </fieldset>
        <Field label="SCORM mastery score (%)" hint="The share of graded questions a learner needs to pass a SCORM package." error={checked.errors.masteryScore}>
          <input type="number" min={0} max={100} step={1} value={draft.masteryScore} onChange={(e) => setDraft({ ...draft, masteryScore: e.target.value })} />
        </Field>
        <InlineError message={save.error} />
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" busy={save.pending} unavailable={unchanged}>
            Save quiz settings
          </ActionButton>
        </div>
      </form>
    </section>
  );
}
