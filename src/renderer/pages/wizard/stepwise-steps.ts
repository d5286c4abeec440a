// The three generation steps of a stepwise job and where each stands, from the job's status
// and step and from what the course has stored. A paused job is ready for review only when
// the step's units are all stored — main decides it the same way (src/main/runner/review-point.ts)
// and Continue then goes on to the next step; paused anywhere else, Resume carries on the step.
import type { CourseTree, JobStep, JobSummary } from '../../../shared/domain';
import { isRunning } from '../../lib/status';

export type StepState = 'waiting' | 'running' | 'review' | 'paused' | 'done' | 'failed' | 'stopped';

const ORDER: JobStep[] = ['lessons', 'tasks', 'finalize'];
export const STEP_TITLES: Record<string, string> = { lessons: 'Lessons', tasks: 'Tasks', finalize: 'Course summary' };

export type ReviewStep = 'lessons' | 'tasks';

/** Where `step` is in ORDER; publishing counts as the summary's step, no step as the first. */
function position(step: JobStep | null): number {
  return step === null ? 0 : step === 'publish' ? ORDER.length - 1 : ORDER.indexOf(step);
}

/** Whether every unit of `step` is in the course's stored tree. */
export function stepStored(course: CourseTree, step: JobStep): boolean {
  const lessons = course.projects.flatMap((p) => p.lessons);
  const allLessons = course.projects.length > 0 && course.projects.every((p) => p.lessons.length > 0);
  if (step === 'lessons') return allLessons;
  if (step === 'tasks') return allLessons && lessons.every((l) => l.tasks.length > 0);
  return course.summary !== null;
}

/**
 * The review a stepwise job at `currentStep` waits for, judged from the stored course: the
 * same rule as main's dueReview (a test keeps the two in step), so the wizard never calls a
 * job paused mid-step "ready for review", nor the reverse.
 */
export function dueReview(course: CourseTree, currentStep: JobStep | null): ReviewStep | null {
  if (course.summary || !stepStored(course, 'lessons')) return null;
  const at = currentStep === null ? -1 : position(currentStep);
  if (!stepStored(course, 'tasks')) return at < position('tasks') ? 'lessons' : null;
  return at < position('finalize') ? 'tasks' : null;
}

/** The review a paused stepwise job waits at, or null when it is not waiting for one. */
export function awaitingReview(job: JobSummary, course: CourseTree): ReviewStep | null {
  return job.stepwise && job.status === 'paused' ? dueReview(course, job.currentStep) : null;
}

export function stepStates(job: JobSummary, course: CourseTree): { step: JobStep; state: StepState }[] {
  if (job.status === 'completed') return ORDER.map((step) => ({ step, state: 'done' }));
  if (job.status === 'failed') {
    const failedAt = job.failedStep ? position(job.failedStep) : job.currentStep ? position(job.currentStep) : -1;
    return ORDER.map((step, i) => ({ step, state: i < failedAt ? 'done' : i === failedAt ? 'failed' : 'waiting' }));
  }
  const review = awaitingReview(job, course);
  // A job waiting for review stands at the reviewed step, whatever its stored step says.
  const current = review ? position(review) : position(job.currentStep);
  return ORDER.map((step, i) => {
    if (i < current) return { step, state: 'done' };
    if (i > current) return { step, state: 'waiting' };
    if (isRunning(job.status)) return { step, state: 'running' };
    if (job.status === 'paused') return { step, state: review ? 'review' : 'paused' };
    // Cancelled once the step's units were all written (say, while waiting for review): done, not stopped.
    if (job.status === 'cancelled') return { step, state: stepStored(course, step) ? 'done' : 'stopped' };
    return { step, state: 'waiting' };
  });
}
