// Publishing to the organisation's backend, clicked through in Chromium: the bridge runs the
// real app core, whose sync worker talks supabase-js to the Supabase test server, which
// runs each request in a throwaway PostgreSQL under the signed-in user's JWT.
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import type { BridgeControl } from '../support/bridge/control-client';
import { WS_PATH, type BridgeMessage, type BridgeRequest } from '../support/bridge/protocol';
import { startTestPostgres, type TestPostgres } from '../support/postgres/cluster';
import { Admin, type TestUser } from '../support/postgres/fixtures';
import { startSupabaseTestServer, type SupabaseTestServer } from '../support/postgrest/server';
import { seedCourse } from './flows/seed';

interface Backend {
  postgres: TestPostgres;
  server: SupabaseTestServer;
  admin: Admin;
  user: TestUser;
  organizationId: string;
}

// One PostgreSQL and one backend for the file: the tests run in order in one worker.
const test = base.extend<object, { backend: Backend }>({
  backend: [
    // Playwright reads a fixture's dependencies from this destructuring; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const postgres = await startTestPostgres();
      const server = await startSupabaseTestServer({ databaseUrl: postgres.url });
      const admin = new Admin(postgres.url);
      const organizationId = await admin.organization('Academy');
      const user = await admin.user('instructor');
      await admin.member(organizationId, user.id);
      await use({ postgres, server, admin, user, organizationId });
      await admin.close();
      await server.close();
      await postgres.stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});
test.describe.configure({ mode: 'serial' });

/** A generated course, approved and ready to publish. */
async function approvedCourse(control: BridgeControl, topic: string): Promise<string> {
  const { courseId } = await seedCourse(control, topic);
  await control.waitIdle();
  await control.call('courses.approve', { courseId, by: 'Reviewer', note: '' });
  return courseId;
}

/** Marks the window, so a test can tell it was never reloaded: a reload drops the mark. */
const markWindow = (page: Page) => page.evaluate(() => void ((window as { notReloaded?: boolean }).notReloaded = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded === true);

/**
 * Answers the page's sync.status requests with a failure while `refuse.on`, through the
 * bridge's WebSocket (counting them in `refuse.count`); every other message passes through.
 * Applies to sockets opened after it: reload the page.
 */
async function refuseSyncStatus(page: Page): Promise<{ on: boolean; count: number }> {
  const refuse = { on: true, count: 0 };
  await page.routeWebSocket(
    (url) => url.pathname === WS_PATH,
    (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const request = JSON.parse(String(message)) as BridgeRequest;
        if (request.command !== 'sync.status' || !refuse.on) return server.send(message);
        refuse.count++;
        const response: BridgeMessage = { type: 'response', id: request.id, result: { ok: false, error: { code: 'failed', message: 'The database is busy.' } } };
        ws.send(JSON.stringify(response));
      });
    },
  );
  return refuse;
}

const remoteCourse = async (backend: Backend, courseId: string) =>
  (await backend.admin.query<{ title: string; version: number; push_open: boolean }>(`SELECT title, version, push_open FROM public.courses WHERE id = $1`, [courseId]))[0];

// These two need no backend: the `backend` fixture (and its PostgreSQL) starts only for the tests that ask for it.
test('with sync off, a publish shows as pending on the course, the Sync page and the queue without a reload', async ({ app, control }) => {
  const courseId = await approvedCourse(control, 'Published with sync off');
  const origin = new URL(app.url()).origin;
  const nav = app.getByRole('navigation', { name: 'Main' });
  await markWindow(app);
  await nav.getByRole('link', { name: 'Sync' }).click();
  await expect(app.getByTestId('sync-summary')).toContainText('Sync is off');
  await expect(app.getByText('Nothing published yet')).toBeVisible();

  await app.goto(`${origin}/#/courses/${courseId}`);
  await app.getByRole('button', { name: 'Publish' }).click();
  await expect(app.getByTestId('course-sync').locator('[data-sync-state="pending"]')).toContainText('Sync pending');

  await nav.getByRole('link', { name: 'Sync' }).click();
  await expect(app.locator(`.sync-table tr[data-course-id="${courseId}"] [data-sync-state="pending"]`)).toBeVisible();
  await expect(app.getByText('Nothing published yet')).toHaveCount(0);
  await expect(app.getByTestId('sync-log')).toContainText('Published; queued to sync to the backend');

  await nav.getByRole('link', { name: 'Queue' }).click();
  await expect(app.locator('.job-row', { hasText: 'Published with sync off' }).locator('[data-sync-state="pending"]')).toHaveText('Pending');
  expect(await stillMarked(app)).toBe(true);
});

