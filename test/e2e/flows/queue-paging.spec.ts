// A long-used install: the queue shows its first rows from a small first page, reads the
// older jobs page by page behind them, and ends holding every job, in order, with counts.
// Jobs queued elsewhere (the CLI, another window) are read by id, with their title and,
// once they finish, their cost — without re-reading the whole queue.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

const JOBS = 1_250;
test.use({ seededJobs: JOBS });

test('reads a 1,250-job queue page by page and keeps it live', async ({ app, control }) => {
  const origin = new URL(app.url()).origin;
  const snapshots: string[] = [];
  app.on('websocket', (ws) =>
    ws.on('framesent', (frame) => {
      const text = String(frame.payload);
      if (text.includes('"command":"jobs.snapshot"')) snapshots.push(text);
    }),
  );
  await app.goto(`${origin}/#/queue`);
  await app.reload();
  await expect(app.locator('.job-row').first()).toBeVisible();
  const table = app.locator('[data-testid="job-table"] table');
  await expect(app.locator('.queue-reading')).toHaveCount(0, { timeout: 30_000 });
  await expect(table).toHaveAttribute('aria-rowcount', String(JOBS + 1));

  // The first request asked for one page, the rest continued it; none asked for everything.
  const inputs = snapshots.map((s) => (JSON.parse(s) as { input?: { limit?: number; after?: unknown } }).input);
  expect(inputs[0]).toEqual({ limit: 100 });
  expect(inputs.slice(1).every((i) => i?.limit !== undefined && i.after !== undefined)).toBe(true);
  expect(inputs).toHaveLength(3);

  // Counts appear once every job is in, and match the database.
  const [{ n: failed }] = (await control.db<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE status = 'failed'`)) as [{ n: number }];
  await expect(app.getByRole('button', { name: /^All/ })).toContainText(String(JOBS));
  await expect(app.getByRole('button', { name: /^Failed/ })).toContainText(String(failed));

  // The oldest job, from the last page, is the last row.
  const [oldest] = await control.db<{ title: string }>(
    `SELECT json_extract(c.outline_json, '$.title') AS title FROM jobs j JOIN courses c ON c.id = j.course_id ORDER BY j.created_at, j.id DESC LIMIT 1`,
  );
  await app.locator('[data-testid="job-table"]').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(app.locator('.job-row').last()).toContainText(oldest!.title);

  // A link to the oldest job opens its detail at once on a fresh load (read by id if its page is not in yet).
  const [oldestJob] = await control.db<{ id: string }>(`SELECT id FROM jobs ORDER BY created_at, id DESC LIMIT 1`);
  await app.goto(`${origin}/#/queue/${oldestJob!.id}`);
  await app.reload();
  await expect(app.getByTestId('job-detail').getByRole('heading', { level: 2 })).toHaveText(oldest!.title);
  await app.goto(`${origin}/#/queue`);
  await expect(app.locator('.queue-reading')).toHaveCount(0, { timeout: 30_000 });

  // Queued elsewhere: the row appears with its title, then its cost once it completes.
  snapshots.length = 0;
  const { jobId } = await seedCourse(control, 'Queued from the command line');
  const row = app.locator(`tr[data-job-id="${jobId}"]`);
  await app.locator('[data-testid="job-table"]').evaluate((el) => (el.scrollTop = 0));
  await expect(row).toContainText('Queued from the command line');
  await control.waitIdle();
  await expect(row).toContainText('Completed');
  await expect(row.locator('.cell-cost')).not.toContainText('$0.00');
  await expect(table).toHaveAttribute('aria-rowcount', String(JOBS + 2));
  // Only that job was read: by id, never the whole queue again.
  const reads = snapshots.map((s) => (JSON.parse(s) as { input?: { ids?: string[] } }).input);
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.every((i) => i?.ids?.length === 1 && i.ids[0] === jobId)).toBe(true);
});
