// "Keep theirs" takes the backend's version into this computer: read under the person's
// session (RLS applies), it replaces the local course's content in one transaction, keyed
// by the same ids, and later publishes push from that version. A read that fails changes
// nothing and leaves the conflict open.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CourseTree } from '../../../src/shared/domain';
import { typedQuestions } from '../../support/lms/courses';
import { type TestUser } from '../../support/postgres/fixtures';
import { expectSameTree, remoteTree, startHarness, type Harness, type HarnessOptions } from '../../support/sync/harness';

let h: Harness;
let editor: TestUser;

async function start(options: HarnessOptions = {}): Promise<void> {
  h = await startHarness(options);
  editor = await h.admin.user('org-admin');
  await h.admin.member(h.organizationId, editor.id, 'admin');
}

beforeEach(() => start());

afterEach(async () => {
  await h.close();
});

/** Runs SQL as the organisation admin, as a web editor on the backend would. */
const asEditor = (sql: string, params: unknown[] = []) => h.admin.as(editor.id, (c) => c.query(sql, params), true).then(() => undefined);

const courseSync = (courseId: string) => h.service.status().courses.find((c) => c.courseId === courseId)!;

const localRowCounts = (courseId: string) =>
  h.store.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM projects WHERE course_id = :id) AS projects,
              (SELECT COUNT(*) FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = :id) AS lessons,
              (SELECT COUNT(*) FROM tasks t JOIN lessons l ON l.id = t.lesson_id JOIN projects p ON p.id = l.project_id WHERE p.course_id = :id) AS tasks`,
    )
    .get({ id: courseId }) as { projects: number; lessons: number; tasks: number };

/** Synced once; then the backend edits a lesson and a task, and this computer edits the same ones and publishes. */
async function conflicted(): Promise<{ courseId: string; before: CourseTree; lessonId: string; taskId: string }> {
  const courseId = h.publishNew({ projects: 2, lessons: 2, tasks: 2 });
  await h.service.worker.runPass();
  expect(courseSync(courseId).state).toBe('synced');
  const tree = h.store.courses.tree(courseId)!;
  const lesson = tree.projects[0]!.lessons[1]!;
  const task = tree.projects[1]!.lessons[0]!.tasks[1]!;
  await asEditor(`UPDATE public.lessons SET title = 'Backend title', content = 'Backend lesson text', objectives = '["backend objective"]' WHERE id = $1`, [
    lesson.id,
  ]);
  await asEditor(`UPDATE public.tasks SET prompt = 'Backend task prompt', answer_key = 'backend key' WHERE id = $1`, [task.id]);
  h.store.write(() => {
    h.store.courses.updateLesson(lesson.id, { title: lesson.title, content: 'Desktop lesson text', objectives: ['desktop'] });
    h.store.courses.updateTask(task.id, { kind: 'quiz', prompt: 'Desktop task prompt', answerKey: 'desktop key' });
    h.service.worker.outbox.enqueue(courseId);
  });
  await h.service.worker.runPass();
  expect(courseSync(courseId).state).toBe('conflict');
  return { courseId, before: h.store.courses.tree(courseId)!, lessonId: lesson.id, taskId: task.id };
}

describe('keep theirs', () => {
  it('replaces the local lesson and task with the backend’s text, keeps every id once, and later publishes push from that version', async () => {
    const { courseId, before, lessonId, taskId } = await conflicted();
    const remoteVersion = (await remoteTree(h.admin, courseId)).course!.version as number;

    const status = await h.service.resolveConflict(courseId, 'keep_theirs');
    expect(status.courses.find((c) => c.courseId === courseId)).toMatchObject({
      state: 'synced',
      remoteVersion,
      error: null,
      note: `Replaced with the backend’s version ${remoteVersion}.`,
    });
    expect(h.store.courses.lesson(lessonId)).toMatchObject({ title: 'Backend title', content: 'Backend lesson text', objectives: ['backend objective'] });
    expect(h.store.courses.task(taskId)).toMatchObject({ prompt: 'Backend task prompt', answerKey: 'backend key' });
    // History: one 'synced' version each for the two units whose text the pull changed, none for the rest.
    expect(h.store.versions.list('lesson', lessonId)[0]).toMatchObject({
      reason: 'synced',
      authorKind: 'sync',
      author: `backend version ${remoteVersion}`,
      body: { title: 'Backend title', content: 'Backend lesson text', objectives: ['backend objective'] },
    });
    expect(h.store.versions.list('lesson', lessonId).map((v) => v.reason)).toEqual(['synced', 'edited', 'generated']);
    expect(h.store.versions.list('task', taskId)[0]).toMatchObject({ reason: 'synced', body: { prompt: 'Backend task prompt', answerKey: 'backend key' } });
    const synced = h.store.db.prepare(`SELECT COUNT(*) AS n FROM unit_versions WHERE course_id = ? AND reason = 'synced'`).get(courseId) as { n: number };
    expect(synced.n).toBe(2);
    // Same rows, same ids, nothing doubled; the rest of the course is as it was.
    const after = h.store.courses.tree(courseId)!;
    const ids = (t: CourseTree) => t.projects.flatMap((p) => [p.id, ...p.lessons.flatMap((l) => [l.id, ...l.tasks.map((k) => k.id)])]);
    expect(ids(after)).toEqual(ids(before));
    expect(localRowCounts(courseId)).toEqual({ projects: 2, lessons: 4, tasks: 8 });
    expect(after.projects[1]!.lessons[1]).toEqual(before.projects[1]!.lessons[1]);
    expect(after).toMatchObject({ status: 'published', publishedAt: before.publishedAt, courseApproval: before.courseApproval });
    await expectSameTree(h.admin, h.store, courseId);
    expect(h.service.syncLog({ courseId }).at(-1)).toMatchObject({
      level: 'success',
      message: `Conflict resolved: replaced this computer’s copy with the backend’s version ${remoteVersion}`,
      details: { remoteVersion, projects: 2, lessons: 4, tasks: 8, removed: 0 },
    });

    // Nothing is pushed for it: the backend keeps exactly its version.
    await h.service.worker.runPass();
    expect((await remoteTree(h.admin, courseId)).course!.version).toBe(remoteVersion);

    // A later edit and publish here goes through normally, from the version kept.
    h.store.write(() => {
      h.store.courses.updateLesson(lessonId, { title: 'Backend title', content: 'Edited again on the desktop', objectives: ['both'] });
      h.service.worker.outbox.enqueue(courseId);
    });
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('synced');
    const remote = await expectSameTree(h.admin, h.store, courseId);
    expect(remote.course!.version).toBeGreaterThan(remoteVersion);
    expect(remote.lessons.find((l) => l.id === lessonId)).toMatchObject({ content: 'Edited again on the desktop' });
    expect(remote.tasks.find((t) => t.id === taskId)).toMatchObject({ prompt: 'Backend task prompt' });
  });

  it('takes their structure too: reordered projects, an added lesson, a removed task', async () => {
    const { courseId, before } = await conflicted();
    const second = before.projects[1]!;
    const removedTask = before.projects[0]!.lessons[0]!.tasks[0]!;
    // Positions swapped in one statement: the backend has no unique key on them, the local schema does.
    await asEditor(`UPDATE public.projects SET position = 1 - position, title = title || ' (moved)' WHERE course_id = $1`, [courseId]);
    await asEditor(
      `INSERT INTO public.lessons (id, project_id, course_id, organization_id, position, title, content, objectives)
       VALUES (gen_random_uuid(), $1, $2, $3, 0, 'Added on the backend', 'Fresh text', '["new"]')`,
      [second.id, courseId, h.organizationId],
    );
    await asEditor(`DELETE FROM public.tasks WHERE id = $1`, [removedTask.id]);
    // The backend now has two lessons at position 0 of that project; ties are ordered by id.

    await h.service.resolveConflict(courseId, 'keep_theirs');
    const after = h.store.courses.tree(courseId)!;
    expect(after.projects.map((p) => p.title)).toEqual([`${second.title} (moved)`, `${before.projects[0]!.title} (moved)`]);
    expect(after.projects.map((p) => p.position)).toEqual([0, 1]);
    expect(after.projects[0]!.lessons.map((l) => l.position)).toEqual([0, 1, 2]);
    expect(after.projects[0]!.lessons.map((l) => l.title)).toContain('Added on the backend');
    expect(h.store.courses.task(removedTask.id)).toBeNull();
    expect(after.projects[1]!.lessons[0]!.tasks.map((t) => t.position)).toEqual([0]);
    expect(localRowCounts(courseId)).toEqual({ projects: 2, lessons: 5, tasks: 7 });
    await expectSameTree(h.admin, h.store, courseId);
    expect(h.service.syncLog({ courseId }).at(-1)!.details).toMatchObject({ lessons: 5, tasks: 7, removed: 1 });

    // Pushing it again changes nothing on the backend but the positions it renumbered.
    h.store.write(() => h.service.worker.outbox.enqueue(courseId));
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('synced');
    const remote = await expectSameTree(h.admin, h.store, courseId);
    expect(remote.lessons.find((l) => l.title === 'Added on the backend')).toMatchObject({ content: 'Fresh text' });
  });

  it('a read that fails partway changes nothing here; the conflict stays with the reason, and a later try works', async () => {
    await h.close();
    let failTasks = false;
    await start({
      fetch: async (input, init) => {
        const url = String(input);
        if (failTasks && (init?.method ?? 'GET') === 'GET' && url.includes('/rest/v1/tasks')) {
          throw new TypeError('fetch failed');
        }
        return fetch(input, init);
      },
    });
    const { courseId, before } = await conflicted();
    // The course row and lessons are read; the tasks are not.
    failTasks = true;
    await expect(h.service.resolveConflict(courseId, 'keep_theirs')).rejects.toThrow(
      /^Could not keep the backend’s version: The backend could not be reached while reading tasks \(.*fetch failed\)\. Nothing on this computer was changed; the conflict is still open\.$/,
    );
    expect(h.store.courses.tree(courseId)).toEqual(before);
    expect(courseSync(courseId)).toMatchObject({ state: 'conflict', error: expect.stringMatching(/changed on the backend/), note: expect.stringMatching(/^Could not keep/) });
    expect(h.service.syncLog({ courseId }).at(-1)).toMatchObject({ level: 'warning', details: { kind: 'network' } });
    // Still a conflict: the worker does not push it.
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('conflict');

    failTasks = false;
    await h.service.resolveConflict(courseId, 'keep_theirs');
    expect(courseSync(courseId)).toMatchObject({ state: 'synced', note: expect.stringMatching(/^Replaced with the backend’s version/) });
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('carries a quiz’s typed questions both ways; questions the backend broke are refused and nothing here changes', async () => {
    const courseId = h.publishNew({ projects: 2, lessons: 2, tasks: 2 });
    await h.service.worker.runPass();
    const task = h.store.courses.tree(courseId)!.projects[0]!.lessons[0]!.tasks[0]!;
    // Published from here: the backend holds the questions as they are here.
    h.store.write(() => {
      h.store.courses.updateTask(task.id, { kind: 'quiz', prompt: 'Check yourself.', answerKey: null, questions: typedQuestions });
      h.service.worker.outbox.enqueue(courseId);
    });
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('synced');
    await expectSameTree(h.admin, h.store, courseId);
    expect((await remoteTree(h.admin, courseId)).tasks.find((t) => t.id === task.id)).toMatchObject({ questions: typedQuestions });

    // Edited on both sides; keep theirs takes the backend's questions.
    const theirs = typedQuestions.slice(2);
    await asEditor(`UPDATE public.tasks SET questions = $2::jsonb WHERE id = $1`, [task.id, JSON.stringify(theirs)]);
    h.store.write(() => {
      h.store.courses.updateTask(task.id, { kind: 'quiz', prompt: 'Mine.', answerKey: null, questions: typedQuestions.slice(0, 1) });
      h.service.worker.outbox.enqueue(courseId);
    });
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('conflict');
    await h.service.resolveConflict(courseId, 'keep_theirs');
    expect(h.store.courses.task(task.id)).toMatchObject({ prompt: 'Check yourself.', questions: theirs });

    // A question the backend holds that breaks the rules (two correct answers to one choice).
    const broken = [{ ...typedQuestions[0]!, options: [{ text: 'a', correct: true, feedback: '' }, { text: 'b', correct: true, feedback: '' }, { text: 'c', correct: false, feedback: '' }] }];
    await asEditor(`UPDATE public.tasks SET questions = $2::jsonb WHERE id = $1`, [task.id, JSON.stringify(broken)]);
    h.store.write(() => {
      h.store.courses.updateTask(task.id, { kind: 'quiz', prompt: 'Mine again.', answerKey: null });
      h.service.worker.outbox.enqueue(courseId);
    });
    await h.service.worker.runPass();
    const before = h.store.courses.tree(courseId);
    await expect(h.service.resolveConflict(courseId, 'keep_theirs')).rejects.toThrow(/exactly one correct option/);
    expect(h.store.courses.tree(courseId)).toEqual(before);
  });

  it('the backend unreachable altogether: nothing changes', async () => {
    const { courseId, before } = await conflicted();
    h.server.setOffline(true);
    await expect(h.service.resolveConflict(courseId, 'keep_theirs')).rejects.toThrow(/^Could not keep the backend’s version: .*could not be reached/);
    expect(h.store.courses.tree(courseId)).toEqual(before);
    expect(courseSync(courseId).state).toBe('conflict');
  });

  it('an edit on the backend while its version is being read is noticed: the read starts over and takes the edit', async () => {
    await h.close();
    let duringRead: (() => Promise<void>) | null = null;
    await start({
      fetch: async (input, init) => {
        // The second look at the course head, after its children were read.
        const url = decodeURIComponent(String(input));
        if ((init?.method ?? 'GET') === 'GET' && url.includes('/rest/v1/courses') && !url.includes('title') && duringRead) {
          const act = duringRead;
          duringRead = null;
          await act();
        }
        return fetch(input, init);
      },
    });
    const { courseId, taskId } = await conflicted();
    duringRead = () => asEditor(`UPDATE public.tasks SET prompt = 'Edited during the read' WHERE id = $1`, [taskId]);
    await h.service.resolveConflict(courseId, 'keep_theirs');
    expect(duringRead).toBeNull();
    const remoteVersion = (await remoteTree(h.admin, courseId)).course!.version as number;
    expect(courseSync(courseId)).toMatchObject({ state: 'synced', remoteVersion });
    expect(h.store.courses.task(taskId)!.prompt).toBe('Edited during the read');
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('a course that was published as a copy takes the copy’s version back under its own ids', async () => {
    const { courseId, lessonId } = await conflicted();
    await h.service.resolveConflict(courseId, 'duplicate');
    await h.service.worker.runPass();
    const copyId = courseSync(courseId).remoteId;
    expect(copyId).not.toBe(courseId);
    const copy = await remoteTree(h.admin, copyId);
    const copyLesson = copy.lessons.find((l) => l.content === 'Desktop lesson text')!;
    await asEditor(`UPDATE public.lessons SET content = 'Edited in the copy' WHERE id = $1`, [copyLesson.id]);
    h.store.write(() => h.service.worker.outbox.enqueue(courseId));
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('conflict');

    await h.service.resolveConflict(courseId, 'keep_theirs');
    expect(h.store.courses.lesson(lessonId)!.content).toBe('Edited in the copy');
    // " (copy)" is the push's doing; it is not taken into the local title.
    expect(h.store.courses.get(courseId)!.outline!.title).toBe((copy.course!.title as string).replace(/ \(copy\)$/, ''));
    expect(localRowCounts(courseId)).toEqual({ projects: 2, lessons: 4, tasks: 8 });

    // The next push updates the same copy rows (no re-keying), and the original is untouched.
    h.store.write(() => h.service.worker.outbox.enqueue(courseId));
    await h.service.worker.runPass();
    expect(courseSync(courseId).state).toBe('synced');
    const again = await expectSameTree(h.admin, h.store, courseId, copyId);
    expect(again.lessons.map((l) => l.id).sort()).toEqual(copy.lessons.map((l) => l.id).sort());
    expect(again.course!.title).toBe(copy.course!.title);
    expect((await remoteTree(h.admin, courseId)).lessons.find((l) => l.id === lessonId)).toMatchObject({ content: 'Backend lesson text' });
  });

  it('a course deleted on the backend has no version to keep: the conflict stays and says what to do', async () => {
    const { courseId, before } = await conflicted();
    await asEditor(`DELETE FROM public.courses WHERE id = $1`, [courseId]);
    await expect(h.service.resolveConflict(courseId, 'keep_theirs')).rejects.toThrow(/no longer has this course.*Choose overwrite or publish as a copy/);
    expect(h.store.courses.tree(courseId)).toEqual(before);
    expect(courseSync(courseId).state).toBe('conflict');
  });
});
