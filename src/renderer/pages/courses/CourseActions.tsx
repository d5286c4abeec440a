// Approve a generated course (as the reviewer named in Settings, or whoever is typed in),
// publish an approved one, reopen a rejected one for review, export (ExportMenu), move it to the bin. A course edited after its approval says so: it needs approving again.
// Buttons keep focus while their command runs; when the next step replaces one (Approve
// course becomes Publish) focus goes to the new one, and to Export once nothing is left to do.
import { useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { navigate } from '../../lib/use-route';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';
import { editedAfterApproval } from './approval';
import { ExportMenu } from './ExportMenu';

export function CourseActions({ course, onChanged }: { course: CourseTree; onChanged: () => Promise<void> }) {
  const reviewerName = useSettings((s) => s.settings?.reviewerName ?? '');
  const [typed, setBy] = useState<string | null>(null);
  // Never someone else's name (the outline's approver): the person approving types theirs unless Settings has it.
  const by = typed ?? reviewerName;
  const approve = useAction();
  const publish = useAction();
  const reopen = useAction();
  const stale = editedAfterApproval(course);
  const exporting = useAction();
  const binning = useAction();
  const keepFocus = useFocusRescue<HTMLDivElement>();

  return (
    <div className="course-actions" {...keepFocus}>
      {stale && (
        <p className="muted approval-stale" role="note">
          Edited after approval — approve again to publish.
        </p>
      )}
      {course.status === 'generated' && (
        <form
          className="approve-inline"
          onSubmit={(e) => {
            e.preventDefault();
            void approve.run(async () => {
              if (by.trim() === '') throw new Error('Enter who approves the course.');
              await call(api().coursesApprove({ courseId: course.id, by: by.trim(), note: '' }));
              toast({ tone: 'success', title: 'Course approved', message: 'It can be published now.' });
              await onChanged();
            });
          }}
        >
          <label className="inline-field">
            <span>Approve as</span>
            <input
              type="text"
              value={by}
              maxLength={120}
              placeholder="Reviewer name"
              aria-required="true"
              onChange={(e) => setBy(e.target.value)}
              aria-invalid={approve.error ? true : undefined}
            />
          </label>
          <ActionButton type="submit" className="btn btn-primary" data-focus-role="next-step" busy={approve.pending}>
            {stale ? 'Approve again' : 'Approve course'}
          </ActionButton>
        </form>
      )}
      {course.status === 'rejected' && (
        <ActionButton
          className="btn"
          data-focus-role="next-step"
          busy={reopen.pending}
          onClick={() =>
            void reopen.run(async () => {
              await call(api().coursesReopen({ courseId: course.id }));
              toast({ tone: 'success', title: 'Back in review', message: 'Its outline options wait in Batch review.', href: '#/batch', hrefLabel: 'Review outlines' });
              await onChanged();
            })
          }
        >
          {reopen.pending ? 'Reopening…' : 'Reopen for review'}
        </ActionButton>
      )}
      {course.status === 'approved' && (
        <ActionButton
          className="btn btn-primary"
          data-focus-role="next-step"
          busy={publish.pending}
          onClick={() =>
            void publish.run(async () => {
              await call(api().coursesPublish({ courseId: course.id }));
              toast({ tone: 'success', title: 'Course published' });
              await onChanged();
            })
          }
        >
          {publish.pending ? 'Publishing…' : 'Publish'}
        </ActionButton>
      )}
      <ExportMenu courseId={course.id} exporting={exporting} />
      <ConfirmButton
        label="Move to bin"
        confirmLabel="Confirm move to bin"
        className="btn btn-small"
        busy={binning.pending}
        onConfirm={() =>
          void binning.run(async () => {
            await call(api().coursesDelete({ courseId: course.id }));
            toast({ tone: 'success', title: 'Moved to the bin', message: 'Restore it from Settings → Storage → Deleted courses.', href: '#/settings', hrefLabel: 'Deleted courses' });
            navigate(['courses']);
          })
        }
      />
      <InlineError message={approve.error ?? publish.error ?? reopen.error ?? exporting.error ?? binning.error} className="actions-error" />
    </div>
  );
}
