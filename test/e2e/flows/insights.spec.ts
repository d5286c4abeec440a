// Insights over a seeded history (300 jobs over 10 days) plus one job that really fails
// here (the key is rejected while writing lessons, so the runner stores the cause
// "permission/credit"): the page draws its four charts, its numbers are the ones main
// computes, and a failure cause links to the queue narrowed to exactly those jobs.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test.use({ seededInsights: 300 });

test('Insights shows the charts for a seeded database, and a failure cause opens the filtered queue', async ({ app, control, screens }) => {
  await control.fake.fault({ kind: 'auth', tool: 'submit_lessons' });
  const failed = await seedCourse(control, 'A course whose key is refused');
  await control.waitIdle();
  const [row] = await control.db<{ status: string; failure_cause: string }>('SELECT status, failure_cause FROM jobs WHERE id = ?', [failed.jobId]);
  expect(row).toEqual({ status: 'failed', failure_cause: 'permission_credit' });

  const expected = await control.call('insights.get', { period: '7d', tzOffsetMinutes: 0 });
  const permission = expected.failures.byCause.find((c) => c.cause === 'permission_credit')!.count;
  expect(permission).toBeGreaterThan(1);

  const origin = new URL(app.url()).origin;
  await app.setViewportSize({ width: 900, height: 900 });
  await app.goto(`${origin}/#/insights`);
  await expect(app.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');

  await expect(app.getByTestId('tile-jobs')).toContainText(String(expected.jobs.queued));
  await expect(app.getByTestId('tile-jobs')).toContainText(`${expected.jobs.completed} completed · ${expected.jobs.failed} failed · ${expected.jobs.cancelled} cancelled`);
  for (const id of ['chart-cost', 'chart-outcomes', 'chart-durations', 'chart-failures']) {
    const chart = app.getByTestId(id);
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
    // Readable at 900 px: the chart fits its card.
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.x + box.width).toBeLessThanOrEqual(900);
  }
  // One bar per day with a cost in the period (7 days reach 8 calendar days at most).
  const bars = await app.getByTestId('chart-cost').locator('.recharts-bar-rectangle').count();
  expect(bars).toBe(expected.daily.filter((d) => d.costUsd > 0).length);

  // The numbers on hover, over the tallest bar: today's may be a sliver under the axis line just after midnight.
  const costs = expected.daily.filter((d) => d.costUsd > 0).map((d) => d.costUsd);
  await app.getByTestId('chart-cost').locator('.recharts-bar-rectangle').nth(costs.indexOf(Math.max(...costs))).hover();
  await expect(app.getByTestId('chart-cost').locator('.recharts-tooltip-wrapper')).toContainText('Cost');

  // The numbers in the tables below: a row per day with the figures' columns, and the total.
  const usage = app.getByTestId('insights-usage');
  const columns = ['Calls', 'Input', 'Output', 'Cache read', 'Cache write', 'Cache share', 'Cost'];
  await expect(usage.getByRole('table').first().getByRole('columnheader')).toHaveText(['Day', ...columns]);
  await expect(usage.getByRole('table').nth(1).getByRole('columnheader')).toHaveText(['Model', ...columns]);
  await expect(usage.getByRole('table').first().getByRole('row')).toHaveCount(1 + expected.usage.byDay.length + 1);

  // The failed job's notice would cover a chart in the screenshot.
  await app.getByRole('button', { name: /^Dismiss: / }).first().click();
  await screens.save('insights');

  const link = app.getByTestId('insights-causes').getByRole('link', { name: 'Key, permission or credit' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(app).toHaveURL(new RegExp(`#/queue\\?status=failed&cause=permission_credit&since=`));
  await expect(app.getByTestId('queue-cause-filter')).toContainText('Cause: Key, permission or credit');
  const rows = app.locator('.job-row');
  await expect(rows).toHaveCount(permission);
  await expect(rows.filter({ hasText: 'A course whose key is refused' })).toHaveCount(1);

  await app.getByRole('button', { name: 'Show all causes' }).click();
  await expect(app).toHaveURL(`${origin}/#/queue?status=failed`);
  await expect(app.getByTestId('queue-cause-filter')).toHaveCount(0);
  // Every failed job again, of any cause and time (the table shows the rows in view).
  await expect.poll(() => rows.count()).toBeGreaterThan(permission);
});
