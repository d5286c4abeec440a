// The three generation steps of a stepwise job and where each stands, from the job's
// status and current step (the runner pauses after lessons and after tasks).
import type { JobStep, JobSummary } from '../../../shared/domain';
import { isRunning } from '../../lib/status';

export type StepState = 'waiting' | 'running' | 'review' | 'done' | 'failed' | 'stopped';

const ORDER: JobStep[] = ['lessons', 'tasks', 'finalize'];
export const STEP_TITLES: Record<string, string> = { lessons: 'Lessons', tasks: 'Tasks', finalize: 'Course summary' };

export function stepStates(job: JobSummary): { step: JobStep; state: StepState }[] {
  if (job.status === 'completed') return ORDER.map((step) => ({ step, state: 'done' }));
  const current = job.currentStep === 'publish' ? 2 : job.currentStep ? ORDER.indexOf(job.currentStep) : -1;
  const failedAt = job.failedStep ? ORDER.indexOf(job.failedStep) : current;
  return ORDER.map((step, i) => {
    if (job.status === 'failed') return { step, state: i < failedAt ? 'done' : i === failedAt ? 'failed' : 'waiting' };
    if (i < current) return { step, state: 'done' };
    if (i > current) return { step, state: 'waiting' };
    if (isRunning(job.status)) return { step, state: 'running' };
    if (job.status === 'paused') return { step, state: 'review' };
    if (job.status === 'cancelled') return { step, state: 'stopped' };
    return { step, state: 'waiting' };
  });
}