test('the Sync page says when the sync status cannot be loaded, and Try again loads it', async ({ app, screens }) => {
  const refuse = await refuseSyncStatus(app);
  await app.goto(`${new URL(app.url()).origin}/#/sync`);
  await app.reload();
  const error = app.getByRole('alert').filter({ hasText: 'The sync status could not be loaded' });
  await expect(error).toContainText('The database is busy.');
  await expect(app.getByText('Loading sync status…')).toHaveCount(0);
  await screens.save('sync-status-error');

  // Still failing: Try again asks again and shows the error again, not a spinner for good.
  const refused = refuse.count;
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(() => refuse.count).toBe(refused + 1);
  await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();

  refuse.on = false;
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(app.getByTestId('sync-summary')).toContainText('Sync is off');
  await expect(error).toHaveCount(0);
});

test('configure sync, sign in, publish a course and see it synced', async ({ app, control, backend, screens }) => {
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/settings`);
  const section = app.locator('.sync-section');
  await expect(section.getByTestId('sync-status')).toContainText('Sync is off');

  await section.getByLabel('Project URL').fill('not a url');
  await section.getByLabel('Anon (public) key').fill(backend.server.anonKey);
  await section.getByRole('button', { name: 'Turn on sync' }).click();
  await expect(section.getByText('Enter the project URL, like https://abcd.supabase.co')).toBeVisible();

  await section.getByLabel('Project URL').fill(backend.server.url);
  await section.getByRole('button', { name: 'Turn on sync' }).click();
  await expect(section.getByTestId('sync-status')).toContainText('Sign in needed');

  await section.getByLabel('Email').fill(backend.user.email);
  await section.getByLabel('Password').fill('wrong password');
  await section.getByRole('button', { name: 'Sign in' }).click();
  await expect(section.getByRole('alert')).toHaveText('Email or password is wrong.');
  await section.getByLabel('Password').fill(backend.user.password);
  await section.getByRole('button', { name: 'Sign in' }).click();
  await expect(section.getByText(`Signed in as ${backend.user.email}`)).toBeVisible();
  await expect(section.getByTestId('sync-status')).toContainText('Up to date');
  await screens.save('sync-settings');

  const courseId = await approvedCourse(control, 'Publishing with Rust');
  await app.goto(`${origin}/#/courses/${courseId}`);
  await app.getByRole('button', { name: 'Publish' }).click();
  const panel = app.getByTestId('course-sync');
  await expect(panel.locator('[data-sync-state="synced"]')).toBeVisible({ timeout: 15_000 });
  await expect(panel).toContainText(/Synced (just now|in a moment)/);
  expect(await remoteCourse(backend, courseId)).toMatchObject({ title: expect.any(String), push_open: false });
  await screens.save('course-synced');

  await app.goto(`${origin}/#/queue`);
  const row = app.locator('.job-row', { hasText: 'Publishing with Rust' });
  await expect(row.locator('[data-sync-state="synced"]')).toBeVisible();
  await screens.save('queue-sync-column');

  await app.goto(`${origin}/#/sync`);
  await expect(app.getByTestId('sync-log')).toContainText('Synced (backend version');
  await screens.save('sync-page');
});

