// New course from a topic to a finished course: outline options stream in side by side,
// one is picked, edited (rename, reorder, validation), approved, queued with "Generate &
// Queue", watched to completion on the queue, and opened in the course view. The stepwise
// path ("Generate manually") pauses after each step until Continue.
import { expect, test } from '../fixtures';

test.describe('wizard', () => {
  test.use({ fakeLatencyMs: 400 });

  test('topic → streaming options → edit → approve → Generate & Queue → completed course', async ({ app, control, screens }) => {
    await app.goto(`${new URL(app.url()).origin}/#/new`);
    await expect(app.getByRole('heading', { name: 'What should the course teach?' })).toBeVisible();
    await screens.save('wizard-topic');

    // Bad input is explained next to the field, nothing is created.
    await app.getByLabel('Number of projects').fill('12');
    await app.getByRole('button', { name: 'Propose outlines' }).click();
    await expect(app.getByText('Say what the course is about.')).toBeVisible();
    await expect(app.getByText('Choose between 3 and 8 projects.')).toBeVisible();
    expect(await control.db('SELECT id FROM courses')).toHaveLength(0);

    await app.getByLabel('Topic').fill('SQL for analysts');
    await app.getByLabel('Audience').fill('data analysts');
    await app.getByLabel('Number of projects').fill('3');
    // A slower model, so the stream is long enough to watch.
    await control.fake.latency(3_000);
    await app.getByRole('button', { name: 'Propose outlines' }).click();

    // Options stream: the columns fill in (titles, projects) before the final outlines land.
    await expect(app).toHaveURL(/#\/new\/[0-9a-f-]{36}$/);
    await expect(app.getByTestId('outline-option')).toHaveCount(3);
    await expect(app.locator('.option-card.is-streaming .option-project-title').first()).toBeVisible();
    await expect(app.getByRole('button', { name: 'Use this outline' })).toHaveCount(3, { timeout: 20_000 });
    await control.fake.latency(400);
    await screens.save('wizard-options');

    await app.getByRole('button', { name: 'Use this outline' }).nth(1).click();
    await expect(app.getByRole('heading', { name: 'Edit the outline' })).toBeVisible();
    const firstProject = await app.getByLabel('Project 1 title').inputValue();
    const secondProject = await app.getByLabel('Project 2 title').inputValue();

    // Reorder with the keyboard: focus follows the moved project.
    await app.getByRole('button', { name: `Move ${firstProject} down` }).focus();
    await app.keyboard.press('Enter');
    await expect(app.getByLabel('Project 1 title')).toHaveValue(secondProject);
    await expect(app.getByLabel('Project 2 title')).toHaveValue(firstProject);
    await expect(app.getByRole('button', { name: `Move ${firstProject} down` })).toBeFocused();

    // Validation is inline, and blocks approval until fixed.
    await app.getByLabel('Course title').fill('');
    await expect(app.getByText('Give the course a title.')).toBeVisible();
    await expect(app.getByRole('button', { name: 'Approve outline' })).toBeDisabled();
    await app.getByLabel('Course title').fill('SQL, hands-on');
    await app.getByLabel('Project 1, lesson 1 title').fill('Selecting rows');
    await app.getByLabel('Reviewer').fill('Ada');
    await screens.save('wizard-edit');
    await app.getByRole('button', { name: 'Approve outline' }).click();

    await expect(app.getByRole('heading', { name: /How should it be generated/ })).toBeVisible();
    await screens.save('wizard-generate');
    await app.getByRole('button', { name: 'Generate & Queue' }).click();

    await expect(app).toHaveURL(/#\/queue$/);
    await expect(app.getByText('Course queued for generation')).toBeVisible();
    const row = app.locator('.job-row', { hasText: 'SQL, hands-on' });
    await expect(row).toBeVisible();
    await expect(row.getByText('Completed')).toBeVisible({ timeout: 45_000 });
    await expect(app.getByText('Course generated')).toBeVisible();

    // The edits made it into the generated course.
    await row.getByRole('link', { name: 'View course SQL, hands-on' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toContainText('SQL, hands-on');
    await expect(app.getByRole('navigation', { name: 'Course contents' }).getByText(`1. ${secondProject}`)).toBeVisible();
    await app.getByRole('link', { name: /Selecting rows/ }).click();
    await expect(app.locator('#lesson-title')).toHaveText('Selecting rows');
    await expect(app.locator('.markdown')).not.toBeEmpty();
    await expect(app.locator('.task-item').first()).toBeVisible();
    await screens.save('course-view');

    const [course] = await control.db<{ status: string; outline_approved_by: string; title: string }>(
      "SELECT status, outline_approved_by, json_extract(outline_json, '$.title') AS title FROM courses",
    );
    expect(course).toEqual({ status: 'generated', outline_approved_by: 'Ada', title: 'SQL, hands-on' });
  });

  test('Generate manually pauses after each step until Continue', async ({ app, control, screens }) => {
    const course = await control.call('courses.create', { topic: { topic: 'Docker basics', projects: 3 } });
    const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
    await control.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: '' });

    await app.goto(`${new URL(app.url()).origin}/#/new/${course.id}`);
    await app.getByRole('button', { name: 'Generate step by step' }).click();
    await expect(app.getByRole('heading', { name: 'Generating step by step' })).toBeVisible();

    const lessons = app.locator('.step-item', { hasText: 'Lessons' });
    await expect(lessons).toContainText('Ready for review', { timeout: 30_000 });
    await expect(app.locator('.landed-projects li a').first()).toBeVisible();
    expect(await control.db('SELECT id FROM tasks')).toHaveLength(0);
    await screens.save('wizard-stepwise');

    await app.getByRole('button', { name: 'Continue' }).click();
    await expect(app.locator('.step-item', { hasText: 'Tasks' })).toContainText('Ready for review', { timeout: 30_000 });
    expect((await control.db('SELECT id FROM tasks')).length).toBeGreaterThan(0);

    await app.getByRole('button', { name: 'Continue' }).click();
    await expect(app.getByRole('link', { name: 'Open the course' })).toBeVisible({ timeout: 30_000 });
    await expect(app.locator('.step-item.is-done')).toHaveCount(3);
  });
});

test('Generate & Queue can be scheduled for later (e.g. overnight)', async ({ app, control }) => {
  const course = await control.call('courses.create', { topic: { topic: 'Overnight topic', projects: 3 } });
  const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
  await control.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: '' });

  await app.goto(`${new URL(app.url()).origin}/#/new/${course.id}`);
  await app.getByLabel('Start later (e.g. overnight)').check();
  await app.getByLabel('Start at').fill('2020-01-01T22:00');
  await app.getByRole('button', { name: 'Schedule generation' }).click();
  await expect(app.getByText('That time has already passed; pick a later one.')).toBeVisible();
  expect(await control.db('SELECT id FROM jobs')).toHaveLength(0);

  await app.getByLabel('Start at').fill('2099-01-01T22:00');
  await app.getByLabel('Publish automatically when done').check();
  await app.getByRole('button', { name: 'Schedule generation' }).click();
  await expect(app).toHaveURL(/#\/queue$/);
  const row = app.locator('.job-row', { hasText: 'Overnight topic' });
  await expect(row.getByText('Queued')).toBeVisible();
  await expect(row).toContainText(/Scheduled in \d+ days/);
  const [job] = await control.db<{ run_after: number; auto_publish: number; status: string }>('SELECT run_after, auto_publish, status FROM jobs');
  expect(job).toEqual({ run_after: new Date('2099-01-01T22:00').getTime(), auto_publish: 1, status: 'queued' });
});
