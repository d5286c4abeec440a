// What the queue shows when the provider is the trouble, driven through the real core: an
// outage (the fake answers 529 to everything until the breaker opens; the faults hold that
// state until the test clears them), a job waiting for its automatic retry (retry delays of
// 10 min, so the wait is there until the test presses Retry now), and the morning report
// a finished run leaves on the queue page.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

const HOLD_SENTENCE = /^Claude API overloaded — waiting, (next try at \d\d:\d\d|a probe request is out) \(outage so far (under a minute|\d+ min)\)$/;

test.describe('an outage', () => {
  // The breaker probes after 1 s instead of 15 s, so the queue goes again soon after the faults stop.
  test.use({ breakerProbeMs: 1_000 });

  test('shows the hold sentence on the queue page and in the tracker, then the run’s report', async ({ app, control, screens }) => {
    const { courseId } = await seedCourse(control, 'Outage course', { projects: 3, enqueue: false });
    await control.fake.faultRates({ overloaded: 1 });
    const job = await control.call('jobs.enqueue', { courseId, autoPublish: false });
    await app.goto(`${new URL(app.url()).origin}/#/queue`);

    const waiting = app.getByTestId('queue-waiting');
    await expect(waiting).toHaveText(HOLD_SENTENCE, { timeout: 30_000 });
    await expect(waiting).toHaveAttribute('role', 'status');
    await expect(app.getByTestId('tracker')).toHaveAttribute('aria-label', /Claude API overloaded — waiting/);
    // The job waits through the outage instead of failing: it spends none of its retries on it.
    const row = app.locator(`.job-row[data-job-id="${job.id}"]`);
    await expect(row.locator('.cell-status')).toContainText('Generating lessons');
    await screens.save('queue-outage');
    // The narrowest window: the sentence and the limits wrap, nothing is cut off.
    await app.setViewportSize({ width: 900, height: 640 });
    await expect(waiting).toBeVisible();
    await screens.save('queue-outage-900');
    await app.setViewportSize({ width: 1280, height: 800 });

    await control.fake.faultRates({});
    await expect(waiting).toHaveCount(0, { timeout: 30_000 });
    await expect(row.locator('.cell-status')).toContainText('Completed', { timeout: 60_000 });

    const report = app.getByTestId('run-report');
    await expect(report.getByRole('heading', { name: /^Last run/ })).toBeVisible();
    await expect(report.getByTestId('run-report-figures')).toHaveText(
      /^1 completed, 0 failed, 0 automatic retries, waited (under a minute|\d+ min) on the Claude API and 0 min on the network, 0 × 429, [\d.]+k? tokens, \$\d+\.\d\d$/,
    );
    // What it spent waiting: the outage, as the runner measured it.
    await expect(report.getByTestId('run-report-figures')).not.toContainText('waited 0 min on the Claude API');
    await screens.save('queue-run-report');

    // Dismissed, it stays gone (also after a reload), and focus moves on to the filters.
    await report.getByRole('button', { name: "Dismiss the last run's report" }).click();
    await expect(report).toHaveCount(0);
    await expect(app.getByRole('button', { name: /^All/ })).toBeFocused();
    await app.reload();
    await expect(row).toBeVisible();
    await expect(app.getByTestId('run-report')).toHaveCount(0);
  });
});

test.describe('an automatic retry', () => {
  test.use({ autoRetryDelaysMs: [600_000] });

  test('a job that failed on a passing error waits for its retry, and Retry now runs it', async ({ app, control }) => {
    const { courseId } = await seedCourse(control, 'Retry course', { projects: 3, enqueue: false });
    // Every attempt of the course summary comes back out of shape: the job fails at its last step, transiently.
    await control.fake.fault({ kind: 'malformed_tool_input', tool: 'submit_course_summary', times: 4 });
    const job = await control.call('jobs.enqueue', { courseId, autoPublish: false });
    await app.goto(`${new URL(app.url()).origin}/#/queue`);

    const row = app.locator(`.job-row[data-job-id="${job.id}"]`);
    const label = row.getByTestId('auto-retry');
    await expect(label).toHaveText(/^Retry 1 of 3 at \d\d:\d\d$/, { timeout: 30_000 });
    const [stored] = await control.db<{ run_after: number; auto_retries: number; retry_reason: string }>('SELECT run_after, auto_retries, retry_reason FROM jobs WHERE id = ?', [job.id]);
    expect(stored).toMatchObject({ auto_retries: 1 });
    // The time is the browser's clock reading of the stored start.
    const hhmm = await app.evaluate((ms) => {
      const d = new Date(ms);
      return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    }, stored!.run_after);
    await expect(label).toHaveText(`Retry 1 of 3 at ${hhmm}`);
    await expect(label).toHaveAttribute('title', /retrying by itself/);
    await expect(row.locator('.job-secondary')).toContainText('retrying by itself');
    await expect(row.locator('.cell-status')).toContainText('Queued');

    // It counts as queued, and its detail says why it waits.
    await app.getByRole('button', { name: /^Queued/ }).click();
    await expect(row).toBeVisible();
    await row.locator('.job-title').click();
    const detail = app.getByTestId('job-detail');
    await expect(detail.getByTestId('auto-retry-detail')).toContainText(`Retry 1 of 3 at ${hhmm}`);
    await expect(detail.getByTestId('auto-retry-detail')).toContainText(stored!.retry_reason.slice(0, 40));
    await detail.getByRole('button', { name: 'Close job detail' }).click();

    await row.getByRole('button', { name: /^Retry .* now$/ }).click();
    await expect(app.getByRole('button', { name: /^All/ })).toBeVisible();
    await app.getByRole('button', { name: /^All/ }).click();
    await expect(row.locator('.cell-status')).toContainText('Completed', { timeout: 60_000 });
    await expect(row.getByTestId('auto-retry')).toHaveCount(0);
    const [after] = await control.db<{ auto_retries: number; retry_count: number }>('SELECT auto_retries, retry_count FROM jobs WHERE id = ?', [job.id]);
    expect(after).toMatchObject({ auto_retries: 0, retry_count: 1 });

    // The run's report counts the automatic retry it scheduled.
    await expect(app.getByTestId('run-report-figures')).toHaveText(/^1 completed, 0 failed, 1 automatic retry, /);
  });
});
