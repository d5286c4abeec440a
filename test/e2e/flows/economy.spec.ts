// Economy mode, the cost estimate and the budget in the app (issue 14): the estimate before
// Generate & Queue and before Queue all approved (standard vs economy, range, basis), the
// economy choice (the job carries it and shows an Economy badge; batch review queues one
// group), and Settings' economy default and budget caps (saved, read back after a reload,
// bad amounts refused with a message).
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

const ECONOMY = /^Economy \(Message Batches, ~50 % cheaper, results within 24 h — usually under an hour\)$/;

/** The expected dollars a price box shows ("$1.23"; "<$0.01" reads as 0.005). */
async function expectedUsd(box: Locator): Promise<number> {
  const text = (await box.locator('.estimate-expected').textContent()) ?? '';
  if (text === '<$0.01') return 0.005;
  const match = /^\$(\d+\.\d\d)$/.exec(text);
  expect(match, `an amount in dollars, not "${text}"`).not.toBeNull();
  return Number(match![1]);
}

/** Checks an estimate on screen: tokens and calls, both prices with their ranges, economy cheaper, and its basis. */
async function checkEstimate(estimate: Locator): Promise<{ standard: number; economy: number }> {
  await expect(estimate.getByTestId('estimate-tokens')).toHaveText(/^~\d+ model calls, ~[\d.]+k? tokens( \([\d.]+k?–[\d.]+k?\))?: ~[\d.]+k? in, ~[\d.]+k? out$/);
  const standardBox = estimate.getByTestId('estimate-standard');
  const economyBox = estimate.getByTestId('estimate-economy');
  await expect(standardBox.locator('.estimate-range')).toHaveText(/^(<)?\$\d+\.\d\d(–\$\d+\.\d\d)?$/);
  await expect(economyBox.locator('.estimate-range')).toHaveText(/^(<)?\$\d+\.\d\d(–\$\d+\.\d\d)?$/);
  await expect(economyBox.locator('.estimate-saving')).toHaveText(/^saves ~\d+ %$/);
  // No history in a fresh database: the estimate says it is rough.
  await expect(estimate.getByTestId('estimate-basis')).toContainText(/no history yet|based on \d+ past course/i);
  const standard = await expectedUsd(standardBox);
  const economy = await expectedUsd(economyBox);
  expect(standard).toBeGreaterThan(0);
  expect(economy).toBeLessThan(standard);
  return { standard, economy };
}

