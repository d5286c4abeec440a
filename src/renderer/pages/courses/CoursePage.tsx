// One course: overview (summary, outcomes, prerequisites), the projects → lessons tree,
// the selected lesson (`?lesson=<id>`) with its tasks, and the review actions (approve,
// publish, export).
import { useMemo } from 'react';
import { RUNNING_JOB_STATUSES } from '../../../shared/domain';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { CourseStatusBadge } from '../../components/StatusBadge';
import { courseSpendLine } from '../../lib/economy-format';
import { useCourse } from '../../lib/use-course';
import { useJobs } from '../../store/jobs';
import { ApprovalChanges } from './ApprovalChanges';
import { CourseActions } from './CourseActions';
import { CourseOverview } from './CourseOverview';
import { CourseSyncPanel } from './CourseSyncPanel';
import { CourseTreeNav } from './CourseTreeNav';
import { LessonView } from './LessonView';

export function CoursePage({ courseId, query }: { courseId: string; query: Record<string, string> }) {
  const resource = useCourse(courseId);
  const { course } = resource;
  const jobs = useJobs((s) => s.data.jobs);
  const job = useMemo(() => Object.values(jobs).find((j) => j.courseId === courseId), [jobs, courseId]);
  const lessonId = query.lesson ?? null;
  const lesson = useMemo(() => {
    if (!course || !lessonId) return null;
    for (const p of course.projects) for (const l of p.lessons) if (l.id === lessonId) return { lesson: l, project: p };
    return null;
  }, [course, lessonId]);

  if (resource.loading && !course) return <Loading label="Loading the course…" />;
  if (!course) {
    return (
      <div className="page">
        <LoadError title="The course could not be loaded" message={resource.error ?? 'Unknown error'} onRetry={() => void resource.reload()} />
        <a href="#/courses">← All courses</a>
      </div>
    );
  }
  const title = course.outline?.title ?? course.topic.topic;
  const spend = courseSpendLine(course.spend);

  return (
    <div className="page course-page">
      <header className="page-header">
        <div>
          <a href="#/courses" className="back-link">
            ← All courses
          </a>
          <h1>
            {title} <CourseStatusBadge status={course.status} />
          </h1>
          <p className="page-subtitle">
            {course.topic.audience} · {course.topic.level} · {course.topic.language}
            {job && (
              <>
                {' · '}
                <a href={`#/queue/${job.id}`}>generation job</a>
              </>
            )}
          </p>
          {spend && (
            <p className="page-subtitle course-spend" data-testid="course-spend" title="Every model call for this course: outline options, generation and regenerations">
              {spend}
            </p>
          )}
        </div>
        <CourseActions course={course} onChanged={resource.reload} />
      </header>
      <CourseSyncPanel courseId={course.id} />
      <ApprovalChanges course={course} />
      <div className="course-layout">
        <CourseTreeNav course={course} selectedLessonId={lessonId} />
        <div className="course-content">
          {lessonId && !lesson ? (
            <LoadError title="Lesson not found" message="This lesson does not exist in the course (it may have been regenerated)." />
          ) : lesson ? (
            <LessonView key={lesson.lesson.id} courseId={course.id} project={lesson.project} lesson={lesson.lesson} onChanged={resource.reload} />
          ) : (
            <CourseOverview course={course} jobRunning={job !== undefined && (RUNNING_JOB_STATUSES as readonly string[]).includes(job.status)} />
          )}
        </div>
      </div>
    </div>
  );
}
