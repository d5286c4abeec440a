// Approve the outline: who approves (prefilled from settings) and an optional note. Saves
// pending edits first so what is approved is what is on screen.
import { useEffect, useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../store/settings';

export function ApprovePanel({ course, canApprove, beforeApprove, onApproved }: { course: CourseTree; canApprove: boolean; beforeApprove: () => Promise<boolean>; onApproved: () => Promise<void> }) {
  const reviewerName = useSettings((s) => s.settings?.reviewerName ?? '');
  const [by, setBy] = useState(reviewerName);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const action = useAction();

  useEffect(() => {
    if (!touched && reviewerName) setBy(reviewerName);
  }, [reviewerName, touched]);

  const byError = by.trim() === '' ? 'Enter who approves the outline.' : action.fieldErrors.by;

  return (
    <section className="card approve-panel" aria-labelledby="approve-title">
      <h2 id="approve-title">Approve the outline</h2>
      <p className="muted">Approving fixes the outline; the lessons and tasks are generated from it.</p>
      <div className="form-grid">
        <Field label="Reviewer" error={touched ? byError : action.fieldErrors.by}>
          <input
            type="text"
            value={by}
            maxLength={120}
            onChange={(e) => {
              setTouched(true);
              setBy(e.target.value);
            }}
          />
        </Field>
        <Field label="Note (optional)" error={action.fieldErrors.note}>
          <input type="text" value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
      <InlineError message={action.error} />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!canApprove || action.pending}
          onClick={() => {
            setTouched(true);
            if (by.trim() === '') return;
            void action.run(async () => {
              if (!(await beforeApprove())) throw new Error('The outline could not be saved; see the message above.');
              await call(api().coursesApproveOutline({ courseId: course.id, by: by.trim(), note }));
              await onApproved();
            });
          }}
        >
          {action.pending ? 'Approving…' : 'Approve outline'}
        </button>
      </div>
    </section>
  );
}
