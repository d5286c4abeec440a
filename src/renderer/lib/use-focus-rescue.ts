// Keeps keyboard focus in a list or a group of actions when a re-render takes away the
// control that had it (a deleted row, Approve replaced by Publish): Chromium would drop it
// to <body> and the next Tab would restart at "Skip to content". Spread the returned props
// on the container; mark rows with data-focus-item="<id>" and controls that have an
// equivalent in other rows with data-focus-role="<what it does>". focus-target.ts decides
// where focus goes. Runs after every render of the component that owns the container, so
// it must be the component whose render removes the control (or an ancestor of it).
import { useCallback, useLayoutEffect, useRef, type FocusEvent } from 'react';
import { pickFocusTarget, type FocusSpot } from './focus-target';

const FOCUSABLE = 'button, a[href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

function controlsOf(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !(el as HTMLButtonElement).disabled && !el.closest('[hidden], [aria-hidden="true"]'));
}

function itemsOf(container: HTMLElement): HTMLElement[] {
  const items = [...container.querySelectorAll<HTMLElement>('[data-focus-item]')];
  return items.length > 0 ? items : [container];
}

const keyOf = (item: HTMLElement) => item.dataset.focusItem ?? '';

function spotOf(container: HTMLElement, element: HTMLElement): FocusSpot {
  const items = itemsOf(container);
  const found = element.closest<HTMLElement>('[data-focus-item]');
  const item = found && found !== container && container.contains(found) ? found : null;
  const index = item ? items.indexOf(item) : -1;
  const next = index >= 0 ? items[index + 1] : undefined;
  const position = controlsOf(item ?? container).indexOf(element);
  return { key: item ? keyOf(item) : '', index: Math.max(index, 0), nextKey: next ? keyOf(next) : null, role: element.dataset.focusRole ?? null, position: Math.max(position, 0) };
}

function rescueTarget(container: HTMLElement, spot: FocusSpot): HTMLElement | null {
  const items = itemsOf(container);
  const controls = items.map(controlsOf);
  const pick = pickFocusTarget(
    items.map((item, i) => ({ key: keyOf(item), roles: controls[i]!.map((c) => c.dataset.focusRole ?? null) })),
    spot,
  );
  return pick ? controls[pick.item]![pick.control]! : (controlsOf(container)[0] ?? null);
}

export function useFocusRescue<T extends HTMLElement>(fallback?: () => HTMLElement | null) {
  const ref = useRef<T>(null);
  const last = useRef<{ element: HTMLElement; spot: FocusSpot } | null>(null);
  const fallbackRef = useRef(fallback);

  useLayoutEffect(() => {
    fallbackRef.current = fallback;
    const container = ref.current;
    const was = last.current;
    if (!container || !was) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body) {
      // Still inside: keep the spot current, rows above it may have come or gone.
      last.current = container.contains(active) ? { element: active, spot: spotOf(container, active) } : null;
      return;
    }
    last.current = null;
    // Still in the page: focus left it by a click on nothing, not by a re-render.
    if (was.element.isConnected) return;
    (rescueTarget(container, was.spot) ?? fallbackRef.current?.() ?? null)?.focus();
  });

  const onFocus = useCallback((e: FocusEvent) => {
    const container = ref.current;
    if (container && e.target instanceof HTMLElement) last.current = { element: e.target, spot: spotOf(container, e.target) };
  }, []);
  const onBlur = useCallback((e: FocusEvent) => {
    const to = e.relatedTarget;
    if (to instanceof Node && !ref.current?.contains(to)) last.current = null;
  }, []);

  return { ref, onFocus, onBlur };
}
