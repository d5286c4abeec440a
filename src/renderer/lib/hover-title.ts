// Tooltips built when the pointer comes over an element rather than at render: a table
// renders dozens of rows a second while scrolling, and most of its tooltips hold dates and
// grouped numbers, which need Intl. Intl's first use in a window also loads ICU's data
// (15–30 ms on a slow machine), which the window's first paint should not wait for.
import type { FocusEvent, PointerEvent } from 'react';

function describe(element: HTMLElement, text: string | null | undefined, asDescription: boolean): void {
  if (text) {
    element.title = text;
    if (asDescription) element.setAttribute('aria-description', text);
  } else {
    element.removeAttribute('title');
    if (asDescription) element.removeAttribute('aria-description');
  }
}

export function hoverTitle(text: () => string | null | undefined) {
  return {
    onPointerEnter: (e: PointerEvent<HTMLElement>) => describe(e.currentTarget, text(), false),
  };
}

/**
 * The same for text that only the tooltip holds (an exact date, the tokens behind a cost),
 * which screen readers need too: the element is focusable, and the text is built when it
 * gets focus as well as on hover (a screen reader's browse cursor focuses focusable cells),
 * as its title and its accessible description. Still nothing is built at render.
 */
export function focusableDescription(text: () => string | null | undefined) {
  return {
    tabIndex: 0,
    onPointerEnter: (e: PointerEvent<HTMLElement>) => describe(e.currentTarget, text(), true),
    onFocus: (e: FocusEvent<HTMLElement>) => {
      if (e.target === e.currentTarget) describe(e.currentTarget, text(), true);
    },
  };
}
