// Publishing reaches the backend: supabase-js over HTTP to the Supabase test server, each
// request inside PostgreSQL under the instructor's JWT. Covers the normal push, a push cut
// at every step (before and after the step committed) and then resumed, and re-publishing
// a changed tree.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveCourse, contentChanged } from '../../../src/main/courses/workflow';
import { expectSameTree, remoteTree, startHarness, type Harness } from '../../support/sync/harness';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const restRequests = () => h.server.requests.filter((r) => r.table !== null);

describe('publishing', () => {
  it('pushes the whole course tree once, as the signed-in author in their organisation', async () => {
    const courseId = h.publishNew({ projects: 3, lessons: 2, tasks: 2 });
    expect(h.service.status().courses).toMatchObject([{ courseId, state: 'pending' }]);

    await h.service.worker.runPass();

    const remote = await expectSameTree(h.admin, h.store, courseId);
    expect(remote.course).toMatchObject({ organization_id: h.organizationId, created_by: h.user.id, status: 'published' });
    expect(remote.tasks.every((t) => t.created_by === h.user.id && t.organization_id === h.organizationId)).toBe(true);
    expect(remote.jobs[0]).toMatchObject({ status: 'completed' });
    const status = h.service.status();
    expect(status.worker).toBe('idle');
    expect(status.counts).toMatchObject({ synced: 1, pending: 0 });
    expect(status.courses[0]).toMatchObject({ courseId, state: 'synced', remoteVersion: remote.course!.version, error: null });
    expect(status.courses[0]!.syncedAt).not.toBeNull();
    expect(h.service.syncLog({ courseId }).map((e) => e.level)).toEqual(['info', 'success']);
  });

  it('pushes nothing when nothing was published', async () => {
    const before = restRequests().length;
    await h.service.worker.runPass();
    expect(restRequests()).toHaveLength(before);
    expect(h.service.status().worker).toBe('idle');
  });

  it('a course published again after local changes replaces its rows: no stale tasks, no copies', async () => {
    const courseId = h.publishNew({ projects: 2, lessons: 2, tasks: 3 });
    await h.service.worker.runPass();
    const lesson = h.store.courses.tree(courseId)!.projects[0]!.lessons[0]!;
    // Regenerated tasks, fewer than before (the one left keeps its row); the backend must end up with exactly these.
    h.store.write(() => {
      h.store.courses.replaceTasks(lesson.id, [{ kind: 'reflection', prompt: 'Only one now', answerKey: null }]);
      h.store.courses.updateLesson(lesson.id, { title: lesson.title, content: 'Rewritten', objectives: [] });
      h.service.worker.outbox.enqueue(courseId);
    });
    await h.service.worker.runPass();
    const remote = await expectSameTree(h.admin, h.store, courseId);
    expect(remote.tasks.filter((t) => t.lesson_id === lesson.id).map((t) => t.prompt)).toEqual(['Only one now']);
    expect(remote.lessons.find((l) => l.id === lesson.id)?.content).toBe('Rewritten');
    expect(h.service.status().courses[0]).toMatchObject({ state: 'synced' });
  });
});

describe('an edit since approval', () => {
  it('a course edited back into review before its queued push is not pushed: the entry is dropped until it is published again', async () => {
    const courseId = h.publishNew({ projects: 1, lessons: 1, tasks: 1 });
    const lesson = h.store.courses.tree(courseId)!.projects[0]!.lessons[0]!;
    h.store.write(() => {
      h.store.courses.updateLesson(lesson.id, { title: lesson.title, content: 'Not approved yet', objectives: [] });
      contentChanged(h.store, courseId);
    });
    expect(h.store.courses.require(courseId).status).toBe('generated');
    await h.service.worker.runPass();
    expect((await remoteTree(h.admin, courseId)).course).toBeFalsy();
    expect(h.service.syncLog({ courseId }).at(-1)).toMatchObject({ message: expect.stringMatching(/edited since its approval/) });

    approveCourse(h.store, courseId, 'Grace');
    h.publish(courseId);
    await h.service.worker.runPass();
    const remote = await expectSameTree(h.admin, h.store, courseId);
    expect(remote.lessons.find((l) => l.id === lesson.id)).toMatchObject({ content: 'Not approved yet' });
  });
});

describe('a push cut at any step', () => {
  it('resumes to exactly one complete copy, whether the step ran or not', async () => {
    // A clean push first, to learn how many requests one push makes.
    await h.service.worker.runPass();
    const baseline = h.publishNew({ projects: 2, lessons: 2, tasks: 2 });
    const before = restRequests().length;
    await h.service.worker.runPass();
    const steps = restRequests().length - before;
    await expectSameTree(h.admin, h.store, baseline);
    expect(steps).toBeGreaterThanOrEqual(8);

    for (const when of ['before', 'after'] as const) {
      for (let step = 1; step <= steps; step++) {
        const courseId = h.publishNew({ projects: 2, lessons: 2, tasks: 2 }, `Cut ${when} step ${step}`);
        h.server.dropConnection({ nth: step, when });
        await h.service.worker.runPass();
        const cut = h.service.status().courses.find((c) => c.courseId === courseId)!;
        expect(cut.state, `${when} step ${step}`).toBe('pending');
        expect(cut.error).toMatch(/could not be reached/);
        expect(h.server.requests.some((r) => r.status === `dropped-${when}`)).toBe(true);

        await h.service.syncNow();
        const resumed = h.service.status().courses.find((c) => c.courseId === courseId)!;
        expect(resumed.state, `${when} step ${step}: ${resumed.error}`).toBe('synced');
        await expectSameTree(h.admin, h.store, courseId);
      }
    }
    // Every course exists once on the backend: nothing was duplicated by the retries.
    const courses = await h.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.courses WHERE organization_id = $1`, [h.organizationId]);
    expect(courses[0]!.n).toBe(1 + 2 * steps);
  }, 60_000);

  it('a 5xx answer leaves the course pending and it syncs on the next try', async () => {
    const courseId = h.publishNew();
    h.server.failNext(1, 503);
    await h.service.worker.runPass();
    expect(h.service.status()).toMatchObject({ worker: 'offline', courses: [{ state: 'pending', attempts: 1 }] });
    expect(h.service.status().courses[0]!.error).toMatch(/HTTP 503/);
    await h.service.syncNow();
    expect(h.service.status().courses[0]).toMatchObject({ state: 'synced' });
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('the running worker retries by itself with back-off until the backend answers', async () => {
    h.service.start();
    h.server.failNext(3, 502);
    const courseId = h.publishNew();
    await expect.poll(() => h.service.status().courses[0]?.state, { timeout: 10_000, interval: 20 }).toBe('synced');
    await expectSameTree(h.admin, h.store, courseId);
    const log = h.service.syncLog({ courseId });
    expect(log.filter((e) => e.level === 'warning')).toHaveLength(3);
    expect(log.at(-1)).toMatchObject({ level: 'success', details: { attempts: 4 } });
  });

  it('a course deleted locally before its push is not pushed', async () => {
    const courseId = h.publishNew();
    h.store.write(() => h.store.courses.delete(courseId));
    await h.service.worker.runPass();
    expect((await remoteTree(h.admin, courseId)).course).toBeNull();
    expect(h.service.status().counts.pending).toBe(0);
  });
});
