// Deleted courses: the bin. Each course can be restored as it was, or removed for good; what
// its calls cost stays in every total either way (removed courses' calls are kept as sums).
import { useCallback, useEffect, useState } from 'react';
import type { BinnedCourse } from '../../../shared/storage';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { formatCost, formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { toast } from '../../store/toasts';

export function BinList({ onChanged }: { onChanged: () => Promise<void> }) {
  const [courses, setCourses] = useState<BinnedCourse[] | null>(null);
  const load = useAction();
  const act = useAction();
  const { run } = load;
  const refresh = useCallback(() => run(async () => setCourses(await call(api().coursesBin()))), [run]);
  useEffect(() => void refresh(), [refresh]);

  const after = async () => {
    await refresh();
    await onChanged();
  };

  return (
    <div className="bin" role="group" aria-labelledby="bin-title">
      <h3 id="bin-title">Deleted courses</h3>
      {courses === null ? (
        <p className="muted">{load.pending ? 'Loading…' : ''}</p>
      ) : courses.length === 0 ? (
        <p className="muted">The bin is empty.</p>
      ) : (
        <>
          <table className="bin-table">
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Deleted</th>
                <th scope="col">Spent</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id}>
                  <td>{c.title}</td>
                  <td>{formatDateTime(c.deletedAt)}</td>
                  <td>{formatCost(c.costUsd)}</td>
                  <td className="bin-actions">
                    <ActionButton
                      className="btn btn-small"
                      aria-label={`Restore ${c.title}`}
                      busy={act.pending}
                      onClick={() =>
                        void act.run(async () => {
                          await call(api().coursesRestore({ courseId: c.id }));
                          toast({ tone: 'success', title: 'Course restored', href: `#/courses/${c.id}`, hrefLabel: 'Open it' });
                          await after();
                        })
                      }
                    >
                      Restore
                    </ActionButton>
                    <ConfirmButton
                      label="Remove for good"
                      className="btn btn-small"
                      ariaLabel={`Remove ${c.title} for good`}
                      confirmAriaLabel={`Confirm: remove ${c.title} for good`}
                      busy={act.pending}
                      onConfirm={() =>
                        void act.run(async () => {
                          await call(api().coursesRemoveForGood({ courseIds: [c.id] }));
                          await after();
                        })
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Removing a course for good cannot be undone. What its calls cost stays in every total.</p>
        </>
      )}
      <InlineError message={load.error ?? act.error} />
    </div>
  );
}
