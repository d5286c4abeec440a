import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, pruneSelection, selectAll, toggleRow } from '../../../src/renderer/lib/selection';

const rows = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('row selection', () => {
  it('toggles single rows and remembers the anchor', () => {
    const s1 = toggleRow(EMPTY_SELECTION, 'b', rows, false);
    expect(ids(s1)).toEqual(['b']);
    expect(s1.anchor).toBe('b');
    expect(ids(toggleRow(s1, 'b', rows, false))).toEqual([]);
  });

  it('shift-click selects the range from the anchor, in either direction', () => {
    const down = toggleRow(toggleRow(EMPTY_SELECTION, 'b', rows, false), 'd', rows, true);
    expect(ids(down)).toEqual(['b', 'c', 'd']);
    const up = toggleRow(toggleRow(EMPTY_SELECTION, 'd', rows, false), 'a', rows, true);
    expect(ids(up)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('shift-click after deselecting the anchor clears the range', () => {
    let s = selectAll(rows, EMPTY_SELECTION);
    s = toggleRow(s, 'b', rows, false); // deselect b: anchor b, unselected
    s = toggleRow(s, 'd', rows, true);
    expect(ids(s)).toEqual(['a', 'e']);
  });

  it('select all toggles, and pruning drops rows a filter hid', () => {
    const all = selectAll(rows, EMPTY_SELECTION);
    expect(ids(all)).toEqual(rows);
    expect(ids(selectAll(rows, all))).toEqual([]);
    const pruned = pruneSelection(all, ['a', 'c']);
    expect(ids(pruned)).toEqual(['a', 'c']);
    expect(pruneSelection(pruned, ['a', 'c'])).toBe(pruned);
  });
});
