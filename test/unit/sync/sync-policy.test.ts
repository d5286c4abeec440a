// The pure pieces of sync: back-off timing, how backend answers are classified, the ids of
// a duplicated course, and the session storage over a SecretStore.
import { describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../src/main/secrets';
import { Store } from '../../../src/main/db/store';
import { buildCoursePayload, uuidV5 } from '../../../src/main/sync/course-payload';
import { asSyncError, classifyAuth, classifyPostgrest } from '../../../src/main/sync/errors';
import { secretStorage } from '../../../src/main/sync/supabase-client';
import { backoffDelay } from '../../../src/main/sync/worker';
import { seedGeneratedCourse } from '../../support/sync/seed';

describe('back-off', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };
  it('doubles per attempt between half and all of the step, and stops growing at the cap', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(4, policy, () => 0.5)).toBe(6_000);
    expect(backoffDelay(30, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(30, policy, () => 0)).toBe(30_000);
  });
});

describe('classifying backend answers', () => {
  const fail = (status: number, code = '', message = 'x') => classifyPostgrest('writing courses', { status, error: { code, message } });

  it('network trouble and 5xx are retryable', () => {
    const offline = classifyPostgrest('writing courses', {
      status: 0,
      error: { message: 'TypeError: fetch failed', details: 'TypeError: fetch failed\n\nCaused by: Error: connect ECONNREFUSED (ECONNREFUSED)', code: '' },
    });
    expect(offline).toMatchObject({ kind: 'network', retryable: true });
    expect(offline.message).toBe('The backend could not be reached while writing courses (ECONNREFUSED).');
    expect(fail(503)).toMatchObject({ kind: 'server', retryable: true });
    expect(fail(429)).toMatchObject({ kind: 'server', retryable: true });
  });

  it('401 is a session problem, 403 / 42501 a permission problem, other 4xx refused data', () => {
    expect(fail(401, 'PGRST303', 'JWT expired')).toMatchObject({ kind: 'auth', retryable: false });
    const denied = fail(403, '42501', 'new row violates row-level security policy for table "courses"');
    expect(denied).toMatchObject({ kind: 'permission', retryable: false });
    expect(denied.message).toMatch(/^No permission: .*ask an admin of your organisation\.$/);
    expect(fail(400, '23502', 'null value')).toMatchObject({ kind: 'rejected', retryable: false });
  });

  it('auth errors: wrong password, and network trouble during a refresh', () => {
    expect(classifyAuth('signing in', { name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' }).message).toBe(
      'Email or password is wrong.',
    );
    expect(classifyAuth('refreshing the session', { name: 'AuthRetryableFetchError', status: 0, message: 'fetch failed' }).kind).toBe('network');
    expect(asSyncError(new TypeError('fetch failed'), 'x').kind).toBe('network');
    expect(asSyncError(new Error('boom'), 'x').kind).toBe('rejected');
  });
});

describe('course payload', () => {
  it('uuidV5 matches the RFC 4122 example', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com')
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('keeps local ids for the course itself, and derives stable, distinct ids for a duplicate', () => {
    const store = Store.open(':memory:');
    const id = seedGeneratedCourse(store, 'Elixir', { projects: 2, lessons: 2, tasks: 2 });
    const tree = store.courses.tree(id)!;
    const ctx = { expectedVersion: 4, organizationId: '11111111-1111-4111-8111-111111111111', userId: '22222222-2222-4222-8222-222222222222', pushId: 'p' };
    const same = buildCoursePayload(tree, null, { ...ctx, remoteId: id });
    expect(same.course).toMatchObject({ id, base_version: 4, push_id: 'p' });
    expect(same.lessons.map((l) => l.id)).toEqual(tree.projects.flatMap((p) => p.lessons.map((l) => l.id)));
    expect(same.tasks).toHaveLength(8);
    expect(same.tasks.every((t) => t.course_id === id && t.push_id === 'p')).toBe(true);

    const copyId = '33333333-3333-4333-8333-333333333333';
    const dup1 = buildCoursePayload(tree, null, { ...ctx, remoteId: copyId });
    const dup2 = buildCoursePayload(tree, null, { ...ctx, remoteId: copyId, pushId: 'q' });
    expect(dup1.course).toMatchObject({ id: copyId, title: 'Elixir (copy)' });
    expect(dup1.tasks.map((t) => t.id)).toEqual(dup2.tasks.map((t) => t.id));
    const localIds = new Set([...same.projects, ...same.lessons, ...same.tasks].map((r) => r.id));
    expect([...dup1.projects, ...dup1.lessons, ...dup1.tasks].some((r) => localIds.has(r.id))).toBe(false);
    // Children still point at their (derived) parents.
    const dupLessonIds = new Set(dup1.lessons.map((l) => l.id));
    expect(dup1.tasks.every((t) => dupLessonIds.has(t.lesson_id))).toBe(true);
    store.close();
  });
});

describe('session storage', () => {
  it('keeps supabase-js items in one secret slot and clears the slot when empty', async () => {
    const secrets = createMemorySecretStore();
    const storage = secretStorage(secrets);
    await storage.setItem('course-studio-sync', '{"access_token":"a"}');
    await storage.setItem('course-studio-sync-user', '{"user":{}}');
    expect(await storage.getItem('course-studio-sync')).toBe('{"access_token":"a"}');
    expect(JSON.parse(secrets.get()!)).toHaveProperty('course-studio-sync-user');
    await storage.removeItem('course-studio-sync');
    await storage.removeItem('course-studio-sync-user');
    expect(secrets.get()).toBeNull();
    expect(await storage.getItem('course-studio-sync')).toBeNull();
  });

  it('reads an unreadable slot as empty rather than failing', async () => {
    const storage = secretStorage(createMemorySecretStore('not json'));
    expect(await storage.getItem('course-studio-sync')).toBeNull();
  });
});
