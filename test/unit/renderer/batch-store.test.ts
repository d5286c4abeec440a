// The batch store against a scripted `window.courseStudio`: checking the topics again after
// their outlines were written keeps each unchanged row's course and state, so "Generate
// outlines" only acts on new or changed rows and no course is made twice. (The store is a
// module singleton: one scenario per file.)
import { describe, expect, it } from 'vitest';
import type { TopicInput } from '../../../src/shared/domain';
import { useScriptedApi } from './scripted-api';

const topic = (name: string, projects = 3): TopicInput => ({ topic: name, audience: 'developers', level: 'beginner', projects, language: 'English', notes: '' });

const created: string[] = [];
const outlined: string[] = [];
const fakeApi = {
  // One topic per line; "Name|4" asks for four projects.
  topicsParse: async ({ text }: { text: string }) => ({
    ok: true,
    value: {
      rows: text
        .split('\n')
        .filter(Boolean)
        .map((line, i) => {
          const [name, projects] = line.split('|');
          return { line: i + 1, topic: topic(name!, projects ? Number(projects) : 3) };
        }),
      errors: [],
    },
  }),
  coursesCreate: async ({ topic: t }: { topic: TopicInput }) => {
    created.push(t.topic);
    return { ok: true, value: { id: `course-${created.length}` } };
  },
  coursesGenerateOutlines: async ({ courseId }: { courseId: string }) => {
    outlined.push(courseId);
    return { ok: true, value: [] };
  },
};

useScriptedApi(fakeApi);

describe('batch store: checking the topics again', () => {
  it('keeps unchanged rows with their course and state, and generates only new or changed rows', async () => {
    const { useBatch } = await import('../../../src/renderer/store/batch');
    const batch = () => useBatch.getState();
    const summary = () => batch().runs.map((r) => [r.line, r.topic.topic, r.courseId, r.state]);

    batch().setText('React hooks\nSQL joins');
    await batch().parse();
    await batch().generateAll(() => undefined);
    expect(summary()).toEqual([
      [1, 'React hooks', 'course-1', 'done'],
      [2, 'SQL joins', 'course-2', 'done'],
    ]);

    // Check again, unchanged: nothing waits, and generating does nothing.
    await batch().parse();
    expect(summary()).toEqual([
      [1, 'React hooks', 'course-1', 'done'],
      [2, 'SQL joins', 'course-2', 'done'],
    ]);
    await batch().generateAll(() => undefined);
    expect(created).toEqual(['React hooks', 'SQL joins']);
    expect(outlined).toEqual(['course-1', 'course-2']);

    // A new row, a changed row (more projects) and a repeated row wait; the kept row follows its new line.
    batch().setText('Git basics\nSQL joins\nReact hooks|4\nSQL joins');
    await batch().parse();
    expect(summary()).toEqual([
      [1, 'Git basics', null, 'waiting'],
      [2, 'SQL joins', 'course-2', 'done'],
      [3, 'React hooks', null, 'waiting'],
      [4, 'SQL joins', null, 'waiting'],
    ]);
    await batch().generateAll(() => undefined);
    expect(created).toEqual(['React hooks', 'SQL joins', 'Git basics', 'React hooks', 'SQL joins']);
    expect(batch().runs.every((r) => r.state === 'done')).toBe(true);
    expect(new Set(batch().runs.map((r) => r.courseId)).size).toBe(4);
  });
});
