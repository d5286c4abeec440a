// "Changed since approval": the lessons and tasks whose version differs from the one the
// course's approval pinned (main compares; courses.changesSinceApproval). Shown on the
// course page above the overview and every lesson, and read again whenever the course is.
import { useEffect, useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import type { ApprovalDrift } from '../../../shared/history';
import { api, call } from '../../lib/api';

const CHANGE = { edited: 'edited', added: 'added', removed: 'removed' } as const;

export function ApprovalChanges({ course }: { course: CourseTree }) {
  const [drift, setDrift] = useState<ApprovalDrift | null>(null);
  useEffect(() => {
    let live = true;
    if (!course.courseApproval) {
      setDrift(null);
      return;
    }
    call(api().coursesChangesSinceApproval({ courseId: course.id })).then(
      (d) => live && setDrift(d),
      // The notice is extra information: a failed read leaves the page as it was.
      () => live && setDrift(null),
    );
    return () => {
      live = false;
    };
  }, [course]);

  if (!drift?.approved || drift.changed.length === 0) return null;
  // Main sends an edited course back to review; only the Settings switch keeps it published.
  const next =
    course.status === 'published' ? 'It was synced again without a new approval, as Settings allows.' : course.status === 'generated' ? 'Approve the course again to publish it.' : '';
  return (
    <section className="card approval-changes" role="status" data-testid="approval-changes">
      <strong>Changed since approval</strong>
      <span className="muted">
        {' '}
        — {drift.changed.length === 1 ? '1 unit differs' : `${drift.changed.length} units differ`} from what was approved. {next}
      </span>
      <ul>
        {drift.changed.map((c) => (
          <li key={`${c.unitKind}:${c.unitId}`}>
            {c.unitKind === 'lesson' && c.change !== 'removed' ? <a href={`#/courses/${course.id}?lesson=${c.unitId}`}>{c.label}</a> : c.label}{' '}
            <span className="muted">
              ({c.unitKind} {CHANGE[c.change]}
              {c.change === 'edited' ? `: approved v${c.approvedVersion}, now v${c.currentVersion}` : ''})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
