// Someone else's edit on the backend is never overwritten silently: the push stops with a
// conflict and the person chooses keep theirs, overwrite, or publish as a duplicate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Admin, type TestUser } from '../../support/postgres/fixtures';
import { expectSameTree, remoteTree, startHarness, type Harness } from '../../support/sync/harness';

let h: Harness;
let editor: TestUser;

beforeEach(async () => {
  h = await startHarness();
  editor = await h.admin.user('org-admin');
  await h.admin.member(h.organizationId, editor.id, 'admin');
});

afterEach(async () => {
  await h.close();
});

/** An organisation admin edits a lesson on the backend (e.g. in the web editor). */
async function remoteEdit(admin: Admin, lessonId: string, content: string): Promise<void> {
  await admin.as(editor.id, (c) => c.query(`UPDATE public.lessons SET content = $2 WHERE id = $1`, [lessonId, content]), true);
}

/** Publishes, syncs, lets the admin edit a lesson, then re-publishes a local change. */
async function conflicted(): Promise<{ courseId: string; lessonId: string }> {
  const courseId = h.publishNew({ projects: 2, lessons: 2, tasks: 1 });
  await h.service.worker.runPass();
  const lesson = h.store.courses.tree(courseId)!.projects[0]!.lessons[0]!;
  await remoteEdit(h.admin, lesson.id, 'Edited on the backend');
  h.store.write(() => {
    h.store.courses.updateLesson(lesson.id, { title: lesson.title, content: 'Edited on the desktop', objectives: [] });
    h.service.worker.outbox.enqueue(courseId);
  });
  await h.service.worker.runPass();
  return { courseId, lessonId: lesson.id };
}

const lessonContent = async (lessonId: string) =>
  (await h.admin.query<{ content: string }>(`SELECT content FROM public.lessons WHERE id = $1`, [lessonId]))[0]?.content;

