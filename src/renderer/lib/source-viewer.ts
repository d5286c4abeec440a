// The source viewer without React: which sections of a material a lesson's location points at,
// and the text cut into blocks small enough to virtualize (a 300-page PDF is ~1,000 blocks,
// of which the screen renders a dozen). Blocks hold offsets into the text, never copies.
import type { MaterialView, SourceLocation } from '../../shared/materials';

export interface ViewerBlock {
  start: number;
  end: number;
  /** The index into `sections`, or null for text no section covers. */
  section: number | null;
  /** The first block of its section: it shows the section's page or heading. */
  first: boolean;
}

/** About a screenful: a block longer than this is cut at the last line break before it (or a space). */
export const BLOCK_CHARS = 2_400;

export function viewerBlocks(view: Pick<MaterialView, 'text' | 'sections'>, maxChars = BLOCK_CHARS): ViewerBlock[] {
  const { text } = view;
  const blocks: ViewerBlock[] = [];
  const cut = (start: number, end: number, section: number | null) => {
    let at = start;
    let first = true;
    while (at < end) {
      let stop = Math.min(end, at + maxChars);
      if (stop < end) {
        const newline = text.lastIndexOf('\n', stop);
        const space = text.lastIndexOf(' ', stop);
        const soft = newline > at + maxChars / 4 ? newline + 1 : space > at + maxChars / 4 ? space + 1 : stop;
        stop = soft;
      }
      blocks.push({ start: at, end: stop, section, first });
      first = false;
      at = stop;
    }
  };
  const order = view.sections.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start);
  let cursor = 0;
  for (const s of order) {
    const start = Math.max(s.start, cursor);
    const end = Math.min(s.end, text.length);
    if (start > cursor) cut(cursor, start, null);
    if (end > start) cut(start, end, s.i);
    cursor = Math.max(cursor, end);
  }
  if (cursor < text.length) cut(cursor, text.length, null);
  return blocks;
}

/**
 * The sections a location points at: the pages in its range, or the section with its heading
 * path and those under it. A heading path the text does not have (the model named it a little
 * differently) falls back to its nearest ancestor that exists; `exact` says whether it did.
 */
export function matchSections(sections: MaterialView['sections'], location: SourceLocation | null): { indices: number[]; exact: boolean } {
  if (!location) return { indices: [], exact: true };
  if (location.kind === 'pages') {
    const indices = sections.flatMap((s, i) => (s.location.kind === 'pages' && s.location.to >= location.from && s.location.from <= location.to ? [i] : []));
    return { indices, exact: indices.length > 0 };
  }
  const norm = (h: string) => h.trim().toLowerCase();
  // Down to the top-level heading; the text before the first heading (an empty path) only when that is what was cited.
  for (let depth = location.path.length; depth >= Math.min(1, location.path.length); depth--) {
    const want = location.path.slice(0, depth).map(norm);
    const indices = sections.flatMap((s, i) => {
      if (s.location.kind !== 'section') return [];
      const path = s.location.path.map(norm);
      return want.every((h, k) => path[k] === h) && (want.length > 0 || path.length === 0) ? [i] : [];
    });
    if (indices.length > 0) return { indices, exact: depth === location.path.length };
  }
  return { indices: [], exact: false };
}