test('the wizard shows the estimate before generating, and Generate & Queue in economy mode queues an economy job', async ({ app, control, screens }) => {
  const { courseId } = await seedCourse(control, 'Economy wizard course', { projects: 3, enqueue: false });
  const api = await control.call('estimate.courses', { courseIds: [courseId] });
  await app.goto(`${new URL(app.url()).origin}/#/new/${courseId}`);

  const estimate = app.getByTestId('cost-estimate');
  await expect(estimate.getByRole('heading', { name: 'Estimated cost of this course' })).toBeVisible();
  const shown = await checkEstimate(estimate);
  // The figures are main's, as it computed them.
  expect(shown.standard).toBeCloseTo(api.standardUsd.expected, 2);
  expect(shown.economy).toBeCloseTo(api.economyUsd.expected, 2);
  await expect(estimate.getByTestId('estimate-basis')).toContainText(new RegExp(api.basis.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));

  // Economy is offered with Generate & Queue, off by default (the Settings default), and not with step by step.
  const economy = app.getByRole('checkbox', { name: ECONOMY });
  await expect(economy).not.toBeChecked();
  await expect(estimate.getByTestId('estimate-standard')).toContainText('Standard (chosen)');
  await expect(app.getByTestId('stepwise-standard-note')).toHaveText(/standard prices/);
  await economy.check();
  await expect(estimate.getByTestId('estimate-economy')).toContainText('Economy (chosen)');
  await screens.save('wizard-generate-estimate');

  // Nothing runs yet that the test does not let go: the job's calls stay where they are.
  await control.fake.hold();
  await app.getByRole('button', { name: 'Generate & Queue' }).click();
  await expect(app).toHaveURL(/#\/queue$/);
  const [job] = await control.db<{ id: string; economy: number }>('SELECT id, economy FROM jobs WHERE course_id = ?', [courseId]);
  expect(job).toMatchObject({ economy: 1 });
  const row = app.locator(`.job-row[data-job-id="${job!.id}"]`);
  await expect(row.locator('.badge-economy')).toHaveText('Economy');
  await row.locator('.job-title').click();
  await expect(app.getByTestId('job-detail').locator('.job-facts')).toContainText(/Options\s*economy · manual publish/);
  await control.fake.release();
});

test('step by step stays at standard prices even when economy is the default', async ({ app, control }) => {
  await control.call('settings.update', { defaultEconomy: true });
  const { courseId } = await seedCourse(control, 'Stepwise standard course', { projects: 3, enqueue: false });
  await app.goto(`${new URL(app.url()).origin}/#/new/${courseId}`);
  // The page read the settings when it loaded, before they changed.
  await app.reload();
  // The Settings default preselects economy for Generate & Queue…
  await expect(app.getByRole('checkbox', { name: ECONOMY })).toBeChecked();
  await expect(app.getByTestId('cost-estimate').getByTestId('estimate-economy')).toContainText('Economy (chosen)');
  await control.fake.hold();
  // …and step by step still runs at standard prices.
  await app.getByRole('button', { name: 'Generate step by step' }).click();
  await expect.poll(async () => (await control.db<{ economy: number; stepwise: number }>('SELECT economy, stepwise FROM jobs WHERE course_id = ?', [courseId]))[0]).toEqual({ economy: 0, stepwise: 1 });
  await control.fake.release();
});

test('batch review shows the estimate of all approved courses and queues them together, in economy mode', async ({ app, control, screens }) => {
  const a = await seedCourse(control, 'Batch economy one', { projects: 3, enqueue: false });
  const b = await seedCourse(control, 'Batch economy two', { projects: 4, enqueue: false });
  const api = await control.call('estimate.courses', { courseIds: [a.courseId, b.courseId] });
  expect(api.courses).toBe(2);
  await control.call('settings.update', { budget: { dailyUsd: null, batchUsd: 0.01 } });
  await app.goto(`${new URL(app.url()).origin}/#/batch`);
  // The page read the settings when it loaded, before the budget was set.
  await app.reload();

  const estimate = app.getByTestId('cost-estimate');
  await expect(estimate.getByRole('heading', { name: 'Estimated cost of the 2 approved courses' })).toBeVisible();
  const shown = await checkEstimate(estimate);
  expect(shown.standard).toBeCloseTo(api.standardUsd.expected, 2);
  // A batch budget below the expected cost is pointed out before anything is queued.
  await expect(estimate.getByRole('note')).toContainText('more than the batch budget of $0.01 set in Settings');
  await expect(app.getByText('Batch budget: $0.01 (Settings).', { exact: false })).toBeVisible();

  const economy = app.getByRole('checkbox', { name: ECONOMY });
  await expect(economy).not.toBeChecked();
  await economy.check();
  await screens.save('batch-review-estimate');

  await control.fake.hold();
  await app.getByRole('button', { name: 'Queue all approved (2)' }).click();
  await expect(app.getByText('2 courses queued for generation in economy mode')).toBeVisible();
  const jobs = await control.db<{ economy: number; queue_group: string | null }>('SELECT economy, queue_group FROM jobs ORDER BY created_at');
  expect(jobs).toHaveLength(2);
  expect(jobs.map((j) => j.economy)).toEqual([1, 1]);
  // One group for the courses queued together: the batch budget counts them together.
  expect(jobs[0]!.queue_group).toMatch(/^[0-9a-f-]{36}$/);
  expect(jobs[1]!.queue_group).toBe(jobs[0]!.queue_group);
  // Nothing approved is left, so there is nothing to estimate.
  await expect(app.getByTestId('cost-estimate')).toHaveCount(0);
  // The queue's job detail names the jobs queued with it and what they cost together.
  const [first] = await control.db<{ id: string }>('SELECT id FROM jobs ORDER BY created_at LIMIT 1');
  await app.goto(`${new URL(app.url()).origin}/#/queue/${first!.id}`);
  await expect(app.getByTestId('job-detail').getByTestId('job-group-totals')).toHaveText(/^Queued with 1 other: (<)?\$\d+\.\d\d in all/);
  await control.fake.release();
});

test('Settings: economy by default and the budget caps save, read back after a reload, and bad amounts are refused with a message', async ({ app, control, screens }) => {
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/settings`);
  const section = app.locator('section', { has: app.getByRole('heading', { name: 'Economy and budget' }) });
  const byDefault = section.getByRole('checkbox', { name: 'Queue new jobs in economy mode by default' });
  const daily = section.getByLabel('Daily cap ($)');
  const perBatch = section.getByLabel('Per-batch cap ($)');
  const save = section.getByRole('button', { name: 'Save economy and budget' });
  await expect(byDefault).not.toBeChecked();
  await expect(daily).toHaveValue('');
  await expect(perBatch).toHaveValue('');

  // Bad amounts: a message next to each field, the first one focused, nothing saved.
  await byDefault.check();
  await daily.fill('0');
  await perBatch.fill('ten dollars');
  await save.click();
  await expect(section.getByText('A budget must be more than $0 (leave it empty for no cap).')).toBeVisible();
  await expect(section.getByText('Enter an amount in dollars, e.g. 20 or 7.50, or leave it empty for no cap.')).toBeVisible();
  await expect(daily).toHaveAttribute('aria-invalid', 'true');
  await expect(perBatch).toHaveAttribute('aria-invalid', 'true');
  await expect(daily).toBeFocused();
  await screens.save('settings-budget-invalid');
  let stored = await control.call('settings.get');
  expect(stored.defaultEconomy).toBe(false);
  expect(stored.budget).toEqual({ dailyUsd: null, batchUsd: null });

  await daily.fill('$20');
  await perBatch.fill('7.50');
  await expect(daily).not.toHaveAttribute('aria-invalid', 'true');
  await save.click();
  await expect(app.getByText('Economy and budget saved')).toBeVisible();
  stored = await control.call('settings.get');
  expect(stored.defaultEconomy).toBe(true);
  expect(stored.budget).toEqual({ dailyUsd: 20, batchUsd: 7.5 });

  // Read back from main after a reload.
  await app.reload();
  await expect(byDefault).toBeChecked();
  await expect(daily).toHaveValue('20');
  await expect(perBatch).toHaveValue('7.5');

  // An empty field is no cap.
  await perBatch.fill('');
  await save.click();
  await expect.poll(async () => (await control.call('settings.get')).budget).toEqual({ dailyUsd: 20, batchUsd: null });

  // Main checks too: a value the form would not send is refused there with its message.
  const refused = await control.dispatch('settings.update', { budget: { dailyUsd: -1, batchUsd: null } });
  expect(refused.ok).toBe(false);
});

test('a daily budget reached pauses the queue with the reason beside Resume, and Resume lets the job finish', async ({ app, control, screens }) => {
  // The seeded outline already spent more than a cent today: the job's first call would go over.
  await control.call('settings.update', { budget: { dailyUsd: 0.01, batchUsd: null } });
  const { jobId } = await seedCourse(control, 'Budget course', { projects: 3 });
  await app.goto(`${new URL(app.url()).origin}/#/queue`);

  const waiting = app.getByTestId('queue-waiting');
  await expect(waiting).toHaveText(/^Daily budget of \$0\.01 reached: \$\d+\.\d\d spent; resume or raise the budget$/);
  await expect(waiting).toHaveAttribute('role', 'status');
  await expect(app.getByText('The queue is paused: nothing new starts.')).toBeVisible();
  const resume = app.getByRole('button', { name: 'Resume queue' });
  await expect(resume).toBeVisible();
  await screens.save('queue-budget-paused');
  // Nothing was lost: the job waits, it did not fail.
  const row = app.locator(`.job-row[data-job-id="${jobId}"]`);
  await expect(row.locator('.cell-status')).not.toContainText('Failed');

  await resume.click();
  await expect(waiting).toHaveCount(0);
  await expect(row.locator('.cell-status')).toContainText('Completed', { timeout: 60_000 });
});

test('an economy job goes through the Message Batches API: the batches view lists its batches, the job says where its units wait, and it completes with its saving', async ({ app, control, screens }) => {
  const { courseId } = await seedCourse(control, 'Economy batch course', { projects: 3, enqueue: false });
  // The first batch is created on the fake but its id is held back (the app knows only its
  // intent), and once the app has the id, reading its results is held before the first line.
  await control.fake.holdBatch('created');
  await control.fake.holdBatch('results', { afterLines: 0 });
  const job = await control.call('jobs.enqueue', { courseId, autoPublish: false, economy: true });
  await app.goto(`${new URL(app.url()).origin}/#/queue`);
  expect(await control.fake.untilBatchHeld('created')).toBe(true);
  const [created] = await control.fake.batches();
  expect(created).toBeDefined();

  const view = app.getByTestId('economy-batches');
  await expect(view.getByRole('button', { name: /Economy batches/ })).toHaveAttribute('aria-expanded', 'true');
  const batchRow = view.getByTestId('economy-batch-row');
  await expect(batchRow).toHaveCount(1);
  await expect(batchRow.locator('td').nth(0)).toHaveText('not yet created');
  await expect(batchRow.locator('td').nth(1)).toHaveText(String(created!.requests));
  await expect(batchRow.locator('td').nth(2)).toHaveText('Being submitted');
  const row = app.locator(`.job-row[data-job-id="${job.id}"]`);
  await expect(row.locator('.badge-economy')).toHaveText('Economy');
  await expect(row.locator('.job-secondary')).toHaveText('Waiting in an economy batch');
  await row.locator('.job-title').click();
  const detail = app.getByTestId('job-detail');
  await expect(detail.getByTestId('batch-wait')).toContainText(`Waiting in an economy batch being submitted (${created!.requests} requests)`);
  await detail.getByRole('button', { name: 'Close job detail' }).click();

  // The id comes back; the batch ends on the API; its results are held before the first line.
  await control.fake.releaseBatch('created');
  expect(await control.fake.untilBatchHeld('results')).toBe(true);
  await expect(batchRow.locator('td').nth(0)).toHaveText(created!.id);
  await expect(batchRow.locator('td').nth(2)).toHaveText(/^Ended/);
  await expect(batchRow.locator('td').nth(3)).toHaveText(`${created!.requests} succeeded`);
  await expect(batchRow.locator('td').nth(4)).toHaveText(/ago|just now/);
  await screens.save('queue-economy-batches');
  await row.locator('.job-title').click();
  await expect(detail.getByTestId('batch-wait')).toContainText(`Waiting in economy batch ${created!.id} (${created!.requests} requests)`);
  await detail.getByRole('button', { name: 'Close job detail' }).click();

  // Everything goes on: the lessons' answers are stored, then the tasks' and the summary's batches.
  await control.fake.releaseBatch();
  await expect(row.locator('.cell-status')).toContainText('Completed', { timeout: 60_000 });
  await expect(row.locator('.cell-cost')).toContainText(/\(saved (<)?\$\d+\.\d\d\)/);
  await expect.poll(async () => (await control.fake.batches()).length).toBeGreaterThanOrEqual(3);
  const batches = await control.fake.batches();
  await expect(batchRow).toHaveCount(batches.length);
  for (const b of batches) await expect(view.locator('tr', { hasText: b.id }).locator('td').nth(2)).toHaveText('Done');
  await row.locator('.job-title').click();
  await expect(detail.getByTestId('batch-wait')).toHaveCount(0);
  await expect(detail.locator('.job-facts')).toContainText(/\(saved (<)?\$\d+\.\d\d\)/);
  // Queued alone: no line about jobs queued with it.
  await expect(detail.getByTestId('job-group-totals')).toHaveCount(0);

  // The course page says what the course cost (its outline options at standard prices
  // included) and what economy saved, from the same ledger as main's totals.
  const { spend } = await control.call('courses.get', { courseId });
  expect(spend.savedUsd).toBeGreaterThan(0);
  expect(spend.savedUsd).toBeLessThan(spend.costUsd);
  await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
  await expect(app.getByTestId('course-spend')).toHaveText(/^Cost \$\d+\.\d\d \(saved (<)?\$\d+\.\d\d with economy\)$/);
  await screens.save('course-economy-spend');
});
