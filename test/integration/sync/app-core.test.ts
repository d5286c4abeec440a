// Sync inside the real app core, driven only through the IPC commands: configure, sign in,
// generate with auto-publish (the runner's publish hook) and with a reviewer's publish,
// and watch both arrive on the backend.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { Admin, type TestUser } from '../../support/postgres/fixtures';
import { startSupabaseTestServer, type SupabaseTestServer } from '../../support/postgrest/server';
import { expectSameTree } from '../../support/sync/harness';
import { seedGeneratedCourse } from '../../support/sync/seed';
import { approvedCourse, startHarness, waitFor, type Harness } from '../ipc/core-harness';

let h: Harness;
let server: SupabaseTestServer;
let admin: Admin;
let user: TestUser;
let organizationId: string;

beforeEach(async () => {
  admin = new Admin(inject('postgresUrl'));
  server = await startSupabaseTestServer({ databaseUrl: inject('postgresUrl') });
  organizationId = await admin.organization('Core');
  user = await admin.user('author');
  await admin.member(organizationId, user.id);
  h = await startHarness({ core: { sync: { retry: { baseMs: 20, capMs: 100 }, pollMs: 200 } } });
});

afterEach(async () => {
  await h.close();
  await server.close();
  await admin.close();
});

const courseState = async (courseId: string) => (await h.call('sync.status')).courses.find((c) => c.courseId === courseId)?.state;

