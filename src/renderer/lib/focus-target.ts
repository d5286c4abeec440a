// Where keyboard focus goes when the control that had it is taken away by a re-render (its
// row deleted, a button swapped for another). Pure, so the choice is unit-tested; the DOM
// side is use-focus-rescue.ts.

/** One item of a list (a row), reduced to what the choice needs: the roles of its controls, in order. */
export interface FocusItem {
  key: string;
  /** One entry per focusable control; null for a control with no data-focus-role. */
  roles: readonly (string | null)[];
}

/** Where focus was: which item, the item after it then, which kind of control and where in the item. */
export interface FocusSpot {
  key: string;
  index: number;
  nextKey: string | null;
  role: string | null;
  /** The control's place among its item's controls. */
  position: number;
}

/**
 * The item and control to focus instead: the same item if it is still there and still has
 * a control (the one with the same role, else the one now in the same place or its last);
 * otherwise, starting where the item was and looking forward, then back, the nearest item
 * with a control of the same role, else the nearest with any control. Null when no item
 * has a control left.
 */
export function pickFocusTarget(items: readonly FocusItem[], spot: FocusSpot): { item: number; control: number } | null {
  const within = (i: number) => {
    const roles = items[i]!.roles;
    if (roles.length === 0) return null;
    const same = spot.role === null ? -1 : roles.indexOf(spot.role);
    return { item: i, control: same >= 0 ? same : Math.min(spot.position, roles.length - 1) };
  };
  const sameIndex = items.findIndex((item) => item.key === spot.key);
  if (sameIndex >= 0) {
    const here = within(sameIndex);
    if (here) return here;
  }
  const nextIndex = spot.nextKey === null ? -1 : items.findIndex((item) => item.key === spot.nextKey);
  const start = sameIndex >= 0 ? sameIndex : nextIndex >= 0 ? nextIndex : Math.min(spot.index, items.length - 1);
  const order: number[] = [];
  for (let i = Math.max(start, 0); i < items.length; i++) if (i !== sameIndex) order.push(i);
  for (let i = Math.min(start, items.length) - 1; i >= 0; i--) if (i !== sameIndex) order.push(i);
  if (spot.role !== null) {
    for (const i of order) {
      const control = items[i]!.roles.indexOf(spot.role);
      if (control >= 0) return { item: i, control };
    }
  }
  for (const i of order) {
    const found = within(i);
    if (found) return found;
  }
  return null;
}

/** The id that takes a removed one's place in a list: the next one left, else the one before it. */
export function neighbourAfterRemoval(ids: readonly string[], removed: ReadonlySet<string>, at: string): string | null {
  const index = ids.indexOf(at);
  if (index < 0) return null;
  for (let i = index + 1; i < ids.length; i++) if (!removed.has(ids[i]!)) return ids[i]!;
  for (let i = index - 1; i >= 0; i--) if (!removed.has(ids[i]!)) return ids[i]!;
  return null;
}
