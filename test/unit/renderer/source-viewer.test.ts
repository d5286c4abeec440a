// The source viewer's blocks (offsets that cover the text once, in order, cut small) and which
// sections a lesson's location points at.
import { describe, expect, it } from 'vitest';
import { matchSections, viewerBlocks } from '../../../src/renderer/lib/source-viewer';
import type { MaterialView } from '../../../src/shared/materials';

const page = (n: number) => ({ kind: 'pages' as const, from: n, to: n });
const sec = (...path: string[]) => ({ kind: 'section' as const, path });

describe('viewerBlocks', () => {
  it('covers the text exactly once, in order, cutting long sections at line breaks', () => {
    const line = 'word '.repeat(19) + 'end.\n'; // 100 chars
    const text = 'Preface.\n' + line.repeat(30) + 'Page two.\n';
    const first = 9;
    const second = first + line.length * 30;
    const view: Pick<MaterialView, 'text' | 'sections'> = {
      text,
      sections: [
        { start: first, end: second, location: page(1) },
        { start: second, end: text.length, location: page(2) },
      ],
    };
    const blocks = viewerBlocks(view, 1_000);
    expect(blocks[0]).toEqual({ start: 0, end: first, section: null, first: true });
    expect(blocks.map((b) => text.slice(b.start, b.end)).join('')).toBe(text);
    for (const [i, b] of blocks.entries()) {
      expect(b.end - b.start).toBeLessThanOrEqual(1_000);
      if (i > 0) expect(b.start).toBe(blocks[i - 1]!.end);
    }
    const page1 = blocks.filter((b) => b.section === 0);
    expect(page1.length).toBeGreaterThan(2);
    expect(page1.map((b) => b.first)).toEqual([true, ...page1.slice(1).map(() => false)]);
    // Cut after a line break, so no line is split.
    for (const b of page1.slice(0, -1)) expect(text[b.end - 1]).toBe('\n');
    expect(blocks.at(-1)).toMatchObject({ section: 1, first: true });
  });

  it('cuts a text without line breaks at spaces, or anywhere when it has none', () => {
    const text = 'x'.repeat(2_500);
    const blocks = viewerBlocks({ text, sections: [{ start: 0, end: text.length, location: sec() }] }, 1_000);
    expect(blocks.map((b) => b.end - b.start)).toEqual([1_000, 1_000, 500]);
  });
});

describe('matchSections', () => {
  const sections: MaterialView['sections'] = [
    { start: 0, end: 10, location: sec() },
    { start: 10, end: 20, location: sec('Basics') },
    { start: 20, end: 30, location: sec('Basics', 'Joins') },
    { start: 30, end: 40, location: sec('Basics', 'Keys') },
    { start: 40, end: 50, location: sec('Advanced') },
  ];

  it('finds pages in a range', () => {
    const pages = [1, 2, 3, 4].map((n, i) => ({ start: i * 10, end: i * 10 + 10, location: page(n) }));
    expect(matchSections(pages, { kind: 'pages', from: 2, to: 3 })).toEqual({ indices: [1, 2], exact: true });
    expect(matchSections(pages, { kind: 'pages', from: 9, to: 9 })).toEqual({ indices: [], exact: false });
  });

  it('finds a heading and what is under it, ignoring case; a heading it lacks falls back to its parent', () => {
    expect(matchSections(sections, { kind: 'section', path: ['Basics'] })).toEqual({ indices: [1, 2, 3], exact: true });
    expect(matchSections(sections, { kind: 'section', path: ['basics', 'joins'] })).toEqual({ indices: [2], exact: true });
    expect(matchSections(sections, { kind: 'section', path: ['Basics', 'Unions'] })).toEqual({ indices: [1, 2, 3], exact: false });
    expect(matchSections(sections, { kind: 'section', path: ['Nowhere'] })).toEqual({ indices: [], exact: false });
    expect(matchSections(sections, { kind: 'section', path: [] })).toEqual({ indices: [0], exact: true });
    expect(matchSections(sections, null)).toEqual({ indices: [], exact: true });
  });
});
