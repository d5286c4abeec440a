// A destructive button that asks once, inline ("Delete" → "Confirm delete"), instead of a
// modal dialog: it stays keyboard reachable and needs no window.confirm. Armed and
// disarmed it is the same element, so focus stays on it; Escape, leaving it or four
// seconds disarm it. Armed, its accessible name says what the second press does.
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { ActionButton } from './ActionButton';

export interface ConfirmButtonHandle {
  /** Focuses the button and arms it, as a first press would. */
  arm(): void;
}

type ConfirmButtonProps = {
  label: string;
  /** Shown while armed; `Confirm <label>` by default. */
  confirmLabel?: string;
  onConfirm: () => void;
  /** Its action is running: focusable, but presses are ignored. */
  busy?: boolean;
  /** False acts on the first press (nothing to lose yet), still as the same button. */
  ask?: boolean;
  /** False looks like a plain button until armed (Cancel with unsaved edits). */
  danger?: boolean;
  className?: string;
  focusKey?: string;
  focusRole?: string;
  ref?: Ref<ConfirmButtonHandle>;
} & (
  | { ariaLabel?: undefined; confirmAriaLabel?: string }
  // A button that needs an aria-label (a row's "Delete" among many) needs one armed too:
  // the visible "Confirm" says nothing about which course.
  | { ariaLabel: string; confirmAriaLabel: string }
);

export function ConfirmButton({ label, confirmLabel, onConfirm, busy = false, ask = true, danger = true, className, ariaLabel, confirmAriaLabel, focusKey, focusRole, ref }: ConfirmButtonProps) {
  const [armed, setArmed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useImperativeHandle(ref, () => ({
    arm() {
      button.current?.focus();
      setArmed(true);
    },
  }));
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4_000);
    return () => clearTimeout(timer);
  }, [armed]);
  const isArmed = armed && ask;
  return (
    <ActionButton
      ref={button}
      className={`btn ${danger || isArmed ? 'btn-danger' : ''} ${className ?? ''}`}
      busy={busy}
      aria-label={isArmed ? confirmAriaLabel : ariaLabel}
      data-focus-key={focusKey}
      data-focus-role={focusRole}
      onClick={(e) => {
        e.stopPropagation();
        if (ask && !armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !isArmed) return;
        // Handled here: the editor or panel around it must not close as well.
        e.preventDefault();
        e.stopPropagation();
        setArmed(false);
      }}
      onBlur={() => setArmed(false)}
    >
      {isArmed ? (confirmLabel ?? `Confirm ${label.toLowerCase()}`) : label}
    </ActionButton>
  );
}
