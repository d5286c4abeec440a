// Chunks: ranges of the stored text, sized in tokens, each with the location it came from.
import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../src/main/sources/chunk';
import { TextBuilder } from '../../../src/main/sources/extract/extraction';
import type { SourceLocation } from '../../../src/shared/materials';

const page = (n: number): SourceLocation => ({ kind: 'pages', from: n, to: n });
const section = (...path: string[]): SourceLocation => ({ kind: 'section', path });

function build(paragraphs: [string, SourceLocation][]) {
  const b = new TextBuilder();
  for (const [text, location] of paragraphs) b.paragraph(text, location);
  return b.build();
}

describe('chunkText', () => {
  it('joins consecutive small pages into one chunk with their page range, and starts a new one when full', () => {
    const { text, sections } = build([
      ['a'.repeat(30), page(1)],
      ['b'.repeat(30), page(2)],
      ['c'.repeat(30), page(3)],
    ]);
    // 20 tokens × 4 characters: two pages (30 + 2 + 30) fit, the third does not.
    const chunks = chunkText(text, sections, { targetTokens: 20, charsPerToken: 4 });
    expect(chunks.map((c) => ({ location: c.location, text: text.slice(c.start, c.end), tokens: c.tokens }))).toEqual([
      { location: { kind: 'pages', from: 1, to: 2 }, text: `${'a'.repeat(30)}\n\n${'b'.repeat(30)}`, tokens: 16 },
      { location: page(3), text: 'c'.repeat(30), tokens: 8 },
    ]);
    expect(chunks.map((c) => c.position)).toEqual([0, 1]);
  });

  it('never joins two heading sections, but lets a bare part heading join the chapter under it', () => {
    const { text, sections } = build([
      ['Preface text.', section()],
      ['Part one', section('Part one')],
      ['Joins', section('Part one', 'Joins')],
      ['Joins combine rows.', section('Part one', 'Joins')],
      ['Keys', section('Part one', 'Keys')],
      ['Keys identify rows.', section('Part one', 'Keys')],
    ]);
    const chunks = chunkText(text, sections, { targetTokens: 200, charsPerToken: 4 });
    expect(chunks.map((c) => ({ location: c.location, text: text.slice(c.start, c.end) }))).toEqual([
      { location: section(), text: 'Preface text.' },
      { location: section('Part one', 'Joins'), text: 'Part one\n\nJoins\n\nJoins combine rows.' },
      { location: section('Part one', 'Keys'), text: 'Keys\n\nKeys identify rows.' },
    ]);
  });

  it('cuts a paragraph longer than a chunk at sentence ends, and a sentence without any at a space', () => {
    const sentence = 'This sentence is about forty characters. ';
    const long = sentence.repeat(6).trim();
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const { text, sections } = build([
      [long, section('Long')],
      [words, section('Words')],
    ]);
    const chunks = chunkText(text, sections, { targetTokens: 25, charsPerToken: 4 }); // 100 characters
    for (const c of chunks) expect(c.end - c.start).toBeLessThanOrEqual(100);
    const longChunks = chunks.filter((c) => c.location.kind === 'section' && c.location.path[0] === 'Long');
    // Every cut of the long paragraph ends a sentence.
    for (const c of longChunks) expect(text.slice(c.start, c.end)).toMatch(/\.$/);
    // Nothing is lost or doubled: the chunks' words are the text's words.
    expect(chunks.map((c) => text.slice(c.start, c.end)).join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
    const wordChunks = chunks.filter((c) => c.location.kind === 'section' && c.location.path[0] === 'Words');
    for (const c of wordChunks) expect(text.slice(c.start, c.end)).toMatch(/^word\d+( word\d+)*$/);
  });
});
