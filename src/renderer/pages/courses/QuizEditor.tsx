// The questions of a quiz task, editable: type, stem, options (mark the correct one,
// reorder, add, delete), true/false answer, accepted answers, model answer, feedback and
// explanation; questions reordered, added and deleted. Controlled: the task editor owns the
// list and saves it; the operations and the validation are in lib/quiz-edit.ts.
import { useId, useState } from 'react';
import { MAX_QUIZ_QUESTIONS, QUESTION_TYPE_LABELS, QUESTION_TYPES, type QuestionType, type QuizQuestion } from '../../../shared/quiz';
import { Field } from '../../components/Field';
import { canAddOption, canRemoveOption, quizOps } from '../../lib/quiz-edit';

interface Props {
  questions: QuizQuestion[];
  onChange: (questions: QuizQuestion[]) => void;
  errors: Record<string, string>;
}

/** The question types as the options of a select (the question's own, and the new question's). */
const TYPE_OPTIONS = QUESTION_TYPES.map((t) => (
  <option key={t} value={t}>
    {QUESTION_TYPE_LABELS[t]}
  </option>
));

function FieldError({ message }: { message: string | undefined }) {
  return message ? <span className="field-error">{message}</span> : null;
}

function ChoiceOptions({ question, qi, errors, change }: { question: QuizQuestion & { options: unknown[] }; qi: number; errors: Props['errors']; change: (next: (qs: QuizQuestion[]) => QuizQuestion[]) => void }) {
  const group = useId();
  const single = question.type === 'multiple_choice';
  const options = question.type === 'multiple_choice' || question.type === 'multiple_response' ? question.options : [];
  return (
    <fieldset className="quiz-option-editor">
      <legend>{single ? 'Options (mark the one correct answer)' : 'Options (mark every correct answer)'}</legend>
      <ol>
        {options.map((o, oi) => (
          <li key={oi} className="quiz-option-row">
            <input
              type={single ? 'radio' : 'checkbox'}
              name={`${group}-correct`}
              checked={o.correct}
              aria-label={`Option ${oi + 1} is correct`}
              onChange={() => change((qs) => quizOps.markCorrect(qs, qi, oi))}
            />
            <div className="quiz-option-fields">
              <input
                type="text"
                value={o.text}
                aria-label={`Option ${oi + 1}`}
                aria-invalid={errors[`${qi}.options.${oi}.text`] ? true : undefined}
                onChange={(e) => change((qs) => quizOps.setOption(qs, qi, oi, { text: e.target.value }))}
              />
              <FieldError message={errors[`${qi}.options.${oi}.text`]} />
              <input
                type="text"
                className="quiz-feedback-input"
                value={o.feedback}
                placeholder="Feedback when chosen (optional)"
                aria-label={`Feedback for option ${oi + 1}`}
                onChange={(e) => change((qs) => quizOps.setOption(qs, qi, oi, { feedback: e.target.value }))}
              />
            </div>
            <div className="row-actions">
              <button type="button" className="btn btn-small btn-ghost" aria-label={`Move option ${oi + 1} up`} disabled={oi === 0} onClick={() => change((qs) => quizOps.moveOption(qs, qi, oi, -1))}>
                ↑
              </button>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={`Move option ${oi + 1} down`}
                disabled={oi === options.length - 1}
                onClick={() => change((qs) => quizOps.moveOption(qs, qi, oi, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={`Delete option ${oi + 1}`}
                disabled={!canRemoveOption(question)}
                onClick={() => change((qs) => quizOps.removeOption(qs, qi, oi))}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      <FieldError message={errors[`${qi}.options`]} />
      <button type="button" className="btn btn-small" disabled={!canAddOption(question)} onClick={() => change((qs) => quizOps.addOption(qs, qi))}>
        Add option
      </button>
    </fieldset>
  );
}

function QuestionEditor({ question, qi, count, errors, change }: { question: QuizQuestion; qi: number; count: number; errors: Props['errors']; change: (next: (qs: QuizQuestion[]) => QuizQuestion[]) => void }) {
  const group = useId();
  const set = (fields: Partial<QuizQuestion>) => change((qs) => quizOps.set(qs, qi, { ...question, ...fields } as QuizQuestion));
  const n = qi + 1;
  return (
    <li className="quiz-question-editor">
      <fieldset>
        <legend>Question {n}</legend>
        <div className="quiz-question-tools">
          <Field label="Type">
            <select value={question.type} onChange={(e) => change((qs) => quizOps.setType(qs, qi, e.target.value as QuestionType))}>
              {TYPE_OPTIONS}
            </select>
          </Field>
          <div className="row-actions">
            <button type="button" className="btn btn-small" aria-label={`Move question ${n} up`} disabled={qi === 0} onClick={() => change((qs) => quizOps.move(qs, qi, -1))}>
              Move up
            </button>
            <button type="button" className="btn btn-small" aria-label={`Move question ${n} down`} disabled={qi === count - 1} onClick={() => change((qs) => quizOps.move(qs, qi, 1))}>
              Move down
            </button>
            <button type="button" className="btn btn-small btn-danger" aria-label={`Delete question ${n}`} disabled={count <= 1} onClick={() => change((qs) => quizOps.remove(qs, qi))}>
              Delete
            </button>
          </div>
        </div>
        <Field label={question.type === 'true_false' ? 'Statement' : 'Question'} error={errors[`${qi}.stem`]}>
          <textarea rows={2} value={question.stem} onChange={(e) => set({ stem: e.target.value })} />
        </Field>
        {(question.type === 'multiple_choice' || question.type === 'multiple_response') && <ChoiceOptions question={question} qi={qi} errors={errors} change={change} />}
        {question.type === 'true_false' && (
          <fieldset className="quiz-option-editor">
            <legend>The statement is</legend>
            {([true, false] as const).map((value) => (
              <label key={String(value)} className="quiz-tf-row">
                <input type="radio" name={`${group}-tf`} checked={question.answer === value} onChange={() => set({ answer: value })} />
                {value ? 'True' : 'False'}
                <input
                  type="text"
                  className="quiz-feedback-input"
                  placeholder="Feedback when chosen (optional)"
                  aria-label={`Feedback for ${value ? 'true' : 'false'}`}
                  value={value ? question.trueFeedback : question.falseFeedback}
                  onChange={(e) => set(value ? { trueFeedback: e.target.value } : { falseFeedback: e.target.value })}
                />
              </label>
            ))}
          </fieldset>
        )}
        {question.type === 'short_answer' && (
          <Field label="Accepted answers" hint="One per line; compared without regard to case or surrounding spaces." error={errors[`${qi}.acceptedAnswers`]}>
            <textarea rows={3} value={question.acceptedAnswers.join('\n')} onChange={(e) => set({ acceptedAnswers: e.target.value.split('\n') })} />
          </Field>
        )}
        {question.type === 'essay' && (
          <Field label="Model answer" hint="Shown to the learner after answering; a person grades the answer." error={errors[`${qi}.modelAnswer`]}>
            <textarea rows={3} value={question.modelAnswer} onChange={(e) => set({ modelAnswer: e.target.value })} />
          </Field>
        )}
        <Field label="Explanation" hint="Shown after answering (optional)." error={errors[`${qi}.explanation`]}>
          <textarea rows={2} value={question.explanation} onChange={(e) => set({ explanation: e.target.value })} />
        </Field>
      </fieldset>
    </li>
  );
}

export function QuizEditor({ questions, onChange, errors }: Props) {
  const [addType, setAddType] = useState<QuestionType>('multiple_choice');
  const change = (next: (qs: QuizQuestion[]) => QuizQuestion[]) => onChange(next(questions));
  return (
    <div className="quiz-editor">
      <ol className="quiz-question-list">
        {questions.map((question, qi) => (
          <QuestionEditor key={qi} question={question} qi={qi} count={questions.length} errors={errors} change={change} />
        ))}
      </ol>
      <FieldError message={errors['']} />
      <div className="quiz-add">
        <Field label="New question type">
          <select value={addType} onChange={(e) => setAddType(e.target.value as QuestionType)}>
            {TYPE_OPTIONS}
          </select>
        </Field>
        <button type="button" className="btn btn-small" disabled={questions.length >= MAX_QUIZ_QUESTIONS} onClick={() => change((qs) => quizOps.add(qs, addType))}>
          Add question
        </button>
      </div>
    </div>
  );
}
