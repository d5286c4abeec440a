// A lesson's sources as the model writes them: locations parsed back, names and pages checked,
// and courses without materials keeping the lessons schema they always had.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatLocation, parseLocation, type SourceLocation } from '../../../src/shared/materials';
import { lessonsToolSchema } from '../../../src/shared/schemas';

describe('parseLocation', () => {
  it('reads what formatLocation writes, and the variants a model writes', () => {
    const locations: SourceLocation[] = [
      { kind: 'pages', from: 4, to: 4 },
      { kind: 'pages', from: 4, to: 6 },
      { kind: 'section', path: ['Basics', 'Joins'] },
      { kind: 'section', path: [] },
    ];
    for (const location of locations) {
      expect(parseLocation(formatLocation(location))).toEqual(location);
    }
    expect(parseLocation('pp. 4-6')).toEqual({ kind: 'pages', from: 4, to: 6 });
    expect(parseLocation('page 7')).toEqual({ kind: 'pages', from: 7, to: 7 });
    expect(parseLocation('§ A > B')).toEqual({ kind: 'section', path: ['A', 'B'] });
    expect(parseLocation('p. 6–4')).toBeNull();
    expect(parseLocation('p. 0')).toBeNull();
    expect(parseLocation('chapter two')).toBeNull();
  });
});

describe('lessonsToolSchema with materials', () => {
  const materials = [
    { name: 'syllabus.pdf', pages: 10 },
    { name: 'notes.md', pages: null },
  ];
  const lesson = (sources: unknown[]) => ({ title: 'T', content: 'C', objectives: ['O'], sources });
  const issues = (sources: unknown[]) => {
    const r = lessonsToolSchema(1, materials).safeParse({ lessons: [lesson(sources)] });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes citations of the files shown, at places they have', () => {
    expect(issues([{ material: 'syllabus.pdf', location: 'p. 4–6', note: 'n' }, { material: 'notes.md', location: '§ Joins', note: '' }])).toEqual([]);
    expect(issues([])).toEqual([]);
  });

  it('refuses a file never shown, a page past the end, and a location of the wrong kind, with messages the model can act on', () => {
    expect(issues([{ material: 'handbook.pdf', location: 'p. 1', note: '' }])[0]).toMatch(/^lessons\.0\.sources\.0\.material: /);
    expect(issues([{ material: 'syllabus.pdf', location: 'p. 11', note: '' }])).toEqual(['lessons.0.sources.0.location: syllabus.pdf has 10 pages; "p. 11" is past its end']);
    expect(issues([{ material: 'syllabus.pdf', location: '§ Intro', note: '' }])).toEqual(['lessons.0.sources.0.location: syllabus.pdf is a PDF: cite its pages ("p. 4")']);
    expect(issues([{ material: 'notes.md', location: 'p. 2', note: '' }])).toEqual(['lessons.0.sources.0.location: notes.md has no pages: cite a heading ("§ Heading") or ""']);
    expect(issues([{ material: 'notes.md', location: 'somewhere', note: '' }])[0]).toContain('is not a location');
  });

  it('is the plain lessons schema without materials, and one schema per shape', () => {
    const plain = z.toJSONSchema(lessonsToolSchema(2)) as unknown as { properties: { lessons: { items: { properties: Record<string, unknown> } } } };
    expect(Object.keys(plain.properties.lessons.items.properties)).toEqual(['title', 'content', 'objectives']);
    expect(lessonsToolSchema(2, materials)).toBe(lessonsToolSchema(2, [...materials]));
    expect(lessonsToolSchema(2, materials)).not.toBe(lessonsToolSchema(2, [{ name: 'syllabus.pdf', pages: 11 }, materials[1]!]));
  });
});
