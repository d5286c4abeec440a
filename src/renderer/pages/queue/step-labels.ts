// A job step as the person reads it in a sentence ("Retry from the course summary"), never
// the pipeline's own name for it ("finalize").
import type { JobStep } from '../../../shared/domain';

const STEP_LABELS: Record<JobStep, string> = { lessons: 'lessons', tasks: 'tasks', finalize: 'the course summary', publish: 'publishing' };

export function stepLabel(step: JobStep): string {
  return STEP_LABELS[step] ?? 'a step';
}

/** "while generating tasks", "while publishing". */
export function failedWhile(step: JobStep): string {
  return step === 'publish' ? 'while publishing' : `while generating ${stepLabel(step)}`;
}