describe('a remote edit', () => {
  it('stops the push with a conflict and overwrites nothing', async () => {
    const { courseId, lessonId } = await conflicted();
    const status = h.service.status().courses.find((c) => c.courseId === courseId)!;
    expect(status.state).toBe('conflict');
    expect(status.error).toMatch(/changed on the backend.*keep theirs, overwrite, or publish as a duplicate/);
    expect(await lessonContent(lessonId)).toBe('Edited on the backend');
    expect(h.service.status().counts.conflict).toBe(1);
    // It stays a conflict: later passes and "Sync now" do not push it.
    const requests = h.server.requests.length;
    await h.service.syncNow();
    expect(h.server.requests.length).toBe(requests);
    expect(await lessonContent(lessonId)).toBe('Edited on the backend');
  });

  it('keep theirs: this copy becomes the backend’s version and is not pushed over it (more in keep-theirs.test.ts)', async () => {
    const { courseId, lessonId } = await conflicted();
    const remoteVersion = (await remoteTree(h.admin, courseId)).course!.version;
    await h.service.resolveConflict(courseId, 'keep_theirs');
    await h.service.worker.runPass();
    expect(h.service.status().courses.find((c) => c.courseId === courseId)).toMatchObject({ state: 'synced', remoteVersion, note: expect.stringMatching(/backend’s version/) });
    expect(h.store.courses.lesson(lessonId)!.content).toBe('Edited on the backend');
    expect((await remoteTree(h.admin, courseId)).course!.version).toBe(remoteVersion);
  });

  it('overwrite: the local course replaces the backend copy', async () => {
    const { courseId, lessonId } = await conflicted();
    await h.service.resolveConflict(courseId, 'overwrite');
    await h.service.worker.runPass();
    expect(h.service.status().courses.find((c) => c.courseId === courseId)!.state).toBe('synced');
    expect(await lessonContent(lessonId)).toBe('Edited on the desktop');
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('duplicate: the local course is published as a new course; the original stays as edited', async () => {
    const { courseId, lessonId } = await conflicted();
    await h.service.resolveConflict(courseId, 'duplicate');
    await h.service.worker.runPass();
    const status = h.service.status().courses.find((c) => c.courseId === courseId)!;
    expect(status.state).toBe('synced');
    expect(status.remoteId).not.toBe(courseId);
    expect(await lessonContent(lessonId)).toBe('Edited on the backend');
    const copy = await expectSameTree(h.admin, h.store, courseId, status.remoteId);
    expect(copy.course!.title).toMatch(/\(copy\)$/);
    expect(copy.lessons.map((l) => l.content)).toContain('Edited on the desktop');
    // The copy's rows are new rows, not the original's.
    const localIds = new Set(h.store.courses.tree(courseId)!.projects.flatMap((p) => p.lessons.map((l) => l.id)));
    expect(copy.lessons.some((l) => localIds.has(l.id as string))).toBe(false);
    // Repeating the duplicate's push updates the same copy.
    h.store.write(() => h.service.worker.outbox.enqueue(courseId));
    await h.service.worker.runPass();
    const courses = await h.admin.query(`SELECT id FROM public.courses WHERE organization_id = $1`, [h.organizationId]);
    expect(courses).toHaveLength(2);
  });

  it('resolving a course without a conflict is refused', async () => {
    const courseId = h.publishNew();
    await expect(h.service.resolveConflict(courseId, 'overwrite')).rejects.toThrow(/no sync conflict/);
    await expect(h.service.resolveConflict(courseId, 'keep_theirs')).rejects.toThrow(/no sync conflict/);
  });

  it('an edit made between two steps of a running push stops the push; the edit survives', async () => {
    await h.close();
    let beforeTasks: (() => Promise<void>) | null = null;
    h = await startHarness({
      fetch: async (input, init) => {
        if (init?.method === 'POST' && String(input).includes('/rest/v1/tasks') && beforeTasks) {
          const act = beforeTasks;
          beforeTasks = null;
          await act();
        }
        return fetch(input, init);
      },
    });
    await h.admin.member(h.organizationId, editor.id, 'admin');
    const courseId = h.publishNew({ projects: 1, lessons: 2, tasks: 2 });
    await h.service.worker.runPass();
    const task = h.store.courses.tree(courseId)!.projects[0]!.lessons[0]!.tasks[0]!;
    h.store.write(() => {
      h.store.courses.updateTask(task.id, { kind: 'quiz', prompt: 'Desktop wording', answerKey: 'a' });
      h.service.worker.outbox.enqueue(courseId);
    });
    beforeTasks = () =>
      h.admin.as(editor.id, (c) => c.query(`UPDATE public.tasks SET prompt = 'Admin wording' WHERE id = $1`, [task.id]), true).then(() => undefined);
    await h.service.worker.runPass();
    expect(beforeTasks).toBeNull();
    expect(h.service.status().courses[0]).toMatchObject({ state: 'conflict', error: expect.stringMatching(/while this app was pushing it; nothing of theirs was overwritten/) });
    expect(await h.admin.query(`SELECT prompt FROM public.tasks WHERE id = $1`, [task.id])).toEqual([{ prompt: 'Admin wording' }]);
    await h.service.resolveConflict(courseId, 'overwrite');
    await h.service.worker.runPass();
    expect(await h.admin.query(`SELECT prompt FROM public.tasks WHERE id = $1`, [task.id])).toEqual([{ prompt: 'Desktop wording' }]);
  });

  it('an edit made while a push was cut halfway is a conflict, not absorbed by the resumed push', async () => {
    const courseId = h.publishNew({ projects: 2, lessons: 2, tasks: 1 });
    const lesson = h.store.courses.tree(courseId)!.projects[0]!.lessons[0]!;
    // Course and projects written, then the connection dies before the lessons.
    h.server.dropConnection({ nth: 4, when: 'before' });
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]!.state).toBe('pending');
    await h.admin.as(editor.id, (c) => c.query(`UPDATE public.projects SET title = 'Renamed by admin' WHERE course_id = $1 AND position = 0`, [courseId]), true);
    await h.service.syncNow();
    expect(h.service.status().courses[0]!.state).toBe('conflict');
    const remote = await remoteTree(h.admin, courseId);
    expect(remote.projects[0]!.title).toBe('Renamed by admin');
    expect(remote.lessons.find((l) => l.id === lesson.id)).toBeUndefined();
  });
});