describe('sync commands', () => {
  it('is off until configured, and the app works without it', async () => {
    expect(await h.call('sync.getConfig')).toBeNull();
    const status = await h.call('sync.status');
    expect(status).toMatchObject({ configured: false, worker: 'off', account: null, counts: { pending: 0 } });
    const refused = await h.dispatch('sync.now');
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not configured/) } });
  });

  it('rejects a bad configuration with a clear message', async () => {
    const bad = await h.dispatch('sync.configure', { url: 'ftp://example.com', anonKey: server.anonKey });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'url', message: expect.stringMatching(/project URL/) }] } });
    const shortKey = await h.dispatch('sync.configure', { url: server.url, anonKey: 'abc' });
    expect(shortKey).toMatchObject({ ok: false, error: { issues: [{ path: 'anonKey', message: expect.stringMatching(/anon \(public\) key/) }] } });
  });

  it('configure, sign in; an auto-published job and a reviewer-published course both reach the backend', async () => {
    const configured = await h.call('sync.configure', { url: `${server.url}/`, anonKey: server.anonKey });
    expect(configured).toMatchObject({ configured: true, url: server.url, worker: 'needs_sign_in' });
    expect(await h.call('sync.getConfig')).toEqual({ url: server.url, anonKey: server.anonKey, organizationId: null });
    const wrong = await h.dispatch('sync.signIn', { email: user.email, password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { message: 'Email or password is wrong.' } });
    const signedIn = await h.call('sync.signIn', { email: user.email, password: user.password });
    expect(signedIn).toMatchObject({ account: { userId: user.id, email: user.email }, organization: { id: organizationId, role: 'member' } });

    // Auto-publish: the runner's completing transaction publishes through the outbox.
    const auto = await approvedCourse(h, 'Auto-published course');
    await h.call('jobs.enqueue', { courseId: auto.id, autoPublish: true });
    await expect.poll(() => courseState(auto.id), { timeout: 15_000, interval: 50 }).toBe('synced');
    await expectSameTree(admin, h.core.store, auto.id);

    // A reviewer's approval, then publish.
    const manual = await approvedCourse(h, 'Reviewed course');
    await h.call('jobs.enqueue', { courseId: manual.id });
    await waitFor(() => h.core.store.courses.get(manual.id)?.status === 'generated', 15_000, 'generated');
    await h.call('courses.approve', { courseId: manual.id, by: 'Reviewer' });
    await h.call('courses.publish', { courseId: manual.id });
    expect(await courseState(manual.id)).toBeDefined();
    await expect.poll(() => courseState(manual.id), { timeout: 15_000, interval: 50 }).toBe('synced');
    await expectSameTree(admin, h.core.store, manual.id);

    expect(h.events['sync.changed'].some((e) => e.courseIds.includes(manual.id))).toBe(true);
    const log = await h.call('sync.log', { courseId: manual.id });
    expect(log.map((e) => e.level)).toEqual(['info', 'success']);
    expect((await h.call('sync.log')).length).toBeGreaterThan(log.length);
  });

  it('an edit to a published course waits for a new approval, or with the setting on is queued and reaches the backend; an unpublished course is left alone', async () => {
    await h.call('sync.configure', { url: server.url, anonKey: server.anonKey });
    await h.call('sync.signIn', { email: user.email, password: user.password });
    const course = await approvedCourse(h, 'Edited after publishing');
    await h.call('jobs.enqueue', { courseId: course.id, autoPublish: true });
    await expect.poll(() => courseState(course.id), { timeout: 15_000, interval: 50 }).toBe('synced');

    const lesson = h.core.store.courses.tree(course.id)!.projects[0]!.lessons[0]!;
    // By default an edited published course waits for a new approval and is not pushed.
    await h.call('lessons.update', { lessonId: lesson.id, title: lesson.title, content: '# Held for approval', objectives: lesson.objectives });
    expect((await h.call('courses.get', { courseId: course.id })).status).toBe('generated');
    await h.core.sync.worker.runPass();
    expect((await admin.query('select content from lessons where id = $1', [lesson.id]))[0]?.content).not.toBe('# Held for approval');
    await h.call('courses.approve', { courseId: course.id, by: 'Grace', note: '' });
    await h.call('courses.publish', { courseId: course.id });
    await expect.poll(async () => (await admin.query('select content from lessons where id = $1', [lesson.id]))[0]?.content, { timeout: 15_000 }).toBe('# Held for approval');
    // With the setting on, an edit is pushed at once.
    await h.call('settings.update', { republishEditedWithoutApproval: true });
    await h.call('lessons.update', { lessonId: lesson.id, title: lesson.title, content: '# Corrected after publishing', objectives: lesson.objectives });
    await expect.poll(() => courseState(course.id), { timeout: 15_000, interval: 50 }).toBe('synced');
    await expect.poll(async () => (await admin.query('select content from lessons where id = $1', [lesson.id]))[0]?.content, { timeout: 15_000 }).toBe(
      '# Corrected after publishing',
    );
    await expectSameTree(admin, h.core.store, course.id);
    expect((await h.call('sync.log', { courseId: course.id })).some((e) => /Edited after publishing/.test(e.message))).toBe(true);

    const draft = await approvedCourse(h, 'Not published');
    await h.call('jobs.enqueue', { courseId: draft.id });
    await waitFor(() => h.core.store.courses.get(draft.id)?.status === 'generated', 15_000, 'generated');
    const draftLesson = h.core.store.courses.tree(draft.id)!.projects[0]!.lessons[0]!;
    await h.call('lessons.update', { lessonId: draftLesson.id, title: draftLesson.title, content: '# Local only', objectives: draftLesson.objectives });
    expect(await courseState(draft.id)).toBeUndefined();
  });

  it('resolving a course that has no conflict is a conflict error; an unknown course is not found', async () => {
    await h.call('sync.configure', { url: server.url, anonKey: server.anonKey });
    const course = await h.call('courses.create', { topic: { topic: 'Nothing to resolve' } });
    expect(await h.dispatch('sync.resolveConflict', { courseId: course.id, resolution: 'overwrite' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'This course has no sync conflict to resolve.' },
    });
    expect(await h.dispatch('sync.resolveConflict', { courseId: '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab', resolution: 'overwrite' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('keep theirs through the command: the course reads as the backend’s version, and open views are told it changed', async () => {
    await h.call('sync.configure', { url: server.url, anonKey: server.anonKey });
    await h.call('sync.signIn', { email: user.email, password: user.password });
    const courseId = seedGeneratedCourse(h.core.store, 'Kept from the backend', { projects: 1, lessons: 1, tasks: 1 });
    await h.call('courses.publish', { courseId });
    await expect.poll(() => courseState(courseId), { timeout: 15_000, interval: 50 }).toBe('synced');
    const lessonId = h.core.store.courses.tree(courseId)!.projects[0]!.lessons[0]!.id;
    const editor = await admin.user('editor');
    await admin.member(organizationId, editor.id, 'admin');
    await admin.as(editor.id, (c) => c.query(`UPDATE public.lessons SET content = 'Their words' WHERE id = $1`, [lessonId]), true);
    // An edit here, published again (as the course editor does through the outbox).
    const store = h.core.store;
    store.write(() => {
      store.courses.updateLesson(lessonId, { title: 'Mine', content: 'My words', objectives: [] });
      h.core.sync.worker.outbox.enqueue(courseId);
    });
    h.core.sync.worker.kick();
    await expect.poll(() => courseState(courseId), { timeout: 15_000, interval: 50 }).toBe('conflict');

    h.events['course.changed'].length = 0;
    const status = await h.call('sync.resolveConflict', { courseId, resolution: 'keep_theirs' });
    expect(status.courses.find((c) => c.courseId === courseId)).toMatchObject({ state: 'synced' });
    const tree = await h.call('courses.get', { courseId });
    expect(tree.projects[0]!.lessons[0]).toMatchObject({ content: 'Their words', title: expect.not.stringMatching(/^Mine$/) });
    expect(h.events['course.changed']).toContainEqual({ courseId });
  });

  it('signing out forgets the session; configuring another project asks for a new sign-in', async () => {
    await h.call('sync.configure', { url: server.url, anonKey: server.anonKey });
    await h.call('sync.signIn', { email: user.email, password: user.password });
    const out = await h.call('sync.signOut');
    expect(out).toMatchObject({ account: null, organization: null, worker: 'needs_sign_in' });
    await h.call('sync.signIn', { email: user.email, password: user.password });
    const moved = await h.call('sync.configure', { url: 'https://other.example.com', anonKey: server.anonKey });
    expect(moved).toMatchObject({ account: null, organization: null });
  });
});