test('cut the backend: a published course waits as pending, then syncs when the backend is back', async ({ app, control, backend, screens }) => {
  await control.call('sync.configure', { url: backend.server.url, anonKey: backend.server.anonKey });
  await control.call('sync.signIn', { email: backend.user.email, password: backend.user.password });
  const courseId = await approvedCourse(control, 'Offline publishing');
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/courses/${courseId}`);

  backend.server.setOffline(true);
  await app.getByRole('button', { name: 'Publish' }).click();
  const panel = app.getByTestId('course-sync');
  await expect(panel.locator('[data-sync-state="pending"]')).toBeVisible({ timeout: 15_000 });
  await expect(panel).toContainText('could not be reached', { timeout: 15_000 });
  expect(await remoteCourse(backend, courseId)).toBeUndefined();
  await screens.save('course-sync-pending');

  backend.server.setOffline(false);
  await expect(panel.locator('[data-sync-state="synced"]')).toBeVisible({ timeout: 20_000 });
  expect(await remoteCourse(backend, courseId)).toMatchObject({ push_open: false });
  const [entry] = await control.db<{ state: string; attempts: number }>(`SELECT state, attempts FROM sync_outbox WHERE course_id = ?`, [courseId]);
  expect(entry!.state).toBe('done');
  expect(entry!.attempts).toBeGreaterThan(1);
});

test('a conflict resolved with keep theirs: the course shows the backend’s version', async ({ app, control, backend, screens }) => {
  await control.call('sync.configure', { url: backend.server.url, anonKey: backend.server.anonKey });
  await control.call('sync.signIn', { email: backend.user.email, password: backend.user.password });
  const courseId = await approvedCourse(control, 'Edited by a colleague');
  const tree = await control.call('courses.get', { courseId });
  const lesson = tree.projects[0]!.lessons[0]!;

  // The backend already holds this course, with a colleague's wording of its first lesson
  // (as if published from another copy of the database and edited on the web since).
  const colleague = await backend.admin.user('colleague');
  await backend.admin.member(backend.organizationId, colleague.id, 'admin');
  const owned = [backend.organizationId, colleague.id];
  const q = (sql: string, params: unknown[]) => backend.admin.query(sql, params);
  await q(`INSERT INTO public.courses (id, organization_id, created_by, title, description, status, topic, outline, summary) VALUES ($1, $2, $3, $4, $5, 'published', $6, $7, $8)`, [
    courseId,
    ...owned,
    tree.outline!.title,
    tree.outline!.description,
    JSON.stringify(tree.topic),
    JSON.stringify(tree.outline),
    JSON.stringify(tree.summary),
  ]);
  for (const p of tree.projects) {
    await q(`INSERT INTO public.projects (id, course_id, organization_id, created_by, position, title, description) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      p.id,
      courseId,
      ...owned,
      p.position,
      p.title,
      p.description,
    ]);
    for (const l of p.lessons) {
      const content = l.id === lesson.id ? 'Their wording of this lesson, from the web editor.' : l.content;
      await q(
        `INSERT INTO public.lessons (id, project_id, course_id, organization_id, created_by, position, title, content, objectives) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [l.id, p.id, courseId, ...owned, l.position, l.title, content, JSON.stringify(l.objectives)],
      );
      for (const t of l.tasks) {
        await q(
          `INSERT INTO public.tasks (id, lesson_id, course_id, organization_id, created_by, position, kind, prompt, answer_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [t.id, l.id, courseId, ...owned, t.position, t.kind, t.prompt, t.answerKey],
        );
      }
    }
  }
  const theirVersion = (await remoteCourse(backend, courseId))!.version;

  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/courses/${courseId}?lesson=${lesson.id}`);
  await app.getByRole('button', { name: 'Publish' }).click();
  const panel = app.getByTestId('course-sync');
  await expect(panel.locator('[data-sync-state="conflict"]')).toBeVisible({ timeout: 15_000 });
  await expect(panel).toContainText('changed on the backend');
  const lessonView = app.locator('.lesson-view');
  await expect(lessonView).not.toContainText('Their wording');
  await screens.save('sync-conflict');

  await panel.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(panel.locator('[data-sync-state="synced"]')).toBeVisible();
  await expect(panel).toContainText(`Replaced with the backend’s version ${theirVersion}.`);
  // The open lesson reloads with their text; nothing was pushed over theirs.
  await expect(lessonView).toContainText('Their wording of this lesson, from the web editor.');
  expect(await remoteCourse(backend, courseId)).toMatchObject({ version: theirVersion, push_open: false });
  const [local] = await control.db<{ content: string }>(`SELECT content FROM lessons WHERE id = ?`, [lesson.id]);
  expect(local!.content).toBe('Their wording of this lesson, from the web editor.');
  await screens.save('sync-kept-theirs');
});
