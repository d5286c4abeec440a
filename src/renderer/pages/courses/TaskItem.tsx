// One task: its kind, prompt and answer key, or a quiz's introduction and questions;
// editable, or regenerated alone after saying what regenerating replaces. A quiz written
// before typed questions says so, and regenerating it brings them. As in LessonView:
// Regenerate and "Replace task N" are one button, the editor takes focus and gives it back
// to Edit, and Escape leaves it (asking first when there are unsaved edits).
import { useEffect, useRef, useState } from 'react';
import { TASK_KINDS, type Task, type TaskKind } from '../../../shared/domain';
import type { QuizQuestion } from '../../../shared/quiz';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton, type ConfirmButtonHandle } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { Badge } from '../../components/StatusBadge';
import { api, call } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { cleanQuestions, validateQuestions } from '../../lib/quiz-edit';
import { useAction } from '../../lib/use-action';
import { taskDrafts } from './edit-drafts';
import { HistoryPanel } from './HistoryPanel';
import { QuizEditor } from './QuizEditor';
import { QuizQuestions } from './QuizQuestions';

const KIND_TONES = { exercise: 'blue', quiz: 'purple', reflection: 'amber' } as const;

export function TaskItem({ task, index, onChanged }: { task: Task; index: number; onChanged: () => Promise<void> }) {
  // A draft left unsaved when another lesson was picked reopens with its editor (edit-drafts.ts).
  const [draft] = useState(() => taskDrafts.get(task.id));
  const [editing, setEditing] = useState(draft !== null);
  const [kind, setKind] = useState<TaskKind>(draft?.kind ?? task.kind);
  const [prompt, setPrompt] = useState(draft?.prompt ?? task.prompt);
  const [answerKey, setAnswerKey] = useState(draft?.answerKey ?? task.answerKey ?? '');
  const [questions, setQuestions] = useState<QuizQuestion[] | null>(draft ? draft.questions : task.questions);
  const save = useAction();
  const regenerate = useAction();
  const [confirming, setConfirming] = useState(false);
  // A quiz with typed questions stays a quiz; its questions carry the answers.
  const typed = questions !== null;
  const legacyQuiz = task.kind === 'quiz' && task.questions === null;
  const promptError = prompt.trim() === '' ? (typed ? 'Write a line introducing the quiz.' : 'Write the task prompt.') : save.fieldErrors.prompt;
  const answerError = !typed && kind === 'quiz' && answerKey.trim() === '' ? 'A quiz question needs an answer key.' : save.fieldErrors.answerKey;
  const quizErrors = typed ? validateQuestions(questions) : {};
  const quizInvalid = Object.keys(quizErrors).length > 0;
  const dirty = kind !== task.kind || prompt !== task.prompt || answerKey !== (task.answerKey ?? '') || JSON.stringify(questions) !== JSON.stringify(task.questions);
  const firstField = useRef<HTMLSelectElement & HTMLTextAreaElement>(null);
  const cancel = useRef<ConfirmButtonHandle>(null);
  const editKey = `task-${task.id}-edit`;
  const regenerateKey = `task-${task.id}-regenerate`;
  const opened = useRef(editing);
  useEffect(() => {
    // Not when the editor reopens with a draft as the lesson is opened: focus stays where the person was.
    if (editing && !opened.current) firstField.current?.focus();
    opened.current = editing;
  }, [editing]);
  useEffect(() => {
    if (editing && dirty) taskDrafts.keep(task.id, { kind, prompt, answerKey, questions });
    else taskDrafts.drop(task.id);
  }, [editing, dirty, task.id, kind, prompt, answerKey, questions]);
  const stopEditing = () => {
    taskDrafts.drop(task.id);
    setEditing(false);
    focusLater(editKey);
  };
  const takeBack = () => {
    setConfirming(false);
    focusLater(regenerateKey);
  };

  const startEdit = () => {
    setKind(task.kind);
    setPrompt(task.prompt);
    setAnswerKey(task.answerKey ?? '');
    setQuestions(task.questions);
    setConfirming(false);
    setEditing(true);
  };

  return (
    <li className="task-item">
      <div className="task-head">
        <span className="task-number">Task {index + 1}</span>
        <Badge tone={KIND_TONES[task.kind]}>{task.kind}</Badge>
        {!editing && (
          <div
            className="row-actions"
            onKeyDown={(e) => {
              // As an armed ConfirmButton: Escape takes the question back.
              if (e.key !== 'Escape' || !confirming || regenerate.pending) return;
              e.preventDefault();
              takeBack();
            }}
          >
            <ActionButton
              className="btn btn-small"
              data-focus-key={editKey}
              aria-label={`Edit task ${index + 1}`}
              // An edit saved while the model rewrites the task would make main refuse the new text (content.ts): the paid regeneration wasted.
              unavailable={regenerate.pending}
              title={regenerate.pending ? 'Wait for the regeneration to finish.' : undefined}
              onClick={startEdit}
            >
              Edit
            </ActionButton>
            <ActionButton
              className={`btn btn-small ${confirming ? 'btn-danger' : ''}`}
              data-focus-key={regenerateKey}
              aria-label={confirming ? undefined : legacyQuiz ? `Regenerate task ${index + 1} as a graded quiz` : `Regenerate task ${index + 1}`}
              busy={regenerate.pending}
              onClick={() => {
                if (!confirming) return setConfirming(true);
                void regenerate.run(async () => {
                  await call(api().tasksRegenerate({ taskId: task.id }));
                  setConfirming(false);
                  await onChanged();
                });
              }}
            >
              {regenerate.pending ? 'Regenerating…' : confirming ? `Replace task ${index + 1}` : legacyQuiz ? 'Regenerate as a graded quiz' : 'Regenerate'}
            </ActionButton>
            {confirming && (
              <ActionButton className="btn btn-small btn-ghost" busy={regenerate.pending} onClick={takeBack}>
                Keep it
              </ActionButton>
            )}
          </div>
        )}
      </div>
      {confirming && !editing && !regenerate.pending && (
        <p className="muted">
          {task.kind === 'quiz'
            ? 'The model writes a new quiz in its place: new questions, as many and of the types set in Settings → Quizzes.'
            : `The model writes a new ${task.kind} in its place: a new prompt${task.kind === 'exercise' ? ' and answer key' : ''}.`}{' '}
          Your edits to this task are replaced; the lesson and its other tasks are kept.
        </p>
      )}
      <InlineError message={regenerate.error} />
      {editing ? (
        <form
          className="task-editor"
          onKeyDown={(e) => {
            if (e.key !== 'Escape' || e.defaultPrevented || save.pending) return;
            e.preventDefault();
            if (dirty) cancel.current?.arm();
            else stopEditing();
          }}
          onSubmit={(e) => {
            e.preventDefault();
            if (promptError || answerError || quizInvalid) return;
            void save.run(async () => {
              await call(
                api().tasksUpdate({
                  taskId: task.id,
                  kind,
                  prompt: prompt.trim(),
                  answerKey: typed || answerKey.trim() === '' ? null : answerKey,
                  ...(questions ? { questions: cleanQuestions(questions) } : {}),
                }),
              );
              stopEditing();
              await onChanged();
            });
          }}
        >
          {typed ? (
            <>
              <Field label="Introduction" error={promptError}>
                <textarea ref={firstField} rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
              </Field>
              <QuizEditor questions={questions} onChange={setQuestions} errors={quizErrors} />
            </>
          ) : (
            <>
              <Field label="Kind">
                <select ref={firstField} value={kind} onChange={(e) => setKind(e.target.value as TaskKind)}>
                  {TASK_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Prompt" error={promptError}>
                <textarea rows={4} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
              </Field>
              <Field label="Answer key" hint={kind === 'quiz' ? 'Required for quiz questions.' : 'Optional.'} error={answerError}>
                <textarea rows={2} value={answerKey} onChange={(e) => setAnswerKey(e.target.value)} />
              </Field>
            </>
          )}
          <InlineError message={save.error} />
          <div className="form-actions">
            <ActionButton type="submit" className="btn btn-primary btn-small" busy={save.pending}>
              Save task
            </ActionButton>
            <ConfirmButton ref={cancel} className="btn-small" label="Cancel" confirmLabel="Discard your changes?" ask={dirty} danger={false} busy={save.pending} onConfirm={stopEditing} />
          </div>
        </form>
      ) : (
        <>
          <p className="task-prompt">{task.prompt}</p>
          {task.questions && <QuizQuestions questions={task.questions} />}
          {legacyQuiz && (
            <p className="muted quiz-legacy-note">
              Written before graded quizzes: it exports as one essay question that a person grades. Regenerate it as a graded quiz to get questions an LMS grades by
              itself.
            </p>
          )}
          {task.answerKey && (
            <details className="answer-key">
              <summary>Answer key</summary>
              <p>{task.answerKey}</p>
            </details>
          )}
          <HistoryPanel
            unitKind="task"
            unitId={task.id}
            revision={`${task.kind}\n${task.prompt}\n${task.answerKey ?? ''}\n${JSON.stringify(task.questions)}`}
            onRestored={onChanged}
          />
        </>
      )}
    </li>
  );
}
