// Keyboard focus after actions: a button whose command runs keeps focus (it is aria-disabled,
// not disabled), a control a re-render takes away hands focus to its sensible neighbour (the
// next row's same action, the new Publish, the editor's Title, the opener of a closed panel),
// Escape closes or takes back what is open, and an armed Delete says what it deletes. Every
// action here is a key press on a focused control, as a keyboard user would do it.
import { expect, test } from '../fixtures';
import type { Page } from '@playwright/test';
import { seedCourse } from './seed';

const origin = (app: Page) => new URL(app.url()).origin;

/** Focuses the control and presses Enter on it. */
async function press(locator: ReturnType<Page['locator']>, key = 'Enter') {
  await locator.focus();
  await locator.press(key);
}

test('queue: a row deleted by keyboard hands focus to the next row’s Delete; armed, Delete names its course; Escape disarms', async ({ app, control }) => {
  for (const topic of ['Rust ownership', 'CSS grid', 'Bash scripting']) await seedCourse(control, topic);
  await control.waitIdle();
  await app.goto(`${origin(app)}/#/queue`);
  const rows = app.locator('tr.job-row');
  await expect(rows).toHaveCount(3);
  const ids = await rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.jobId!));
  const row = (id: string) => app.locator(`tr.job-row[data-job-id="${id}"]`);
  const deleteIn = (id: string) => row(id).getByRole('button', { name: /^(Confirm )?delete /i });
  const title = (id: string) => row(id).locator('.job-title').textContent();

  const first = ids[0]!;
  const firstTitle = (await title(first))!;
  await press(deleteIn(first));
  await expect(deleteIn(first)).toHaveAccessibleName(`Confirm delete ${firstTitle}`);
  await expect(deleteIn(first)).toHaveText('Confirm');
  await expect(deleteIn(first)).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(deleteIn(first)).toHaveAccessibleName(`Delete ${firstTitle}`);
  await expect(deleteIn(first)).toBeFocused();
  await expect(rows).toHaveCount(3);

  // Armed again, confirmed: the row goes, focus is on the Delete of the row now in its place.
  await app.keyboard.press('Enter');
  await app.keyboard.press('Enter');
  await expect(row(first)).toHaveCount(0);
  await expect(deleteIn(ids[1]!)).toBeFocused();

  // The last row: focus goes to the row before it.
  await press(deleteIn(ids[2]!));
  await app.keyboard.press('Enter');
  await expect(row(ids[2]!)).toHaveCount(0);
  await expect(deleteIn(ids[1]!)).toBeFocused();

  // The very last job: the table gives way to the empty queue, which takes focus.
  await app.keyboard.press('Enter');
  await app.keyboard.press('Enter');
  await expect(app.getByText('No jobs yet')).toBeVisible();
  await expect(app.locator('.empty-state').getByRole('link', { name: 'New course' })).toBeFocused();
});

test('queue: Pause queue and Apply limits keep focus while and after they run', async ({ app, control }) => {
  await app.goto(`${origin(app)}/#/queue`);
  await press(app.getByRole('button', { name: 'Pause queue' }));
  await expect(app.getByText('The queue is paused: nothing new starts.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Resume queue' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByText('The queue is running.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Pause queue' })).toBeFocused();

  await app.getByLabel('Jobs at once').fill('2');
  const apply = app.getByRole('button', { name: 'Apply limits' });
  await press(apply);
  await expect.poll(async () => (await control.call('jobs.snapshot')).queue.limits.jobs).toBe(2);
  // Nothing left to apply: it reads as disabled, and focus is still on it.
  await expect(apply).toBeDisabled();
  await expect(apply).toBeFocused();
});

test('queue: Escape or ✕ closes the job detail and focus returns to the job that opened it; Escape on an armed Delete only disarms it', async ({ app, control }) => {
  const { jobId } = await seedCourse(control, 'Docker volumes');
  await control.waitIdle();
  await app.goto(`${origin(app)}/#/queue`);
  const opener = app.locator(`tr.job-row[data-job-id="${jobId}"] .job-title`);
  const detail = app.getByTestId('job-detail');

  await press(opener);
  await expect(detail).toBeVisible();
  await app.getByRole('button', { name: 'Close job detail' }).focus();
  await app.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(opener).toBeFocused();

  await app.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await press(app.getByRole('button', { name: 'Close job detail' }));
  await expect(detail).toHaveCount(0);
  await expect(opener).toBeFocused();

  await app.keyboard.press('Enter');
  const title = (await opener.textContent())!;
  const detailDelete = detail.getByRole('button', { name: /^(Confirm )?delete /i });
  await press(detailDelete);
  await expect(detailDelete).toHaveAccessibleName(`Confirm delete ${title}`);
  await app.keyboard.press('Escape');
  await expect(detailDelete).toHaveAccessibleName(`Delete ${title}`);
  await expect(detailDelete).toBeFocused();
  await expect(detail).toBeVisible();
  // A second Escape, nothing armed: the detail closes.
  await app.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(opener).toBeFocused();
});

