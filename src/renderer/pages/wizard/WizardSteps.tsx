import { stepIndex, WIZARD_STEPS, type WizardStep } from './wizard-step';

export function WizardSteps({ step }: { step: WizardStep }) {
  const current = stepIndex(step);
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {WIZARD_STEPS.map((s, i) => (
        <li key={s.step} className={i < current ? 'is-done' : i === current ? 'is-current' : ''} aria-current={i === current ? 'step' : undefined}>
          <span className="step-number" aria-hidden="true">
            {i < current ? '✓' : i + 1}
          </span>
          {s.label}
        </li>
      ))}
    </ol>
  );
}
