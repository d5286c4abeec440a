// All courses, newest first, with their status and when they last changed, following the
// queue as jobs start and finish. Courses can be selected (shift-click for a range, as in the
// queue) and exported together into a folder.
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { CourseStatusBadge, JobStatusBadge } from '../../components/StatusBadge';
import { InlineError } from '../../components/InlineError';
import { relativeTime } from '../../lib/format';
import { EMPTY_SELECTION, pruneSelection, selectAll, toggleRow, type Selection } from '../../lib/selection';
import { useNow } from '../../lib/use-now';
import { BulkExportBar } from './BulkExportBar';
import { BulkExportResult, bulkExportSummary } from './BulkExportResult';
import { useCourseList } from './use-course-list';
import { useFolderExport } from './use-folder-export';

export function CoursesPage() {
  const { courses, error, load } = useCourseList();
  const [search, setSearch] = useState('');
  const now = useNow(30_000);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const folderExport = useFolderExport();

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (courses ?? []).filter((c) => needle === '' || c.title.toLowerCase().includes(needle) || c.topic.topic.toLowerCase().includes(needle));
  }, [courses, search]);
  const shownIds = useMemo(() => shown.map((c) => c.id), [shown]);
  // A search or a deleted course takes rows away: an export never includes rows not in view.
  useEffect(() => setSelection((s) => pruneSelection(s, shownIds)), [shownIds]);
  const allSelected = shownIds.length > 0 && shownIds.every((id) => selection.ids.has(id));
  const someSelected = !allSelected && shownIds.some((id) => selection.ids.has(id));
  const selectedIds = shownIds.filter((id) => selection.ids.has(id));

  return (
    <div className="page courses-page">
      <header className="page-header">
        <div>
          <h1>Courses</h1>
          <p className="page-subtitle">Every course, from draft to published.</p>
        </div>
        <div className="page-actions">
          {/* The bin lives in Settings → Storage, with the other things that free space. */}
          <a className="btn" href="#/settings">
            Deleted courses
          </a>
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
          <BulkExportBar
            count={selectedIds.length}
            state={folderExport.state}
            onExport={(format, includeMaterials) => void folderExport.start(selectedIds, format, includeMaterials)}
            onClear={() => setSelection(EMPTY_SELECTION)}
          />
          {folderExport.state.phase === 'error' && <InlineError message={`The courses could not be exported: ${folderExport.state.message}`} />}
          {folderExport.state.phase === 'done' && <BulkExportResult result={folderExport.state.result} onDismiss={folderExport.dismiss} />}
          {/* Always there, so the end of an export is announced. */}
          <p className="visually-hidden" role="status">
            {folderExport.state.phase === 'done' ? bulkExportSummary(folderExport.state.result) : ''}
          </p>
          <div className="card table-card">
            <table className="simple-table courses-table">
              <thead>
                <tr>
                  <th scope="col" className="col-select">
                    <input
                      type="checkbox"
                      aria-label={allSelected ? 'Deselect all shown courses' : 'Select all shown courses'}
                      checked={allSelected}
                      ref={(el) => {
                        if (el) el.indeterminate = someSelected;
                      }}
                      onChange={() => setSelection((s) => selectAll(shownIds, s))}
                      disabled={shownIds.length === 0}
                    />
                  </th>
                  <th scope="col">Course</th>
                  <th scope="col">Status</th>
                  <th scope="col">Generation</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((course) => (
                  <tr key={course.id} className={selection.ids.has(course.id) ? 'is-selected' : undefined} aria-selected={selection.ids.has(course.id)}>
                    <td className="col-select">
                      <input
                        type="checkbox"
                        aria-label={`Select ${course.title || course.topic.topic}`}
                        checked={selection.ids.has(course.id)}
                        onChange={() => undefined}
                        onClick={(e) => setSelection((s) => toggleRow(s, course.id, shownIds, e.shiftKey))}
                      />
                    </td>
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
                    <td colSpan={5} className="table-empty">
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
