// Where a stepwise job ("Generate manually") waits for a person. Decided from what is stored
// — the course's units and the job's step — never from what one run did, so a pause, a quit
// or a crash landing at the end of a step cannot skip that step's review.
import type { CourseTree, JobStep } from '../../shared/domain';

const ORDER: Record<JobStep, number> = { lessons: 0, tasks: 1, finalize: 2, publish: 3 };

/** The step a job continued after a review is at. Storing it is what records the review as passed. */
export const STEP_AFTER_REVIEW = { lessons: 'tasks', tasks: 'finalize' } as const satisfies Record<string, JobStep>;

export type ReviewStep = keyof typeof STEP_AFTER_REVIEW;

/**
 * The review a stepwise job must stop for now, or null. A step's review is passed once the
 * job's stored step is beyond it: a stepwise run never stores the next step itself, only
 * Continue after the review does (Runner.resumeJob).
 */
export function dueReview(tree: CourseTree, currentStep: JobStep | null): ReviewStep | null {
  if (tree.summary) return null;
  const lessons = tree.projects.flatMap((p) => p.lessons);
  if (tree.projects.length === 0 || tree.projects.some((p) => p.lessons.length === 0)) return null;
  const at = currentStep === null ? -1 : ORDER[currentStep];
  if (lessons.some((l) => l.tasks.length === 0)) return at < ORDER.tasks ? 'lessons' : null;
  return at < ORDER.finalize ? 'tasks' : null;
}
