// Migration 013 and the materials repository: one row per distinct file, links per course,
// lesson sources, and which materials are free to release. Hot queries use their indexes.
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import type { ExtractedMaterial, MaterialMeta } from '../../../src/main/db/repositories/materials';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

const meta = (sha256: string, fileName = 'notes.md'): MaterialMeta => ({ sha256, fileName, format: 'markdown', sizeBytes: 120 });
const content = (text = '# Joins\n\nInner join.'): ExtractedMaterial => ({
  text,
  sections: [{ start: 0, end: text.length, location: { kind: 'section', path: ['Joins'] } }],
  chunks: [{ position: 0, start: 0, end: text.length, location: { kind: 'section', path: ['Joins'] }, tokens: 5 }],
  pages: null,
  pagesWithoutText: 0,
  words: 4,
  tokens: 5,
});

let store: Store;
afterEach(() => store?.close());

function withCourses(...ids: string[]): string[] {
  store = Store.open(':memory:');
  return store.write(() => ids.map(() => store.courses.create({ topic: 'SQL', audience: 'a', level: 'beginner', projects: 1, language: 'English', notes: '' }).id));
}

describe('materials repository', () => {
  it('stores a reading once, links it to many courses under their own names, and lists them in order', () => {
    const [c1, c2] = withCourses('1', '2');
    store.write(() => {
      store.materials.saveExtracted(meta(HASH_A), content(), 1);
      store.materials.saveFailed(meta(HASH_B, 'scan.pdf'), { code: 'no_text_layer', message: 'scan.pdf has no text layer' }, 1);
      expect(store.materials.link(c1!, HASH_A, 'notes.md')).toBe(true);
      expect(store.materials.link(c1!, HASH_B, 'scan.pdf')).toBe(true);
      expect(store.materials.link(c1!, HASH_A, 'again.md')).toBe(false);
      store.materials.link(c2!, HASH_A, 'week1.md');
    });
    expect(store.materials.forCourse(c1!).map((m) => [m.fileName, m.position, m.error?.code ?? null, m.tokens])).toEqual([
      ['notes.md', 0, null, 5],
      ['scan.pdf', 1, 'no_text_layer', 0],
    ]);
    expect(store.materials.forCourse(c2!).map((m) => m.fileName)).toEqual(['week1.md']);
    expect(store.materials.content(HASH_A)?.text).toBe('# Joins\n\nInner join.');
    expect(store.materials.content(HASH_B)).toBeNull();
    expect(store.materials.chunks(HASH_A)).toEqual(content().chunks);
  });

  it('does not let a failed reading replace a good one', () => {
    withCourses('1');
    store.write(() => {
      store.materials.saveExtracted(meta(HASH_A), content(), 1);
      store.materials.saveFailed(meta(HASH_A), { code: 'timeout', message: 'slow' }, 1);
    });
    expect(store.materials.get(HASH_A)?.error).toBeNull();
    expect(store.materials.content(HASH_A)?.text).toContain('Inner join');
  });

  it('frees a material only when no course links it and no lesson cites it', () => {
    const [c1, c2] = withCourses('1', '2');
    store.write(() => {
      store.materials.saveExtracted(meta(HASH_A), content(), 1);
      store.materials.link(c1!, HASH_A, 'a.md');
      store.materials.link(c2!, HASH_A, 'a.md');
    });
    store.write(() => store.courses.delete(c1!));
    expect(store.materials.unreferenced()).toEqual([]);
    store.write(() => store.courses.delete(c2!));
    expect(store.write(() => store.materials.deleteUnreferenced())).toEqual([HASH_A]);
    expect(store.materials.get(HASH_A)).toBeNull();
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM material_chunks`).get()).toEqual({ n: 0 });
  });

  it('keeps lesson sources in order, validated, and holds their material', () => {
    const [c1] = withCourses('1');
    store.write(() => {
      store.materials.saveExtracted(meta(HASH_A), content(), 1);
      store.materials.link(c1!, HASH_A, 'a.md');
      store.db.prepare(`INSERT INTO projects (id, course_id, position, title, description) VALUES ('p', ?, 0, 'P', '')`).run(c1!);
      store.db
        .prepare(`INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at) VALUES ('l', 'p', 0, 'L', '', '[]', 'x', 'x')`)
        .run();
      store.materials.setLessonSources('l', [
        { material: HASH_A, location: { kind: 'section', path: ['Joins'] }, note: 'the definition' },
        { material: HASH_A, location: { kind: 'pages', from: 4, to: 6 }, note: '' },
      ]);
    });
    expect(store.materials.lessonSources('l')).toEqual([
      { material: HASH_A, location: { kind: 'section', path: ['Joins'] }, note: 'the definition' },
      { material: HASH_A, location: { kind: 'pages', from: 4, to: 6 }, note: '' },
    ]);
    expect(() => store.write(() => store.materials.setLessonSources('l', [{ material: HASH_A, location: { kind: 'pages', from: 0, to: 1 }, note: '' }]))).toThrow();
    expect(store.materials.lessonSources('l')).toHaveLength(2);
    // The course tree and a single lesson read carry them under the name this course gave the file.
    const cited = [
      { material: HASH_A, fileName: 'a.md', location: { kind: 'section', path: ['Joins'] }, note: 'the definition' },
      { material: HASH_A, fileName: 'a.md', location: { kind: 'pages', from: 4, to: 6 }, note: '' },
    ];
    expect(store.courses.tree(c1!)?.projects[0]?.lessons[0]?.sources).toEqual(cited);
    expect(store.courses.lesson('l')?.sources).toEqual(cited);
    store.write(() => store.materials.unlink(c1!, HASH_A));
    expect(store.materials.unreferenced()).toEqual([]);
    // Unlinked but still cited: the name it was first stored under.
    expect(store.courses.tree(c1!)?.projects[0]?.lessons[0]?.sources.map((s) => s.fileName)).toEqual(['notes.md', 'notes.md']);
  });

  it('names a damaged lesson source in a clear error and leaves it as it was', () => {
    const [c1] = withCourses('1');
    store.write(() => {
      store.materials.saveExtracted(meta(HASH_A), content(), 1);
      store.db.prepare(`INSERT INTO projects (id, course_id, position, title, description) VALUES ('p', ?, 0, 'P', '')`).run(c1!);
      store.db
        .prepare(`INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at) VALUES ('l', 'p', 0, 'L', '', '[]', 'x', 'x')`)
        .run();
      store.db.prepare(`INSERT INTO lesson_sources (lesson_id, position, material_sha256, location_json, note) VALUES ('l', 0, ?, '{"kind":"pages","from":0}', '')`).run(HASH_A);
    });
    expect(() => store.courses.tree(c1!)).toThrow(/lesson_sources\.location_json/);
    expect(store.db.prepare(`SELECT location_json FROM lesson_sources`).get()).toEqual({ location_json: '{"kind":"pages","from":0}' });
  });

  it('refuses a row that has neither text nor an error', () => {
    withCourses('1');
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO materials (sha256, file_name, format, media_type, size_bytes, extractor_version, created_at, extracted_at) VALUES (?, 'x', 'pdf', 'application/pdf', 1, 1, 'x', 'x')`,
        )
        .run(HASH_A),
    ).toThrow(/CHECK constraint/);
  });

  it('reads a course’s materials and the free ones through indexes', () => {
    withCourses('1');
    const plan = (sql: string) => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    // The (course_id, position) index serves the filter and the order: no sort step.
    const forCourse = plan(`SELECT * FROM course_materials cm JOIN materials m ON m.sha256 = cm.material_sha256 WHERE cm.course_id = 'x' ORDER BY cm.position`);
    expect(forCourse).toMatch(/SEARCH cm USING INDEX sqlite_autoindex_course_materials_2 \(course_id=\?\).*SEARCH m USING INDEX sqlite_autoindex_materials_1 \(sha256=\?\)/);
    expect(forCourse).not.toMatch(/TEMP B-TREE/);
    expect(plan(`SELECT 1 FROM course_materials WHERE material_sha256 = 'x'`)).toMatch(/course_materials_by_material/);
    expect(plan(`SELECT 1 FROM lesson_sources WHERE material_sha256 = 'x'`)).toMatch(/lesson_sources_by_material/);
  });
});
