// What a grounding shows the model: every page or section labelled, names unique within the
// course, whole or passages by the window, nothing when no room is left.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { groundCourse, MIN_PASSAGES_TOKENS } from '../../../src/main/generation/grounding';
import type { ExtractedMaterial } from '../../../src/main/db/repositories/materials';

let store: Store;
beforeEach(() => {
  store = Store.open(':memory:');
});
afterEach(() => store.close());

function material(courseId: string, sha: string, name: string, heading: string, body: string): void {
  const text = `${heading}\n\n${body}`;
  const content: ExtractedMaterial = {
    text,
    sections: [{ start: 0, end: text.length, location: { kind: 'section', path: [heading] } }],
    // Chunks of 1,400 characters (~400 tokens), as chunk.ts makes them.
    chunks: Array.from({ length: Math.ceil(text.length / 1400) }, (_, i) => {
      const start = i * 1400;
      const end = Math.min(text.length, start + 1400);
      return { position: i, start, end, location: { kind: 'section' as const, path: [heading] }, tokens: Math.ceil((end - start) / 3.5) };
    }),
    pages: null,
    pagesWithoutText: 0,
    words: text.split(/\s+/).length,
    tokens: Math.ceil(text.length / 3.5),
  };
  store.write(() => {
    store.materials.saveExtracted({ sha256: sha, fileName: name, format: 'markdown', sizeBytes: text.length }, content, 1);
    store.materials.link(courseId, sha, name);
  });
}

const course = () => store.write(() => store.courses.create({ topic: 'SQL', audience: 'a', level: 'beginner', projects: 3, language: 'English', notes: '' }).id);

describe('groundCourse', () => {
  it('labels every section, and two different files of the same name get different names', () => {
    const id = course();
    material(id, 'a'.repeat(64), 'notes.md', 'Joins', 'Inner joins keep matching rows.');
    material(id, 'b'.repeat(64), 'notes.md', 'Keys', 'A primary key is unique.');
    const g = groundCourse(store, id, { reservedTokens: 5000, answerTokens: 8000 })!;
    expect(g.mode).toBe('whole');
    expect(g.materials.map((m) => m.name)).toEqual(['notes.md', 'notes (2).md']);
    expect(g.whole).toContain('[notes.md § Joins]\nJoins\n\nInner joins keep matching rows.');
    expect(g.whole).toContain('[notes (2).md § Keys]');
    expect(g.outline).toBe(g.whole);
  });

  it('gives passages when the materials are over the budget, and nothing when the room left is too small to matter', () => {
    const id = course();
    material(id, 'c'.repeat(64), 'book.md', 'Joins', 'Joins combine rows. '.repeat(2000));
    const passages = groundCourse(store, id, { contextTokens: 20_000, reservedTokens: 5000, answerTokens: 5000 })!;
    expect(passages.mode).toBe('passages');
    expect(passages.whole).toBeNull();
    expect(passages.outline).toMatch(/^Overview of the instructor's source materials/);
    expect(passages.passagesFor({ title: 'Joins' })).toContain('[book.md § Joins]');
    expect(passages.passagesFor({ title: 'Volcanoes' })).toBe('');
    const tight = 5000 + 4000 + MIN_PASSAGES_TOKENS - 1;
    expect(groundCourse(store, id, { contextTokens: Math.ceil(tight / 0.9), reservedTokens: 5000, answerTokens: 4000 })).toBeNull();
  });
});
