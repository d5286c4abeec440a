// A button that stays focusable while it cannot act: its command is running (`busy`) or
// there is nothing to do (`unavailable`, e.g. a form with no changes). The native
// `disabled` would drop keyboard focus to <body> in Chromium the moment it applies, so the
// next Tab would restart at "Skip to content". aria-disabled keeps focus where it is, reads
// as "dimmed" to a screen reader, looks disabled (base.css), and the click (or the Enter
// that submits a form through its default button) is ignored until it can act again.
import type { ButtonHTMLAttributes, Ref } from 'react';

export type ActionButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & {
  busy?: boolean;
  unavailable?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

export function ActionButton({ busy = false, unavailable = false, type = 'button', onClick, ...rest }: ActionButtonProps) {
  const inert = busy || unavailable;
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={inert || undefined}
      aria-busy={busy || undefined}
      onClick={(e) => {
        if (inert) {
          // Also stops the form submission a submit button's click would start.
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
    />
  );
}
