// Local courses for sync tests, generated without a model: the same repository calls the
// runner makes, so the tree has the shape (and the job summary) a real generation leaves.
import type { Outline, TopicInput } from '../../../src/shared/domain';
import { approveCourse, approveOutline } from '../../../src/main/courses/workflow';
import type { Store } from '../../../src/main/db/store';

export interface TreeShape {
  projects?: number;
  lessons?: number;
  tasks?: number;
}

const topic = (title: string): TopicInput => ({ topic: title, audience: 'developers', level: 'beginner', projects: 3, language: 'English', notes: '' });

export function outlineOf(title: string, shape: Required<TreeShape>): Outline {
  return {
    title,
    description: `All about ${title}`,
    audience: 'developers',
    level: 'beginner',
    language: 'English',
    projects: Array.from({ length: shape.projects }, (_, p) => ({
      title: `Project ${p + 1}`,
      description: `Project ${p + 1} of ${title}`,
      lessons: Array.from({ length: shape.lessons }, (_, l) => ({ title: `Lesson ${p + 1}.${l + 1}`, summary: 's' })),
    })),
  };
}

/** A generated and approved course (ready to publish), with a completed job. */
export function seedGeneratedCourse(store: Store, title: string, shape: TreeShape = {}): string {
  const full = { projects: shape.projects ?? 3, lessons: shape.lessons ?? 2, tasks: shape.tasks ?? 2 };
  const outline = outlineOf(title, full);
  const course = store.courses.create(topic(title));
  store.write(() => store.courses.setOutline(course.id, outline, null));
  approveOutline(store, course.id, 'tester');
  store.write(() => {
    const job = store.jobs.enqueue(course.id);
    store.courses.ensureProjects(course.id, outline);
    for (const project of store.courses.tree(course.id)!.projects) {
      store.courses.insertLessons(
        project.id,
        outline.projects[project.position]!.lessons.map((l) => ({ title: l.title, content: `# ${l.title}\n\nBody of ${l.title}.`, objectives: ['learn'] })),
      );
    }
    for (const project of store.courses.tree(course.id)!.projects) {
      for (const lesson of project.lessons) {
        store.courses.insertTasks(
          lesson.id,
          Array.from({ length: full.tasks }, (_, t) => ({ kind: 'quiz' as const, prompt: `Question ${t + 1} on ${lesson.title}?`, answerKey: 'yes' })),
        );
      }
    }
    store.courses.setSummary(course.id, { summary: 'sum', learningOutcomes: ['x'], prerequisites: [] });
    store.jobs.finish(job.id, 'completed');
    store.courses.setStatus(course.id, 'generated');
  });
  approveCourse(store, course.id, 'reviewer');
  return course.id;
}

