// The course editor on a generated course: edit a lesson (title, objectives, Markdown
// with a live preview) and a task, regenerate one task alone, then approve, edit after the
// approval (back to review), approve again, publish and export. And the courses list, which follows a running job without a reload.
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures';
import { jobStatus, seedCourse } from './seed';

test('edit a lesson and a task, regenerate a task, approve, publish, export', async ({ app, control, screens }) => {
  const { courseId } = await seedCourse(control, 'PostgreSQL indexing');
  await control.waitIdle();
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/courses`);
  await app.getByRole('link', { name: /PostgreSQL indexing/ }).first().click();
  await expect(app).toHaveURL(`${origin}/#/courses/${courseId}`);
  await expect(app.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Learning outcomes' })).toBeVisible();

  await app.locator('.tree-lessons a').first().click();
  await app.getByRole('button', { name: 'Edit lesson' }).click();
  await app.getByLabel('Title', { exact: true }).fill('');
  await expect(app.getByText('Give the lesson a title.')).toBeVisible();
  await app.getByLabel('Title', { exact: true }).fill('B-tree basics');
  await app.getByLabel('Objectives').fill('Read a query plan\nPick a column order');
  await app.getByLabel('Content (Markdown)').fill('## Why indexes\n\nAn index is a **sorted** copy. See [the manual](https://www.postgresql.org/docs/).');
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(app.locator('.content-preview strong')).toHaveText('sorted');
  await app.getByRole('button', { name: 'Save lesson' }).click();
  await expect(app.getByText('Lesson saved')).toBeVisible();
  await expect(app.locator('#lesson-title')).toHaveText('B-tree basics');
  await expect(app.getByRole('navigation', { name: 'Course contents' }).getByText('B-tree basics')).toBeVisible();
  await expect(app.locator('.objectives li')).toHaveText(['Read a query plan', 'Pick a column order']);
  await expect(app.locator('.lesson-content .markdown h2')).toHaveText('Why indexes');

  // A quiz needs an answer key; the form says so before saving.
  const task = app.locator('.task-item').first();
  await task.getByRole('button', { name: 'Edit task 1' }).click();
  await task.getByLabel('Kind').selectOption('quiz');
  await task.getByLabel('Answer key').fill('');
  await expect(task.getByText('A quiz question needs an answer key.')).toBeVisible();
  await task.getByLabel('Prompt').fill('Which index type suits range queries?');
  await task.getByLabel('Answer key').fill('A B-tree index.');
  await task.getByRole('button', { name: 'Save task' }).click();
  await expect(task.locator('.task-prompt')).toHaveText('Which index type suits range queries?');
  await expect(task.locator('.badge')).toHaveText('quiz');

  // Regenerating one task is one model request, and keeps the edited lesson and task.
  const modelCalls = async () => (await control.fake.requests()).length;
  const before = await modelCalls();
  const second = app.locator('.task-item').nth(1);
  await second.getByRole('button', { name: 'Regenerate task 2' }).click();
  await expect(second).toContainText('Your edits to this task are replaced');
  await second.getByRole('button', { name: 'Replace task 2' }).click();
  await expect(second.getByRole('button', { name: 'Regenerate task 2' })).toBeEnabled();
  expect(await modelCalls()).toBe(before + 1);
  await expect(app.locator('#lesson-title')).toHaveText('B-tree basics');
  await expect(app.locator('.task-item').first().locator('.task-prompt')).toHaveText('Which index type suits range queries?');
  await screens.save('course-editor');

  // Regenerating a lesson says truthfully what it replaces: not the title.
  await app.getByRole('button', { name: 'Regenerate lesson' }).click();
  await expect(app.locator('.lesson-view')).toContainText('The model rewrites this lesson’s content and objectives; your edits to them are replaced. The title,');
  await app.getByRole('button', { name: 'Keep it' }).click();

  // Only the Settings reviewer name is offered (none here), never the outline's approver.
  await expect(app.getByLabel('Approve as')).toHaveValue('');
  await app.getByLabel('Approve as').fill('Edgar');
  await app.getByRole('button', { name: 'Approve course' }).click();
  await expect(app.getByText('Course approved')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Publish' })).toBeVisible();

  // An edit after approval sends the course back to review: no Publish until approved again.
  await task.getByRole('button', { name: 'Edit task 1' }).click();
  await task.getByLabel('Prompt').fill('Which index type suits range queries, and why?');
  await task.getByRole('button', { name: 'Save task' }).click();
  await expect(app.getByText('Edited after approval — approve again to publish.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  expect((await control.db<{ status: string }>('SELECT status FROM courses WHERE id = ?', [courseId]))[0]?.status).toBe('generated');
  await app.getByRole('button', { name: 'Approve again' }).click();
  await expect(app.getByText('Edited after approval — approve again to publish.')).toHaveCount(0);
  await app.getByRole('button', { name: 'Publish' }).click();
  await expect(app.getByRole('heading', { level: 1 }).getByText('Published')).toBeVisible();

  await app.locator('.export-menu > summary').click();
  const downloadPromise = app.waitForEvent('download');
  await app.getByRole('button', { name: /^Markdown \(\.md\)/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const markdown = readFileSync((await download.path())!, 'utf8');
  expect(markdown).toContain('B-tree basics');
  expect(markdown).toContain('Which index type suits range queries, and why?');

  const [row] = await control.db<{ status: string; course_approved_by: string }>('SELECT status, course_approved_by FROM courses WHERE id = ?', [courseId]);
  expect(row).toEqual({ status: 'published', course_approved_by: 'Edgar' });
});

test('the courses list follows a running job to its end without a reload', async ({ app, control }) => {
  // The lessons calls are held: the job is generating until the test lets them go.
  const lessons = await control.fake.hold('submit_lessons');
  const { courseId, jobId } = await seedCourse(control, 'Kafka streams');
  await expect.poll(() => control.fake.held(lessons)).toBe(3);
  expect(await jobStatus(control, jobId!)).toMatch(/^generating_/);
  await app.goto(`${new URL(app.url()).origin}/#/courses`);
  const row = app.locator('.courses-table tbody tr', { has: app.locator(`a[href="#/courses/${courseId}"]`) });
  await expect(row.locator('.badge').first()).toHaveText('Generating');

  await control.fake.release(lessons);
  await control.waitIdle();
  expect(await jobStatus(control, jobId!)).toBe('completed');
  await expect(row.locator('.badge').first()).toHaveText('Ready for review');
  await expect(row.getByRole('link', { name: /^Job of/ })).toHaveText('Completed');
});

test('a lesson or task being regenerated cannot be edited until the new one lands', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Redis caching');
  await control.waitIdle();
  await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
  await app.locator('.tree-lessons a').first().click();
  // Nothing else runs: the hold keeps the regeneration's call pending until the test lets it go.
  const lesson = await control.fake.hold();

  // An edit saved meanwhile would be overwritten by the regenerated lesson.
  await app.getByRole('button', { name: 'Regenerate lesson' }).click();
  await app.getByRole('button', { name: 'Replace this lesson' }).click();
  const editLesson = app.getByRole('button', { name: 'Edit lesson' });
  await expect.poll(() => control.fake.held(lesson)).toBe(1);
  await expect(editLesson).toBeDisabled();
  await editLesson.click({ force: true });
  await expect(app.getByLabel('Content (Markdown)')).toHaveCount(0);
  await control.fake.release(lesson);
  await expect(app.getByText('Lesson regenerated')).toBeVisible();
  await expect(editLesson).toBeEnabled();

  const task = app.locator('.task-item').first();
  const taskCall = await control.fake.hold();
  await task.getByRole('button', { name: 'Regenerate task 1' }).click();
  await task.getByRole('button', { name: 'Replace task 1' }).click();
  await expect.poll(() => control.fake.held(taskCall)).toBe(1);
  await expect(task.getByRole('button', { name: 'Edit task 1' })).toBeDisabled();
  await task.getByRole('button', { name: 'Edit task 1' }).click({ force: true });
  await expect(task.getByLabel('Prompt')).toHaveCount(0);
  await control.fake.release(taskCall);
  await expect(task.getByRole('button', { name: 'Regenerate task 1' })).toBeEnabled();
  await expect(task.getByRole('button', { name: 'Edit task 1' })).toBeEnabled();
});

test('a lesson opened from the tree is shown from its start, however far the page was scrolled', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Linux shells', { projects: 6 });
  await control.waitIdle();
  await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
  const lessons = app.locator('.tree-lessons a');
  const title = app.locator('#lesson-title');
  const titleInView = () =>
    title.evaluate((el) => {
      const main = document.getElementById('main')!.getBoundingClientRect();
      const { top, bottom } = el.getBoundingClientRect();
      return top >= main.top && bottom <= main.bottom;
    });

  // Read a lesson to its end, then pick the next one in the (sticky) tree.
  await lessons.nth(0).click();
  await expect(title).toBeVisible();
  await app.evaluate(() => document.getElementById('main')!.scrollTo(0, 1e6));
  await lessons.nth(1).click();
  await expect(lessons.nth(1)).toHaveAttribute('aria-current', 'page');
  await expect.poll(titleInView).toBe(true);

  // At the narrowest window the tree is above the lesson, taller than the window.
  await app.setViewportSize({ width: 900, height: 700 });
  // Scrolled just far enough to see the last lesson's link, as a wheel leaves it.
  await lessons.last().evaluate((link: HTMLElement) => {
    link.scrollIntoView({ block: 'end' });
    link.click();
  });
  await expect(lessons.last()).toHaveAttribute('aria-current', 'page');
  await expect.poll(titleInView).toBe(true);
});

test('a title with one very long word wraps inside the page at the narrowest window', async ({ app, control }) => {
  const long = `Kubernetes_${'operators_and_controllers_'.repeat(6)}explained`;
  await control.fake.content({ tool: 'submit_outline', set: { title: long } });
  const { courseId } = await seedCourse(control, 'Kubernetes operators');
  await control.waitIdle();
  await app.setViewportSize({ width: 900, height: 700 });
  const origin = new URL(app.url()).origin;
  // Every box is as wide as its content shown, nothing scrolls sideways or is clipped.
  const overflowing = () =>
    app.evaluate(() =>
      ['#main', '.course-tree', '.tree-project', '.course-overview', '.lesson-view', '#lesson-title']
        .flatMap((selector) => [...document.querySelectorAll<HTMLElement>(selector)].map((el) => ({ selector, el })))
        .filter(({ el }) => el.scrollWidth > el.clientWidth + 1)
        .map(({ selector }) => selector),
    );

  await app.goto(`${origin}/#/courses`);
  await expect(app.locator('.course-link')).toHaveText(long);
  expect(await overflowing()).toEqual([]);
  await app.goto(`${origin}/#/courses/${courseId}`);
  await expect(app.getByRole('heading', { level: 1 })).toContainText(long);
  expect(await overflowing()).toEqual([]);
  await app.locator('.tree-lessons a').first().click();
  await expect(app.locator('#lesson-title')).toBeVisible();
  expect(await overflowing()).toEqual([]);
});

test('unsaved lesson and task edits are still there after picking another lesson and coming back', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Git branching');
  await control.waitIdle();
  await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
  const lessons = app.locator('.tree-lessons a');
  await lessons.nth(0).click();
  await app.getByRole('button', { name: 'Edit lesson' }).click();
  await app.getByLabel('Content (Markdown)').fill('Half a paragraph, not saved yet');
  const task = app.locator('.task-item').nth(1);
  await task.getByRole('button', { name: 'Edit task 2' }).click();
  await task.getByLabel('Prompt').fill('A better prompt, not saved yet');

  await lessons.nth(1).click();
  await expect(app.getByLabel('Content (Markdown)')).toHaveCount(0);
  await app.getByRole('link', { name: 'Overview' }).click();
  await lessons.nth(0).click();
  await expect(app.getByLabel('Content (Markdown)')).toHaveValue('Half a paragraph, not saved yet');
  await expect(task.getByLabel('Prompt')).toHaveValue('A better prompt, not saved yet');
  // Reopened where the person left it, focus stays on the lesson they picked.
  await expect(lessons.nth(0)).toBeFocused();

  // Cancelling drops the draft: the next visit shows the lesson as saved.
  await task.getByRole('button', { name: 'Cancel' }).click();
  await task.getByRole('button', { name: 'Discard your changes?' }).click();
  await app.getByRole('button', { name: 'Save lesson' }).click();
  await expect(app.getByText('Lesson saved')).toBeVisible();
  await lessons.nth(1).click();
  await lessons.nth(0).click();
  await expect(app.locator('.lesson-content .markdown')).toHaveText('Half a paragraph, not saved yet');
  await expect(app.getByLabel('Content (Markdown)')).toHaveCount(0);
  await expect(task.getByLabel('Prompt')).toHaveCount(0);
  await expect(task.locator('.task-prompt')).not.toHaveText('A better prompt, not saved yet');
});
