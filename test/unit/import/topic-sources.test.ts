// The `sources` column of a batch import: split on ";", trimmed, empty entries ignored; the
// same in JSON; then resolved against the import file's folder, a missing file being a
// problem of its row (listed by line) while the row still imports.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSourceProblem, resolveTopicSources } from '../../../src/main/import/resolve-sources';
import { MAX_ROW_SOURCES, readSourcesValue } from '../../../src/main/import/topic-sources';
import { parseTopics } from '../../../src/main/import/topics';

describe('readSourcesValue', () => {
  it('splits on ";", trims, drops empty entries and repeats', () => {
    expect(readSourcesValue(' a.pdf ; notes/b.md;;  ;a.pdf;')).toEqual({ ok: true, sources: ['a.pdf', 'notes/b.md'] });
    expect(readSourcesValue('')).toEqual({ ok: true, sources: [] });
    expect(readSourcesValue(undefined)).toEqual({ ok: true, sources: [] });
  });

  it('takes a JSON array entry whole, so a path there may hold a ";"', () => {
    expect(readSourcesValue(['a;b.pdf', ' c.md '])).toEqual({ ok: true, sources: ['a;b.pdf', 'c.md'] });
  });

  it('refuses other types and too many files', () => {
    expect(readSourcesValue(3)).toMatchObject({ ok: false, message: expect.stringContaining('separated by ";"') });
    expect(readSourcesValue(['a.pdf', 4])).toMatchObject({ ok: false });
    const many = Array.from({ length: MAX_ROW_SOURCES + 1 }, (_, i) => `f${i}.md`).join(';');
    expect(readSourcesValue(many)).toEqual({ ok: false, message: `sources names ${MAX_ROW_SOURCES + 1} files; a topic may have at most ${MAX_ROW_SOURCES}` });
  });
});

describe('parseTopics with sources', () => {
  it('reads a CSV sources column, any case, in any position; rows without sources carry none', () => {
    const csv = 'Sources,topic,level\n"syllabus.pdf; notes/joins.md",SQL,beginner\n,Rust,advanced\n';
    const { rows, errors } = parseTopics(csv, 'csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, topic: expect.objectContaining({ topic: 'SQL' }), sources: ['syllabus.pdf', 'notes/joins.md'] },
      { line: 3, topic: expect.objectContaining({ topic: 'Rust' }) },
    ]);
  });

  it('reads JSON sources as an array or a ";" string, and names a bad value with the row’s other problems', () => {
    const json = JSON.stringify([{ topic: 'SQL', sources: ['a.pdf', 'b.md'] }, { topic: 'Go', sources: 'c.txt;d.md' }, { topic: 'X', level: 'guru', sources: 7 }, 'Rust']);
    const { rows, errors } = parseTopics(json, 'json');
    expect(rows.map((r) => [r.topic.topic, r.sources])).toEqual([
      ['SQL', ['a.pdf', 'b.md']],
      ['Go', ['c.txt', 'd.md']],
      ['Rust', undefined],
    ]);
    expect(errors).toEqual([{ line: 3, message: expect.stringMatching(/^level must be one of .*; sources must be file paths separated by ";"/) }]);
  });
});

describe('resolveTopicSources', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topic-sources-'));
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'syllabus.pdf'), '%PDF-1.4');
    writeFileSync(join(dir, 'notes', 'joins.md'), '# Joins');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const csv = (cells: string[]) => `topic,sources\n${cells.map((c, i) => `Topic ${i + 1},"${c}"`).join('\n')}\n`;

  it('resolves paths against the file’s folder; a missing file is listed by line and its row still imports', () => {
    const parsed = parseTopics(csv(['syllabus.pdf;notes/joins.md', 'notes/missing.pdf; syllabus.pdf', 'notes']), 'csv');
    const result = resolveTopicSources(parsed, dir);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.sources])).toEqual([
      [2, [join(dir, 'syllabus.pdf'), join(dir, 'notes', 'joins.md')]],
      [3, [join(dir, 'syllabus.pdf')]],
      [4, []],
    ]);
    expect(result.sourceProblems).toEqual([
      { line: 3, path: 'notes/missing.pdf', message: `notes/missing.pdf was not found (looked for ${join(dir, 'notes', 'missing.pdf')})` },
      { line: 4, path: 'notes', message: 'notes is a folder, not a file' },
    ]);
    expect(formatSourceProblem(result.sourceProblems![0]!)).toMatch(/^line 3: source notes\/missing\.pdf was not found .*; the topic is imported without it$/);
  });

  it('without a folder (pasted text), a relative path says to open the file; an absolute one still works', () => {
    const parsed = parseTopics(csv([`syllabus.pdf;${join(dir, 'notes', 'joins.md')}`]), 'csv');
    const result = resolveTopicSources(parsed, null);
    expect(result.rows[0]!.sources).toEqual([join(dir, 'notes', 'joins.md')]);
    expect(result.sourceProblems).toEqual([{ line: 2, path: 'syllabus.pdf', message: expect.stringContaining('open the file with “Open file…” so its folder is known') }]);
  });

  it('leaves an import that names no sources as it was', () => {
    const parsed = parseTopics('topic\nRust\n', 'csv');
    expect(resolveTopicSources(parsed, dir)).toBe(parsed);
  });
});