/** The row shows whole in the table's scroll box, below its sticky header. */
function shownWhole(row: ReturnType<Page['locator']>): Promise<boolean> {
  return row.evaluate((el) => {
    const box = el.closest<HTMLElement>('[data-testid="job-table"]')!;
    const top = el.closest('table')!.querySelector('thead')!.getBoundingClientRect().bottom;
    const bottom = box.getBoundingClientRect().top + box.clientTop + box.clientHeight;
    const rect = el.getBoundingClientRect();
    return rect.top >= top - 0.5 && rect.bottom <= bottom + 0.5;
  });
}

test.describe('a queue longer than the table', () => {
  test.use({ seededJobs: 150 });

  test('queue: closing the detail of a job scrolled out of the table brings its row back into view with focus on its title; a row in view stays put; a job filtered out hands focus to Select all', async ({ app, control }) => {
    // The oldest job is the last row, far below what the table shows at its top.
    const [oldest] = await control.db<{ id: string; status: string }>(`SELECT id, status FROM jobs ORDER BY created_at, id DESC LIMIT 1`);
    const row = app.locator(`tr.job-row[data-job-id="${oldest!.id}"]`);
    const opener = row.locator('.job-title');
    const table = app.getByTestId('job-table');
    const detail = app.getByTestId('job-detail');
    const close = app.getByRole('button', { name: 'Close job detail' });

    // Opened by a link: the table is at its top, the row is not rendered at all.
    await app.goto(`${origin(app)}/#/queue/${oldest!.id}`);
    await app.reload();
    await expect(detail).toBeVisible();
    await expect(app.locator('.queue-reading')).toHaveCount(0, { timeout: 30_000 });
    await expect(app.locator('tr.job-row').first()).toBeVisible();
    await expect(row).toHaveCount(0);
    await press(close);
    await expect(detail).toHaveCount(0);
    await expect(opener).toBeFocused();
    expect(await shownWhole(row)).toBe(true);

    // Opened from its row, then the table scrolled away from it: Escape brings it back.
    await app.keyboard.press('Enter');
    await expect(detail).toBeVisible();
    await table.evaluate((el) => (el.scrollTop = 0));
    await expect(row).toHaveCount(0);
    await close.focus();
    await app.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await expect(opener).toBeFocused();
    expect(await shownWhole(row)).toBe(true);

    // Filtered out while its detail was open: no row to go back to.
    await app.keyboard.press('Enter');
    await expect(detail).toBeVisible();
    await press(app.getByRole('button', { name: oldest!.status === 'completed' ? /^Failed/ : /^Completed/ }));
    await expect(row).toHaveCount(0);
    await press(close);
    await expect(detail).toHaveCount(0);
    await expect(app.getByRole('checkbox', { name: 'Select all shown jobs' })).toBeFocused();

    // A row in view when the detail closes: the table does not move.
    await press(app.getByRole('button', { name: /^All/ }));
    await table.evaluate((el) => (el.scrollTop = 40 * 56));
    const middle = app.locator('tr.job-row[aria-rowindex="44"] .job-title');
    await press(middle);
    await expect(detail).toBeVisible();
    const before = await table.evaluate((el) => el.scrollTop);
    expect(before).toBeGreaterThan(0);
    await close.focus();
    await app.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await expect(middle).toBeFocused();
    expect(await table.evaluate((el) => el.scrollTop)).toBe(before);
  });
});

test('settings: Test connection keeps focus; removing the key moves focus to the field for a new one', async ({ app, control }) => {
  await app.goto(`${origin(app)}/#/settings`);
  // Slow enough that the button is busy for a while.
  await control.fake.latency(300);
  const testButton = app.getByRole('button', { name: /^(Test connection|Testing…)$/ });
  await press(testButton);
  await expect(app.locator('.key-form').getByRole('status').or(app.locator('.key-form').getByRole('alert')).last()).not.toBeEmpty();
  await expect(testButton).toHaveText('Test connection');
  await expect(testButton).toBeFocused();

  await press(app.getByRole('button', { name: 'Remove key' }));
  await app.keyboard.press('Enter');
  await expect(app.getByText('No key yet: generation waits until you add one.')).toBeVisible();
  await expect(app.getByRole('textbox', { name: 'API key', exact: true })).toBeFocused();
});

