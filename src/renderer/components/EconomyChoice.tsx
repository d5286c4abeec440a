// The economy choice, worded the same wherever a job is queued (the wizard, batch review):
// a checkbox with what it means, described for screen readers by its hint.
import { useId } from 'react';
import { ECONOMY_LABEL } from '../lib/economy-format';

interface EconomyChoiceProps {
  checked: boolean;
  onChange: (economy: boolean) => void;
  /** Where the default comes from, or why it cannot apply. */
  hint?: string;
}

export function EconomyChoice({ checked, onChange, hint }: EconomyChoiceProps) {
  const hintId = useId();
  return (
    <div className="economy-choice">
      <label className="check">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? hintId : undefined} />
        {ECONOMY_LABEL}
      </label>
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}
