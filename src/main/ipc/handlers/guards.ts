// Look-ups and state checks shared by the handlers, worded for the person who clicked.
import { RUNNING_JOB_STATUSES, type Lesson, type Task } from '../../../shared/domain';
import type { CoreContext } from '../../core/context';
import { ConflictError, NotFoundError } from '../errors';

export function requireLesson(core: CoreContext, lessonId: string) {
  const lesson = core.store.courses.lesson(lessonId);
  if (!lesson) throw new NotFoundError(`No lesson with id ${lessonId}.`);
  return lesson;
}

export function requireTask(core: CoreContext, taskId: string): Task {
  const task = core.store.courses.task(taskId);
  if (!task) throw new NotFoundError(`No task with id ${taskId}.`);
  return task;
}

/** The course's generation job holds a live lease (here or in another process, e.g. the CLI). */
export function isGenerating(core: CoreContext, courseId: string): boolean {
  const job = core.store.jobs.byCourse(courseId);
  if (!job) return false;
  if (core.runner.activeJobIds.includes(job.id)) return true;
  const leased = job.lease_owner !== null && job.lease_expires_at !== null && job.lease_expires_at > core.store.clockMs();
  return leased && (RUNNING_JOB_STATUSES as readonly string[]).includes(job.status);
}

export function requireNotGenerating(core: CoreContext, courseId: string, action: string): void {
  if (isGenerating(core, courseId)) {
    throw new ConflictError(`Cannot ${action} while the course is being generated; wait for the job to finish or cancel it.`);
  }
}

/** A lesson with its tasks, as the renderer shows it. */
export function lessonView(core: CoreContext, courseId: string, lessonId: string): Lesson {
  const tree = core.store.courses.tree(courseId);
  for (const project of tree?.projects ?? []) {
    const lesson = project.lessons.find((l) => l.id === lessonId);
    if (lesson) return lesson;
  }
  throw new NotFoundError(`No lesson with id ${lessonId}.`);
}

/** Where a lesson sits in the course: its project's and its own position. */
export function lessonPlace(core: CoreContext, courseId: string, lessonId: string): { projectIndex: number; lessonIndex: number } {
  const tree = core.store.courses.tree(courseId);
  for (const project of tree?.projects ?? []) {
    const lesson = project.lessons.find((l) => l.id === lessonId);
    if (lesson) return { projectIndex: project.position, lessonIndex: lesson.position };
  }
  throw new NotFoundError(`No lesson with id ${lessonId}.`);
}
