// Escape anywhere on the page closes what is open (the job detail), unless something
// nearer handled it first (an armed ConfirmButton disarms and marks the event handled) or
// it belongs to a text field with text in it (Escape clears a search box).
import { useEffect, useRef } from 'react';

function ownedByField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return target.value !== '';
  if (!(target instanceof HTMLInputElement)) return false;
  const textual = ['text', 'search', 'email', 'url', 'password', 'number', 'tel'].includes(target.type);
  return textual && target.value !== '';
}

export function useEscapeKey(onEscape: () => void, enabled = true): void {
  const handler = useRef(onEscape);
  useEffect(() => {
    handler.current = onEscape;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing || ownedByField(e.target)) return;
      e.preventDefault();
      handler.current();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [enabled]);
}
