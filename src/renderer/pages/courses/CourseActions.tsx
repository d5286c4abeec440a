// Approve a generated course (who approves, prefilled), publish an approved one, export
// either format as a download.
import { useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { downloadText } from '../../lib/download';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';

export function CourseActions({ course, onChanged }: { course: CourseTree; onChanged: () => Promise<void> }) {
  const reviewerName = useSettings((s) => s.settings?.reviewerName ?? '');
  const [typed, setBy] = useState<string | null>(null);
  const by = typed ?? (reviewerName || course.outlineApproval?.by || '');
  const approve = useAction();
  const publish = useAction();
  const exporting = useAction();

  const exportAs = (format: 'markdown' | 'json') =>
    void exporting.run(async () => {
      const file = await call(api().coursesExport({ courseId: course.id, format }));
      downloadText(file.filename, file.content, file.mimeType);
    });

  return (
    <div className="course-actions">
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
            <input type="text" value={by} maxLength={120} onChange={(e) => setBy(e.target.value)} aria-invalid={approve.error ? true : undefined} />
          </label>
          <button type="submit" className="btn btn-primary" disabled={approve.pending}>
            Approve course
          </button>
        </form>
      )}
      {course.status === 'approved' && (
        <button
          type="button"
          className="btn btn-primary"
          disabled={publish.pending}
          onClick={() =>
            void publish.run(async () => {
              await call(api().coursesPublish({ courseId: course.id }));
              toast({ tone: 'success', title: 'Course published' });
              await onChanged();
            })
          }
        >
          {publish.pending ? 'Publishing…' : 'Publish'}
        </button>
      )}
      <button type="button" className="btn" disabled={exporting.pending} onClick={() => exportAs('markdown')}>
        Export Markdown
      </button>
      <button type="button" className="btn" disabled={exporting.pending} onClick={() => exportAs('json')}>
        Export JSON
      </button>
      <InlineError message={approve.error ?? publish.error ?? exporting.error} className="actions-error" />
    </div>
  );
}
