// The whole sync path for integration tests: a local store with published courses, the
// real SyncService (supabase-js over HTTP) pointed at the Supabase test server, which runs
// every request in the live test PostgreSQL under the signed-in user's JWT. Each harness
// gets its own organisation and users, so tests can share the database.
import { expect, inject } from 'vitest';
import { publishCourse } from '../../../src/main/courses/workflow';
import { Store } from '../../../src/main/db/store';
import { createMemorySecretStore, type SecretStore } from '../../../src/main/secrets';
import { SyncService } from '../../../src/main/sync/service';
import { Admin, type TestUser } from '../postgres/fixtures';
import { startSupabaseTestServer, type SupabaseTestServer } from '../postgrest/server';
import { seedGeneratedCourse, type TreeShape } from './seed';

export interface HarnessOptions {
  accessTokenTtlSec?: number;
  role?: 'member' | 'admin';
  /** Fast back-off so retry tests take milliseconds. */
  retry?: { baseMs: number; capMs: number };
  /** What supabase-js sends goes through this (to act between two requests of a push). */
  fetch?: typeof fetch;
}

export interface Harness {
  admin: Admin;
  server: SupabaseTestServer;
  store: Store;
  secrets: SecretStore;
  service: SyncService;
  user: TestUser;
  organizationId: string;
  changes: string[][];
  /** A generated, approved course with a job summary; not yet published. */
  seedCourse(shape?: TreeShape, title?: string): string;
  publish(courseId: string): void;
  /** seedCourse + publish. */
  publishNew(shape?: TreeShape, title?: string): string;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const admin = new Admin(inject('postgresUrl'));
  const server = await startSupabaseTestServer({ databaseUrl: inject('postgresUrl'), accessTokenTtlSec: options.accessTokenTtlSec ?? 3600 });
  const organizationId = await admin.organization('Sync');
  const user = await admin.user('instructor');
  await admin.member(organizationId, user.id, options.role ?? 'member');
  const store = Store.open(':memory:');
  const secrets = createMemorySecretStore();
  const changes: string[][] = [];
  const service = new SyncService({
    store,
    secrets,
    retry: options.retry ?? { baseMs: 10, capMs: 40 },
    pollMs: 60_000,
    // Generous: a timed-out request is retried, which would muddle the tests' request counts under load.
    requestTimeoutMs: 15_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onChange: (ids) => changes.push(ids),
  });
  service.configure({ url: server.url, anonKey: server.anonKey });
  await service.signIn(user.email, user.password);
  let counter = 0;
  const harness: Harness = {
    admin,
    server,
    store,
    secrets,
    service,
    user,
    organizationId,
    changes,
    seedCourse: (shape, title) => seedGeneratedCourse(store, title ?? `Course ${++counter}`, shape),
    publish: (courseId) => void publishCourse(store, courseId, service.publish),
    publishNew: (shape, title) => {
      const id = harness.seedCourse(shape, title);
      harness.publish(id);
      return id;
    },
    async close() {
      await service.stop();
      store.close();
      await server.close();
      await admin.close();
    },
  };
  return harness;
}

export interface RemoteTree {
  course: Record<string, unknown> | null;
  projects: Record<string, unknown>[];
  lessons: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  jobs: Record<string, unknown>[];
}

/** The backend's copy of one course, read as the superuser (bypassing RLS). */
export async function remoteTree(admin: Admin, courseId: string): Promise<RemoteTree> {
  const [course] = await admin.query(`SELECT * FROM public.courses WHERE id = $1`, [courseId]);
  return {
    course: course ?? null,
    projects: await admin.query(`SELECT * FROM public.projects WHERE course_id = $1 ORDER BY position`, [courseId]),
    lessons: await admin.query(`SELECT * FROM public.lessons WHERE course_id = $1 ORDER BY id`, [courseId]),
    tasks: await admin.query(`SELECT * FROM public.tasks WHERE course_id = $1 ORDER BY id`, [courseId]),
    jobs: await admin.query(`SELECT * FROM public.generation_jobs WHERE course_id = $1`, [courseId]),
  };
}

/** Asserts that the backend holds exactly the local tree's rows, once each, with the push closed. */
export async function expectSameTree(admin: Admin, store: Store, courseId: string, remoteId = courseId): Promise<RemoteTree> {
  const local = store.courses.tree(courseId)!;
  const remote = await remoteTree(admin, remoteId);
  expect(remote.course, 'remote course row').not.toBeNull();
  expect(remote.course!.push_open, 'push closed').toBe(false);
  const lessons = local.projects.flatMap((p) => p.lessons);
  const tasks = lessons.flatMap((l) => l.tasks);
  expect(remote.projects.map((p) => p.title)).toEqual(local.projects.map((p) => p.title));
  expect(remote.lessons).toHaveLength(lessons.length);
  expect(remote.tasks).toHaveLength(tasks.length);
  if (remoteId === courseId) {
    expect(remote.projects.map((p) => p.id).sort()).toEqual(local.projects.map((p) => p.id).sort());
    expect(remote.lessons.map((l) => l.id).sort()).toEqual(lessons.map((l) => l.id).sort());
    expect(remote.tasks.map((t) => t.id).sort()).toEqual(tasks.map((t) => t.id).sort());
    expect(remote.lessons.map((l) => l.content).sort()).toEqual(lessons.map((l) => l.content).sort());
  }
  expect(remote.jobs).toHaveLength(1);
  return remote;
}
