// One task: its kind, prompt and answer key; editable, or regenerated alone after saying
// what regenerating replaces.
import { useState } from 'react';
import { TASK_KINDS, type Task, type TaskKind } from '../../../shared/domain';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { Badge } from '../../components/StatusBadge';
import { api, call } from '../../lib/api';
import { useAction } from '../../lib/use-action';

const KIND_TONES = { exercise: 'blue', quiz: 'purple', reflection: 'amber' } as const;

export function TaskItem({ task, index, onChanged }: { task: Task; index: number; onChanged: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState<TaskKind>(task.kind);
  const [prompt, setPrompt] = useState(task.prompt);
  const [answerKey, setAnswerKey] = useState(task.answerKey ?? '');
  const save = useAction();
  const regenerate = useAction();
  const [confirming, setConfirming] = useState(false);
  const promptError = prompt.trim() === '' ? 'Write the task prompt.' : save.fieldErrors.prompt;
  const answerError = kind === 'quiz' && answerKey.trim() === '' ? 'A quiz question needs an answer key.' : save.fieldErrors.answerKey;

  const startEdit = () => {
    setKind(task.kind);
    setPrompt(task.prompt);
    setAnswerKey(task.answerKey ?? '');
    setConfirming(false);
    setEditing(true);
  };

  return (
    <li className="task-item">
      <div className="task-head">
        <span className="task-number">Task {index + 1}</span>
        <Badge tone={KIND_TONES[task.kind]}>{task.kind}</Badge>
        {!editing && (
          <div className="row-actions">
            <button type="button" className="btn btn-small" aria-label={`Edit task ${index + 1}`} onClick={startEdit}>
              Edit
            </button>
            {confirming ? (
              <>
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  disabled={regenerate.pending}
                  onClick={() =>
                    void regenerate.run(async () => {
                      await call(api().tasksRegenerate({ taskId: task.id }));
                      setConfirming(false);
                      await onChanged();
                    })
                  }
                >
                  {regenerate.pending ? 'Regenerating…' : `Replace task ${index + 1}`}
                </button>
                <button type="button" className="btn btn-small btn-ghost" disabled={regenerate.pending} onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-small" aria-label={`Regenerate task ${index + 1}`} onClick={() => setConfirming(true)}>
                Regenerate
              </button>
            )}
          </div>
        )}
      </div>
      {confirming && !editing && !regenerate.pending && (
        <p className="muted">The model writes a new task in its place: a new prompt and answer key, and possibly another kind. Your edits to this task are replaced; the lesson and its other tasks are kept.</p>
      )}
      <InlineError message={regenerate.error} />
      {editing ? (
        <form
          className="task-editor"
          onSubmit={(e) => {
            e.preventDefault();
            if (promptError || answerError) return;
            void save.run(async () => {
              await call(api().tasksUpdate({ taskId: task.id, kind, prompt: prompt.trim(), answerKey: answerKey.trim() === '' ? null : answerKey }));
              setEditing(false);
              await onChanged();
            });
          }}
        >
          <Field label="Kind">
            <select value={kind} onChange={(e) => setKind(e.target.value as TaskKind)}>
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
          <InlineError message={save.error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={save.pending}>
              Save task
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(false)} disabled={save.pending}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="task-prompt">{task.prompt}</p>
          {task.answerKey && (
            <details className="answer-key">
              <summary>Answer key</summary>
              <p>{task.answerKey}</p>
            </details>
          )}
        </>
      )}
    </li>
  );
}
