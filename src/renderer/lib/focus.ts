// Moving an item with its up/down button re-renders the list; the keyboard user expects
// focus to travel with the item, so the button is found again by a data attribute.
export function focusLater(key: string): void {
  requestAnimationFrame(() => {
    const target = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
    if (target && !(target as HTMLButtonElement).disabled) target.focus();
  });
}