test('course: the lesson editor takes focus and gives it back, Escape leaves it (asking first with unsaved edits), Regenerate confirms in place', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Python decorators');
  await control.waitIdle();
  await app.goto(`${origin(app)}/#/courses/${courseId}`);
  await app.locator('.tree-lessons a').first().click();
  const edit = app.getByRole('button', { name: 'Edit lesson' });
  const titleField = app.getByLabel('Title', { exact: true });

  await press(edit);
  await expect(titleField).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(titleField).toHaveCount(0);
  await expect(edit).toBeFocused();

  // Unsaved edits: Escape asks on Cancel, a second Escape takes the question back.
  await app.keyboard.press('Enter');
  await expect(titleField).toBeFocused();
  await app.keyboard.type(' (draft)');
  await app.keyboard.press('Escape');
  const discard = app.getByRole('button', { name: 'Discard your changes?' });
  await expect(discard).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('button', { name: 'Cancel', exact: true })).toBeFocused();
  await expect(titleField).toHaveValue(/ \(draft\)$/);
  await app.keyboard.press('Escape');
  await expect(discard).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(titleField).toHaveCount(0);
  await expect(edit).toBeFocused();

  // Saving hands focus back to Edit lesson too.
  await app.keyboard.press('Enter');
  await titleField.fill('Decorators in depth');
  await press(app.getByRole('button', { name: 'Save lesson' }));
  await expect(app.locator('#lesson-title')).toHaveText('Decorators in depth');
  await expect(edit).toBeFocused();

  // Regenerate asks in place: the same button becomes "Replace this lesson"; Escape or
  // Keep it takes the question back.
  const regenerateLesson = app.getByRole('button', { name: 'Regenerate lesson' });
  const replaceLesson = app.getByRole('button', { name: 'Replace this lesson' });
  await press(regenerateLesson);
  await expect(replaceLesson).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(regenerateLesson).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(replaceLesson).toBeFocused();
  await press(app.getByRole('button', { name: 'Keep it' }));
  await expect(regenerateLesson).toBeFocused();

  const task = app.locator('.task-item').first();
  await press(task.getByRole('button', { name: 'Regenerate task 1' }));
  const replace = task.getByRole('button', { name: 'Replace task 1' });
  await expect(replace).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('button', { name: 'Regenerate task 1' })).toBeFocused();
  await press(task.getByRole('button', { name: 'Edit task 1' }));
  await expect(task.getByLabel('Kind')).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(task.getByRole('button', { name: 'Edit task 1' })).toBeFocused();
});

test('course: an export format keeps focus, Approve course hands it to Publish, Publish to the Export menu', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Terraform modules');
  await control.waitIdle();
  await app.goto(`${origin(app)}/#/courses/${courseId}`);
  const exportMenu = app.locator('.export-menu > summary');
  await press(exportMenu);
  const exportMarkdown = app.getByRole('button', { name: /^Markdown \(\.md\)/ });
  const download = app.waitForEvent('download');
  await press(exportMarkdown);
  await download;
  await expect(exportMarkdown).toBeFocused();

  await app.getByLabel('Approve as').fill('Edgar');
  await press(app.getByRole('button', { name: 'Approve course' }));
  const publish = app.getByRole('button', { name: 'Publish' });
  await expect(publish).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1 }).getByText('Published')).toBeVisible();
  await expect(exportMenu).toBeFocused();
});

test('batch: Reject and Approve by keyboard hand focus to the next row’s same button; the last Reopen to the course back in review', async ({ app, control }) => {
  const topics = ['Go channels', 'Vue routing', 'Elixir processes'];
  const ids: string[] = [];
  for (const topic of topics) {
    const course = await control.call('courses.create', { topic: { topic, projects: 3 } });
    await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    ids.push(course.id);
  }
  await app.goto(`${origin(app)}/#/batch`);
  const review = app.locator('.review-rows > li');
  await expect(review).toHaveCount(3);
  const rowOf = (id: string) => app.locator(`.review-rows > li[data-course-id="${id}"]`);
  const order = await review.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.courseId!));
  const [a, b, c] = order as [string, string, string];
  const topicOf = (id: string) => topics[ids.indexOf(id)]!;
  await app.getByLabel('Approve as').fill('Grace');

  await press(rowOf(a).getByRole('button', { name: `Reject ${topicOf(a)}`, exact: true }));
  await expect(rowOf(a).getByRole('button', { name: `Reject ${topicOf(a)}?` })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(rowOf(a)).toHaveCount(0);
  await expect(rowOf(b).getByRole('button', { name: `Reject ${topicOf(b)}`, exact: true })).toBeFocused();

  await press(rowOf(b).getByRole('button', { name: `Approve ${topicOf(b)}` }));
  await expect(rowOf(b)).toContainText('Approved · waiting to be queued');
  await expect(rowOf(c).getByRole('button', { name: `Approve ${topicOf(c)}` })).toBeFocused();

  const rejected = app.locator('.review-rejected');
  await press(rejected.getByRole('button', { name: `Reopen ${topicOf(a)}` }));
  await expect(rejected).toHaveCount(0);
  await expect(rowOf(a).getByRole('button', { name: 'Options' })).toBeFocused();
});

test('wizard: Generate step by step hands focus to the job’s first action, and Cancel to the Retry that replaces it', async ({ app, control }) => {
  const course = await control.call('courses.create', { topic: { topic: 'Keyboard-only course', projects: 3 } });
  const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
  await control.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: '' });
  // Held calls: the job is still writing lessons when Cancel is pressed.
  await control.fake.hold('submit_lessons');
  await app.goto(`${origin(app)}/#/new/${course.id}`);

  await press(app.getByRole('button', { name: 'Generate step by step' }));
  const cancel = app.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Step-by-step generation cancelled' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Retry' })).toBeFocused();
});
