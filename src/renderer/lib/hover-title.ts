// Tooltips built when the pointer comes over an element rather than at render: a table
// renders dozens of rows a second while scrolling, and most of its tooltips hold dates and
// grouped numbers, which need Intl. Intl's first use in a window also loads ICU's data
// (15–30 ms on a slow machine), which the window's first paint should not wait for.
import type { PointerEvent } from 'react';

export function hoverTitle(text: () => string | null | undefined) {
  return {
    onPointerEnter: (e: PointerEvent<HTMLElement>) => {
      const shown = text();
      if (shown) e.currentTarget.title = shown;
      else e.currentTarget.removeAttribute('title');
    },
  };
}
