// All courses, newest first, with their status and when they last changed, following the
// queue as jobs start and finish.
import { useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { CourseStatusBadge, JobStatusBadge } from '../../components/StatusBadge';
import { relativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useCourseList } from './use-course-list';

export function CoursesPage() {
  const { courses, error, load } = useCourseList();
  const [search, setSearch] = useState('');
  const now = useNow(30_000);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (courses ?? []).filter((c) => needle === '' || c.title.toLowerCase().includes(needle) || c.topic.topic.toLowerCase().includes(needle));
  }, [courses, search]);

  return (
    <div className="page courses-page">
      <header className="page-header">
        <div>
          <h1>Courses</h1>
          <p className="page-subtitle">Every course, from draft to published.</p>
        </div>
        <div className="page-actions">
          <a className="btn btn-primary" href="#/new">
            New course
          </a>
        </div>
      </header>
      {error ? (
        <LoadError title="The courses could not be loaded" message={error} onRetry={() => void load()} />
      ) : courses === null ? (
        <Loading label="Loading courses…" />
      ) : courses.length === 0 ? (
        <EmptyState title="No courses yet" actions={<a className="btn btn-primary" href="#/new">New course</a>}>
          <p>Create one from a topic, or import many in Batch.</p>
        </EmptyState>
      ) : (
        <>
          <label className="search-box courses-search">
            <span className="visually-hidden">Search courses</span>
            <input type="search" placeholder="Search courses…" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <div className="card table-card">
            <table className="simple-table courses-table">
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  <th scope="col">Status</th>
                  <th scope="col">Generation</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((course) => (
                  <tr key={course.id}>
                    <td>
                      <a href={`#/courses/${course.id}`} className="course-link">
                        {course.title || course.topic.topic}
                      </a>
                      <span className="muted course-meta">
                        {course.topic.level} · {course.topic.projects} projects · {course.topic.language}
                      </span>
                    </td>
                    <td>
                      <CourseStatusBadge status={course.status} />
                    </td>
                    <td>{course.jobStatus && course.jobId ? <a href={`#/queue/${course.jobId}`} aria-label={`Job of ${course.title}`}><JobStatusBadge status={course.jobStatus} /></a> : <span className="muted">—</span>}</td>
                    <td title={course.updatedAt}>{relativeTime(course.updatedAt, now)}</td>
                  </tr>
                ))}
                {shown.length === 0 && (
                  <tr>
                    <td colSpan={4} className="table-empty">
                      No course matches “{search}”.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
