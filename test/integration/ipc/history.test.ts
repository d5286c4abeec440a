// Version history through the commands and the runner, against the fake Messages API: the
// generation, an edit, a regeneration and a restore each add one version with who and why;
// a task regeneration keeps the task's history; approval pins and "changed since approval".
import { afterEach, describe, expect, it } from 'vitest';
import { generatedCourse, startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('history over IPC', () => {
  it('generation, edit, regeneration and restore are versions by the model, the reviewer and the model again; restore adds one', async () => {
    h = await startHarness();
    const { course, tree } = await generatedCourse(h);
    const model = (await h.call('settings.get')).model;
    const lesson = tree.projects[0]!.lessons[0]!;
    const task = lesson.tasks[0]!;

    const first = await h.call('history.list', { unitKind: 'lesson', unitId: lesson.id });
    expect(first).toEqual([expect.objectContaining({ version: 1, reason: 'generated', authorKind: 'model', author: model, body: expect.objectContaining({ content: lesson.content }) })]);
    expect(await h.call('history.list', { unitKind: 'task', unitId: task.id })).toEqual([expect.objectContaining({ version: 1, reason: 'generated', authorKind: 'model' })]);

    await h.call('settings.update', { reviewerName: 'Ada Lovelace' });
    await h.call('lessons.update', { lessonId: lesson.id, title: lesson.title, content: '# Edited by hand', objectives: lesson.objectives });
    await h.call('lessons.regenerate', { lessonId: lesson.id });
    const list = await h.call('history.list', { unitKind: 'lesson', unitId: lesson.id });
    expect(list.map((v) => [v.version, v.reason, v.authorKind])).toEqual([
      [3, 'regenerated', 'model'],
      [2, 'edited', 'person'],
      [1, 'generated', 'model'],
    ]);
    expect(list[1]).toMatchObject({ author: 'Ada Lovelace', body: { content: '# Edited by hand' } });

    h.events['course.changed'].length = 0;
    // (The fake model writes the same lesson each time, so v3 says what v1 said: restore the edit.)
    const restored = await h.call('history.restore', { unitKind: 'lesson', unitId: lesson.id, version: 2 });
    expect(restored).toMatchObject({ version: 4, reason: 'restored', restoredFrom: 2, author: 'Ada Lovelace', body: { content: '# Edited by hand' } });
    const now = await h.call('courses.get', { courseId: course.id });
    expect(now.projects[0]!.lessons[0]).toMatchObject({ content: '# Edited by hand', objectives: lesson.objectives });
    expect(h.events['course.changed']).toContainEqual({ courseId: course.id });
    expect((await h.call('history.list', { unitKind: 'lesson', unitId: lesson.id })).map((v) => v.version)).toEqual([4, 3, 2, 1]);

    // A task regenerated in place keeps its id, so its history runs on (edited first: the
    // fake writes the same task again, and the same text is no new version).
    await h.call('tasks.update', { taskId: task.id, kind: task.kind, prompt: 'Edited prompt', answerKey: task.answerKey });
    const again = await h.call('tasks.regenerate', { taskId: task.id });
    expect(again.id).toBe(task.id);
    expect((await h.call('history.list', { unitKind: 'task', unitId: task.id })).map((v) => v.reason)).toEqual(['regenerated', 'edited', 'generated']);
  });

  it('refuses a bad restore clearly and changes nothing', async () => {
    h = await startHarness();
    const { tree } = await generatedCourse(h);
    const lesson = tree.projects[0]!.lessons[0]!;
    expect(await h.dispatch('history.restore', { unitKind: 'lesson', unitId: lesson.id, version: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.dispatch('history.restore', { unitKind: 'lesson', unitId: lesson.id, version: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.dispatch('history.restore', { unitKind: 'lesson', unitId: lesson.id, version: 1 })).toMatchObject({ ok: false, error: { code: 'conflict', message: /nothing to restore/ } });
    expect(await h.dispatch('history.list', { unitKind: 'task', unitId: lesson.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.call('history.list', { unitKind: 'lesson', unitId: lesson.id })).toHaveLength(1);
  });

  it('approval pins the versions; an edit shows the unit as changed since approval and a new approval clears it', async () => {
    h = await startHarness();
    const { course, tree } = await generatedCourse(h);
    const lesson = tree.projects[1]!.lessons[0]!;
    await h.call('courses.approve', { courseId: course.id, by: 'Grace', note: '' });
    expect(await h.call('courses.changesSinceApproval', { courseId: course.id })).toEqual({ approved: true, changed: [] });
    await h.call('lessons.update', { lessonId: lesson.id, title: 'Renamed', content: lesson.content, objectives: lesson.objectives });
    expect(await h.call('courses.changesSinceApproval', { courseId: course.id })).toEqual({
      approved: true,
      changed: [{ unitKind: 'lesson', unitId: lesson.id, label: 'Renamed', change: 'edited', approvedVersion: 1, currentVersion: 2 }],
    });
    expect((await h.call('courses.get', { courseId: course.id })).status).toBe('generated');
    await h.call('courses.approve', { courseId: course.id, by: 'Grace', note: 'Again' });
    expect((await h.call('courses.changesSinceApproval', { courseId: course.id })).changed).toEqual([]);
  });
});
