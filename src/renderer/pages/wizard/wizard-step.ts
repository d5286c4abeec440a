// Which wizard step a course is at, from its status (so reopening `#/new/<id>` lands on the
// right screen, and batch's "Edit" opens the editor). `?step=options` returns to the options.
import type { CourseTree, JobSummary } from '../../../shared/domain';

export type WizardStep = 'topic' | 'options' | 'edit' | 'generate' | 'stepwise' | 'queued' | 'closed';

export const WIZARD_STEPS: { step: WizardStep; label: string }[] = [
  { step: 'topic', label: 'Topic' },
  { step: 'options', label: 'Outline options' },
  { step: 'edit', label: 'Edit & approve' },
  { step: 'generate', label: 'Generate' },
];

export function wizardStep(course: CourseTree, job: JobSummary | undefined, requested: string | undefined): WizardStep {
  if (course.status === 'draft') {
    if (requested === 'options' || !course.outline) return 'options';
    return 'edit';
  }
  if (job?.stepwise) return 'stepwise';
  if (course.status === 'outline_approved' && !job) return 'generate';
  if (job || course.status === 'generating' || course.status === 'generated' || course.status === 'approved' || course.status === 'published') return 'queued';
  return 'closed';
}

export function stepIndex(step: WizardStep): number {
  if (step === 'stepwise' || step === 'queued') return 3;
  const index = WIZARD_STEPS.findIndex((s) => s.step === step);
  return index === -1 ? 0 : index;
}
