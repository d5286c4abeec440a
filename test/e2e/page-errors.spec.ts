// A page that fails stays inside the shell: its code not fetched (the app's files gone or
// the core stopped) or an error while rendering it shows what went wrong, the nav and
// tracker keep working, and Try again renders the page once the cause is gone. The page
// fixture fails any test with an uncaught error, so none of this may escape to the window.
import { WS_PATH, type BridgeMessage, type BridgeRequest } from '../support/bridge/protocol';
import { expect, test } from './fixtures';

test('a page whose code cannot be fetched says so; the nav still works, and Try again opens the page', async ({ app, screens }) => {
  let blocked = true;
  await app.route(/\/CoursesPage-[^/]*\.js(?:\?.*)?$/, (route) => (blocked ? route.abort('connectionrefused') : route.continue()));
  const nav = app.getByRole('navigation', { name: 'Main' });
  const failure = app.getByTestId('page-error');
  const coursesHeading = app.getByRole('heading', { level: 1, name: 'Courses' });

  await nav.getByRole('link', { name: 'Courses' }).click();
  await expect(failure).toContainText('This page could not be loaded');
  await expect(failure).toContainText('Try again; if it keeps failing, restart Course Studio.');
  await expect(nav.getByRole('link', { name: 'Courses' })).toHaveAttribute('aria-current', 'page');
  await screens.save('page-error');

  // The rest of the app is unaffected: another page opens, and the way back to the queue works.
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(failure).toHaveCount(0);
  await nav.getByRole('link', { name: 'Courses' }).click();
  await expect(failure).toBeVisible();
  await failure.getByRole('link', { name: 'Back to the queue' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await nav.getByRole('link', { name: 'Courses' }).click();
  await expect(failure).toBeVisible();

  blocked = false;
  await failure.getByRole('button', { name: 'Try again' }).click();
  await expect(coursesHeading).toBeVisible();
  await expect(failure).toHaveCount(0);
});

test('an error while rendering a page is shown in its place, the nav still works, and Try again renders it', async ({ app }) => {
  // While `broken`, the sync log arrives with an entry whose message is not text: the Sync
  // page throws while rendering it. The page asks for the log again each time it mounts.
  let broken = true;
  await app.routeWebSocket(
    (url) => url.pathname === WS_PATH,
    (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const request = JSON.parse(String(message)) as BridgeRequest;
        if (!broken || request.command !== 'sync.log') return server.send(message);
        const entry = { id: 1, courseId: null, timestamp: new Date().toISOString(), level: 'info', message: { not: 'text' }, details: null };
        const reply: BridgeMessage = { type: 'response', id: request.id, result: { ok: true, value: [entry] } };
        ws.send(JSON.stringify(reply));
      });
    },
  );
  await app.reload();
  const nav = app.getByRole('navigation', { name: 'Main' });
  const failure = app.getByTestId('page-error');

  await nav.getByRole('link', { name: 'Sync' }).click();
  await expect(failure).toContainText('This page stopped working');
  await expect(failure).toContainText('Something went wrong while showing this page. Try again, or go back to the queue.');
  await nav.getByRole('link', { name: 'Queue' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await nav.getByRole('link', { name: 'Sync' }).click();
  await expect(failure).toBeVisible();

  broken = false;
  await failure.getByRole('button', { name: 'Try again' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
  await expect(app.getByText('Nothing has happened yet.')).toBeVisible();
  await expect(failure).toHaveCount(0);
});
