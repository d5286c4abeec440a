// The batch store with source materials, against a scripted `window.courseStudio`: "Open
// file…" has main read the file; checking its text again names that file (so sources are
// still found next to it); each row's files are attached after its course is created and
// before its outlines, once per course — a retry after a failed outline does not attach again.
import { describe, expect, it } from 'vitest';
import type { TopicInput } from '../../../src/shared/domain';
import { useScriptedApi } from './scripted-api';

const topic = (name: string): TopicInput => ({ topic: name, audience: '', level: 'beginner', projects: 3, language: 'English', notes: '' });
const calls: string[] = [];
const parseInputs: unknown[] = [];
let failOutlines = 1;
const rows = [
  { line: 2, topic: topic('SQL joins'), sources: ['/t/syllabus.pdf', '/t/notes.md'] },
  { line: 3, topic: topic('Git basics') },
];
const fakeApi = {
  appChooseFiles: async ({ purpose }: { purpose: string }) => {
    calls.push(`choose ${purpose}`);
    return { ok: true, value: { paths: ['/t/topics.csv'] } };
  },
  topicsParseFile: async ({ path }: { path: string }) => {
    calls.push(`parseFile ${path}`);
    const value = { rows, errors: [], sourceProblems: [{ line: 3, path: 'gone.pdf', message: 'gone.pdf was not found' }], text: 'topic,sources\n…', fileName: 'topics.csv', path, format: 'csv' };
    return { ok: true, value };
  },
  topicsParse: async (input: unknown) => {
    parseInputs.push(input);
    return { ok: true, value: { rows, errors: [], sourceProblems: [] } };
  },
  coursesCreate: async ({ topic: t }: { topic: TopicInput }) => {
    calls.push(`create ${t.topic}`);
    return { ok: true, value: { id: `course-${t.topic}` } };
  },
  materialsAttach: async ({ courseId, files }: { courseId: string; files: { path: string }[] }) => {
    calls.push(`attach ${courseId} ${files.map((f) => f.path).join(',')}`);
    return {
      ok: true,
      value: [
        { fileName: 'syllabus.pdf', ok: true, material: {}, reused: false },
        { fileName: 'notes.md', ok: false, error: { code: 'empty', message: 'notes.md holds no text.' }, material: null },
      ],
    };
  },
  coursesGenerateOutlines: async ({ courseId }: { courseId: string }) => {
    calls.push(`outlines ${courseId}`);
    if (courseId === 'course-SQL joins' && failOutlines-- > 0) return { ok: false, error: { code: 'failed', message: 'overloaded' } };
    return { ok: true, value: [] };
  },
};

useScriptedApi(fakeApi);

describe('batch store: sources', () => {
  it('opens a file through main, keeps its folder on a new check, attaches before the outlines and only once', async () => {
    const { useBatch } = await import('../../../src/renderer/store/batch');
    const batch = () => useBatch.getState();

    await batch().openFile();
    expect(calls).toEqual(['choose topics', 'parseFile /t/topics.csv']);
    expect(batch()).toMatchObject({ filename: 'topics.csv', sourceFile: '/t/topics.csv', text: 'topic,sources\n…' });
    expect(batch().parsed?.sourceProblems).toHaveLength(1);
    expect(batch().runs.map((r) => [r.line, r.sources])).toEqual([
      [2, ['/t/syllabus.pdf', '/t/notes.md']],
      [3, []],
    ]);

    // An edit keeps the folder: the check names the opened file.
    batch().setText('topic,sources\n…edited');
    await batch().parse();
    expect(parseInputs).toEqual([{ text: 'topic,sources\n…edited', format: 'csv', fromFile: '/t/topics.csv' }]);

    calls.length = 0;
    await batch().generateAll(() => undefined);
    expect(calls.filter((c) => c.includes('SQL'))).toEqual(['create SQL joins', 'attach course-SQL joins /t/syllabus.pdf,/t/notes.md', 'outlines course-SQL joins']);
    expect(calls.filter((c) => c.includes('Git'))).toEqual(['create Git basics', 'outlines course-Git basics']);
    const sql = batch().runs[0]!;
    expect(sql).toMatchObject({ state: 'failed', error: 'overloaded' });
    expect(sql.attached?.map((r) => r.ok)).toEqual([true, false]);

    calls.length = 0;
    await batch().generateAll(() => undefined);
    expect(calls).toEqual(['outlines course-SQL joins']);
    expect(batch().runs.map((r) => r.state)).toEqual(['done', 'done']);

    // A file read in the page has no folder.
    batch().setText('topic\nGo', 'other.csv');
    expect(batch().sourceFile).toBeNull();
  });
});
