// A destructive button that asks once, inline ("Delete" → "Confirm delete"), instead of a
// modal dialog: it stays keyboard reachable and needs no window.confirm.
import { useEffect, useState } from 'react';

interface ConfirmButtonProps {
  label: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  ariaLabel?: string;
}

export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, className, ariaLabel }: ConfirmButtonProps) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4_000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <button
      type="button"
      className={`btn btn-danger ${className ?? ''}`}
      disabled={disabled}
      aria-label={armed ? undefined : ariaLabel}
      onClick={(e) => {
        e.stopPropagation();
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
      onBlur={() => setArmed(false)}
    >
      {armed ? (confirmLabel ?? `Confirm ${label.toLowerCase()}`) : label}
    </button>
  );
}
