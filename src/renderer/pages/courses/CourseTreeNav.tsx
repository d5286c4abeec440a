// Projects → lessons (→ task counts) as a navigable tree; the open lesson is marked.
import type { CourseTree } from '../../../shared/domain';

export function CourseTreeNav({ course, selectedLessonId }: { course: CourseTree; selectedLessonId: string | null }) {
  return (
    <nav className="course-tree card" aria-label="Course contents">
      <a className="tree-overview" href={`#/courses/${course.id}`} aria-current={selectedLessonId === null ? 'page' : undefined}>
        Overview
      </a>
      {course.projects.length === 0 ? (
        <p className="muted tree-empty">{course.outline ? 'No lessons yet: they appear here as they are generated.' : 'No outline chosen yet.'}</p>
      ) : (
        <ol className="tree-projects">
          {course.projects.map((project, pi) => (
            <li key={project.id}>
              <span className="tree-project">
                {pi + 1}. {project.title}
              </span>
              {project.lessons.length === 0 ? (
                <span className="muted tree-pending">Lessons pending…</span>
              ) : (
                <ol className="tree-lessons">
                  {project.lessons.map((lesson) => (
                    <li key={lesson.id}>
                      <a href={`#/courses/${course.id}?lesson=${lesson.id}`} aria-current={lesson.id === selectedLessonId ? 'page' : undefined}>
                        <span className="tree-lesson-title">{lesson.title}</span>
                        <span className="tree-count" aria-label={`${lesson.tasks.length} tasks`}>
                          {lesson.tasks.length}
                        </span>
                      </a>
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
