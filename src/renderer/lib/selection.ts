// Row selection with shift-click ranges over the rows currently visible (filtered), the
// way file managers do: a plain click toggles one row and becomes the anchor; a shift
// click selects everything between the anchor and the clicked row.

export interface Selection {
  ids: ReadonlySet<string>;
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export function toggleRow(selection: Selection, id: string, visibleIds: readonly string[], shift: boolean): Selection {
  const anchorIndex = selection.anchor === null ? -1 : visibleIds.indexOf(selection.anchor);
  const index = visibleIds.indexOf(id);
  if (shift && anchorIndex !== -1 && index !== -1) {
    const [from, to] = anchorIndex < index ? [anchorIndex, index] : [index, anchorIndex];
    const ids = new Set(selection.ids);
    // The range takes the anchor's state: shift-click after selecting selects, after deselecting clears.
    const select = selection.ids.has(selection.anchor!);
    for (const rowId of visibleIds.slice(from, to + 1)) {
      if (select) ids.add(rowId);
      else ids.delete(rowId);
    }
    return { ids, anchor: selection.anchor };
  }
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

export function selectAll(visibleIds: readonly string[], selection: Selection): Selection {
  const allSelected = visibleIds.length > 0 && visibleIds.every((id) => selection.ids.has(id));
  return { ids: allSelected ? new Set() : new Set(visibleIds), anchor: null };
}

/** Drops ids that are no longer visible, so a bulk action never touches rows the person cannot see. */
export function pruneSelection(selection: Selection, visibleIds: readonly string[]): Selection {
  const visible = new Set(visibleIds);
  let changed = false;
  const ids = new Set<string>();
  for (const id of selection.ids) {
    if (visible.has(id)) ids.add(id);
    else changed = true;
  }
  return changed ? { ids, anchor: selection.anchor !== null && visible.has(selection.anchor) ? selection.anchor : null } : selection;
}
