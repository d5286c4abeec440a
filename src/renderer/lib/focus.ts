// Moves keyboard focus to an element a re-render is about to show (the moved item's button,
// the field of an editor that opens, the button that opened a panel just closed), found by
// its data-focus-key. The first key found wins, so callers can name fallbacks. It waits up
// to about a second of frames for the element to render, and gives up if the person has
// meanwhile put focus somewhere else, so a slow command never pulls focus back.
const MAX_FRAMES = 60;

export function focusLater(...keys: string[]): void {
  const origin = document.activeElement;
  let frames = 0;
  const attempt = () => {
    const active = document.activeElement;
    if (active && active !== document.body && active !== origin) return;
    for (const key of keys) {
      const target = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
      if (target && !(target as HTMLButtonElement).disabled) {
        target.focus();
        return;
      }
    }
    if (++frames < MAX_FRAMES) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
