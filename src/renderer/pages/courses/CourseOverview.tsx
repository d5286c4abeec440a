// What the course is: the description, the generated summary, outcomes and prerequisites,
// its source materials (adding and removing them, and the lessons that cite none), and who approved what (and whether
// it was edited since).
import type { Approval, CourseTree } from '../../../shared/domain';
import { formatDateTime } from '../../lib/format';
import { editedAfterApproval } from './approval';
import { CourseMaterials } from './CourseMaterials';

export function CourseOverview({ course, jobRunning }: { course: CourseTree; jobRunning: boolean }) {
  const lessons = course.projects.reduce((n, p) => n + p.lessons.length, 0);
  const tasks = course.projects.reduce((n, p) => n + p.lessons.reduce((m, l) => m + l.tasks.length, 0), 0);
  return (
    <article className="course-overview">
      <section className="card">
        <h2>About this course</h2>
        {course.outline?.description ? <p className="prose">{course.outline.description}</p> : <p className="muted">No description.</p>}
        <p className="muted">
          {course.projects.length} projects · {lessons} lessons · {tasks} tasks
        </p>
      </section>
      <section className="card">
        <h2>Summary</h2>
        {course.summary ? (
          <>
            <p className="prose">{course.summary.summary}</p>
            <div className="overview-lists">
              <div>
                <h3>Learning outcomes</h3>
                <ul>
                  {course.summary.learningOutcomes.map((o, i) => (
                    <li key={i}>{o}</li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>Prerequisites</h3>
                {course.summary.prerequisites.length === 0 ? (
                  <p className="muted">None.</p>
                ) : (
                  <ul>
                    {course.summary.prerequisites.map((p, i) => (
                      <li key={i}>{p}</li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          </>
        ) : (
          <p className="muted">The summary, outcomes and prerequisites are written in the last generation step.</p>
        )}
      </section>
      <CourseMaterials course={course} jobRunning={jobRunning} />
      <section className="card">
        <h2>Review</h2>
        <dl className="approvals">
          <ApprovalLine label="Outline" approval={course.outlineApproval} />
          <ApprovalLine label="Course" approval={course.courseApproval} stale={editedAfterApproval(course)} />
          <div>
            <dt>Published</dt>
            <dd>{course.publishedAt ? formatDateTime(course.publishedAt) : 'Not yet'}</dd>
          </div>
        </dl>
      </section>
    </article>
  );
}

function ApprovalLine({ label, approval, stale = false }: { label: string; approval: Approval | null; stale?: boolean }) {
  return (
    <div>
      <dt>{label} approved</dt>
      <dd>
        {approval ? (
          <>
            by {approval.by}, {formatDateTime(approval.at)}
            {approval.note && <span className="muted"> — “{approval.note}”</span>}
            {stale && <span className="muted"> — edited since; approve again to publish</span>}
          </>
        ) : (
          'Not yet'
        )}
      </dd>
    </div>
  );
}
