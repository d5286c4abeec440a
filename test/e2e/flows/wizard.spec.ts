// New course from a topic to a finished course: outline options stream in side by side,
// one is picked, edited (rename, reorder, validation), approved, queued with "Generate &
// Queue", watched to completion on the queue, and opened in the course view. The stepwise
// path ("Generate manually") pauses after each step until Continue, says Paused (not ready for
// review) when paused from the queue mid-step, and a cancelled one can be retried. Unsaved
// outline edits survive leaving the page; regenerating the options asks before dropping them.
import { expect, test } from '../fixtures';
import { jobStatus, pageCommandsReached } from './seed';

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
    // The fake stops each option's stream halfway until the test lets it go on.
    const outlines = await control.fake.hold('submit_outline', { midStream: true });
    await app.getByRole('button', { name: 'Propose outlines' }).click();

    // Options stream: the columns fill in (titles, projects) before the final outlines land.
    await expect(app).toHaveURL(/#\/new\/[0-9a-f-]{36}$/);
    await expect(app.getByTestId('outline-option')).toHaveCount(3);
    await expect.poll(() => control.fake.held(outlines)).toBe(3);
    await expect(app.locator('.option-card.is-streaming .option-project-title').first()).toBeVisible();
    await expect(app.getByRole('button', { name: 'Use this outline' })).toHaveCount(0);
    await control.fake.release(outlines);
    await expect(app.getByRole('button', { name: 'Use this outline' })).toHaveCount(3);
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
    await expect(app.locator('.lesson-content .markdown')).not.toBeEmpty();
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

    const origin = new URL(app.url()).origin;
    await app.goto(`${origin}/#/new/${course.id}`);
    await app.getByRole('button', { name: 'Generate step by step' }).click();
    await expect(app.getByRole('heading', { name: 'Generating step by step' })).toBeVisible();

    const lessons = app.locator('.step-item', { hasText: 'Lessons' });
    const tasks = app.locator('.step-item', { hasText: 'Tasks' });
    await expect(lessons).toContainText('Ready for review', { timeout: 30_000 });
    await expect(app.locator('.landed-projects li a').first()).toBeVisible();
    expect(await control.db('SELECT id FROM tasks')).toHaveLength(0);
    await screens.save('wizard-stepwise');

    // A fresh view reads the stored job, and it too says the lessons (not the tasks) wait for review.
    await app.reload();
    await expect(lessons).toContainText('Ready for review');
    await expect(tasks).toContainText('Waiting');
    await expect(app.getByText(/The lessons are ready/)).toBeVisible();
    await app.goto(`${origin}/#/queue`);
    await expect(app.locator('.job-row')).toContainText('Waiting for review after lessons');
    await app.goto(`${origin}/#/new/${course.id}`);

    await app.getByRole('button', { name: 'Continue' }).click();
    await expect(tasks).toContainText('Ready for review', { timeout: 30_000 });
    expect((await control.db('SELECT id FROM tasks')).length).toBeGreaterThan(0);
    await app.reload();
    await expect(lessons).toContainText('Done');
    await expect(tasks).toContainText('Ready for review');
    await expect(app.getByText(/The tasks are ready/)).toBeVisible();

    await app.getByRole('button', { name: 'Continue' }).click();
    await expect(app.getByRole('link', { name: 'Open the course' })).toBeVisible({ timeout: 30_000 });
    await expect(app.locator('.step-item.is-done')).toHaveCount(3);
  });

  test('a step-by-step job cancelled from the wizard says so and can be retried', async ({ app, control }) => {
    const course = await control.call('courses.create', { topic: { topic: 'Kubernetes basics', projects: 3 } });
    const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
    await control.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: '' });

    // The lessons calls are held, so the lessons are still being written when Cancel is pressed.
    const held = await control.fake.hold('submit_lessons');
    const origin = new URL(app.url()).origin;
    await app.goto(`${origin}/#/new/${course.id}`);
    await app.getByRole('button', { name: 'Generate step by step' }).click();
    const lessons = app.locator('.step-item', { hasText: 'Lessons' });
    await expect(lessons).toContainText('Generating…');
    await app.getByRole('button', { name: 'Cancel' }).click();

    const cancelledView = async () => {
      await expect(app.getByRole('heading', { name: 'Step-by-step generation cancelled' })).toBeVisible();
      await expect(lessons).toContainText('Stopped');
      await expect(app.getByText(/Generation was cancelled; what landed is kept/)).toBeVisible();
      await expect(app.getByRole('button', { name: 'Retry' })).toBeVisible();
      await expect(app.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    };
    await cancelledView();
    const [job] = await control.db<{ id: string; status: string }>('SELECT id, status FROM jobs');
    expect(job!.status).toBe('cancelled');
    await expect(app.getByRole('link', { name: 'Open its job' })).toHaveAttribute('href', `#/queue/${job!.id}`);
    await app.reload();
    await cancelledView();

    // Retry continues where it stopped, step by step as before.
    await control.fake.release(held);
    await app.getByRole('button', { name: 'Retry' }).click();
    await expect(app.getByRole('heading', { name: 'Generating step by step' })).toBeVisible();
    await expect(lessons).toContainText('Ready for review', { timeout: 30_000 });
    expect(await control.db('SELECT id FROM tasks')).toHaveLength(0);

    // Cancelled while waiting for review: every lesson was written, so they read Done, not Stopped.
    await app.getByRole('button', { name: 'Cancel' }).click();
    await expect(app.getByRole('heading', { name: 'Step-by-step generation cancelled' })).toBeVisible();
    await expect(lessons).toContainText('Done');
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Step-by-step generation cancelled' })).toBeVisible();
    await expect(lessons).toContainText('Done');
    await expect(app.locator('.step-item', { hasText: 'Tasks' })).toContainText('Waiting');
  });

  test('a step-by-step job paused from the queue in the middle of a step says Paused, and Resume finishes the step', async ({ app, control }) => {
    const course = await control.call('courses.create', { topic: { topic: 'Git basics', projects: 3 } });
    const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
    await control.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: '' });

    // One call at a time, held: the pause lands with exactly one of the three projects' lessons written.
    await control.call('queue.setLimits', { requests: 1 });
    const first = await control.fake.hold('submit_lessons');
    const origin = new URL(app.url()).origin;
    await app.goto(`${origin}/#/new/${course.id}`);
    await app.getByRole('button', { name: 'Generate step by step' }).click();
    const lessons = app.locator('.step-item', { hasText: 'Lessons' });
    await expect(lessons).toContainText('Generating…');
    await expect.poll(() => control.fake.held(first)).toBe(1);
    const [job] = await control.db<{ id: string }>('SELECT id FROM jobs');

    await app.goto(`${origin}/#/queue`);
    await app.locator(`.job-row[data-job-id="${job!.id}"]`).getByRole('button', { name: /^Pause / }).click();
    // Once the pause has reached the runner, the call in flight may land: nothing new starts.
    await pageCommandsReached(app);
    await control.fake.release(first);
    await expect.poll(() => jobStatus(control, job!.id)).toBe('paused');
    expect(await control.db('SELECT DISTINCT project_id FROM lessons')).toHaveLength(1);
    // The queue says the same as the wizard: paused, not waiting for a review.
    const row = app.locator(`.job-row[data-job-id="${job!.id}"]`);
    await expect(row).toContainText('Paused during lessons');
    await expect(row).not.toContainText('Waiting for review');

    await app.goto(`${origin}/#/new/${course.id}`);
    const pausedView = async () => {
      await expect(app.getByRole('heading', { name: 'Step-by-step generation paused' })).toBeVisible();
      await expect(lessons).toContainText('Paused');
      await expect(lessons).not.toContainText('Ready for review');
      await expect(app.getByText('Paused while the lessons were being written; what landed is kept. Press Resume to go on.')).toBeVisible();
      await expect(app.getByText(/are ready/)).toHaveCount(0);
      await expect(app.getByRole('button', { name: 'Resume' })).toBeVisible();
      await expect(app.getByRole('button', { name: 'Continue' })).toHaveCount(0);
    };
    await pausedView();
    await app.reload();
    await pausedView();

    // Resume writes the remaining lessons, then the job waits for their review.
    await app.getByRole('button', { name: 'Resume' }).click();
    await expect(lessons).toContainText('Ready for review', { timeout: 30_000 });
    await expect(app.getByText(/The lessons are ready/)).toBeVisible();
    await expect(app.getByRole('button', { name: 'Continue' })).toBeVisible();
    expect(await control.db('SELECT DISTINCT project_id FROM lessons')).toHaveLength(3);
    expect(await control.db('SELECT id FROM tasks')).toHaveLength(0);
  });

  test('outline edits survive leaving the page, and going back to the options asks before dropping them', async ({ app, control }) => {
    const course = await control.call('courses.create', { topic: { topic: 'Typography', projects: 3 } });
    await control.call('courses.generateOutlines', { courseId: course.id, count: 2 });
    await app.goto(`${new URL(app.url()).origin}/#/new/${course.id}`);
    // Two options, so the page says two.
    await expect(app.getByText('Two takes on your topic. Pick the closer one; you can edit it next.')).toBeVisible();
    await app.getByRole('button', { name: 'Use this outline' }).first().click();
    await expect(app.getByRole('heading', { name: 'Edit the outline' })).toBeVisible();
    const title = await app.getByLabel('Course title').inputValue();
    const project = await app.getByLabel('Project 1 title').inputValue();

    await app.getByLabel('Course title').fill('Type, set well');
    await app.getByLabel('Project 1 title').fill('Picking a typeface');
    await expect(app.getByText('Unsaved changes.')).toBeVisible();

    // Away through the nav bar and back: the edits are still there, still unsaved.
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
    await expect(app).toHaveURL(/#\/queue$/);
    await app.goBack();
    await expect(app.getByLabel('Course title')).toHaveValue('Type, set well');
    await expect(app.getByLabel('Project 1 title')).toHaveValue('Picking a typeface');
    await expect(app.getByText('Unsaved changes.')).toBeVisible();

    // Back to the options asks first; only the second press drops the edits.
    await app.getByRole('button', { name: '← Back to options' }).click();
    await expect(app.getByRole('button', { name: 'Discard your edits?' })).toBeVisible();
    await expect(app.getByRole('heading', { name: 'Edit the outline' })).toBeVisible();
    await expect(app.getByLabel('Course title')).toHaveValue('Type, set well');
    await app.getByRole('button', { name: 'Discard your edits?' }).click();
    await expect(app.getByRole('heading', { name: 'Pick an outline' })).toBeVisible();
    await app.getByRole('button', { name: 'Use this outline' }).first().click();
    await expect(app.getByLabel('Course title')).toHaveValue(title);
    await expect(app.getByLabel('Project 1 title')).toHaveValue(project);
    await expect(app.getByText('All changes saved.')).toBeVisible();

    // Saved edits need no draft: back to the options goes at once.
    await app.getByLabel('Course title').fill('Type, saved');
    await app.getByRole('button', { name: 'Save draft' }).click();
    await expect(app.getByText('All changes saved.')).toBeVisible();
    await expect(app.getByLabel('Course title')).toHaveValue('Type, saved');
    await app.getByRole('button', { name: '← Back to options' }).click();
    await expect(app.getByRole('heading', { name: 'Pick an outline' })).toBeVisible();

    // The saved edits are not thrown away unasked: picking an option again asks first…
    await app.getByRole('button', { name: 'Use this outline' }).first().click();
    await expect(app.getByRole('button', { name: 'Replace your edited outline?' })).toBeVisible();
    await expect(app.getByRole('heading', { name: 'Pick an outline' })).toBeVisible();
    // …and so does regenerating, which drops the chosen outline with the options it came from.
    await app.getByRole('button', { name: 'Regenerate options' }).click();
    await expect(app.getByRole('button', { name: 'Drop your outline and regenerate?' })).toBeVisible();
    const [before] = await control.db<{ title: string }>("SELECT json_extract(outline_json, '$.title') AS title FROM courses");
    expect(before!.title).toBe('Type, saved');
    await app.getByRole('button', { name: 'Drop your outline and regenerate?' }).click();
    await expect(app.getByRole('button', { name: 'Use this outline' })).toHaveCount(3, { timeout: 20_000 });
    await expect(app.getByText('Three takes on your topic. Pick the closest one; you can edit it next.')).toBeVisible();
    await expect(app.locator('.option-chosen')).toHaveCount(0);
    const [after] = await control.db<{ outline_json: string | null; chosen_option_id: string | null }>('SELECT outline_json, chosen_option_id FROM courses');
    expect(after).toEqual({ outline_json: null, chosen_option_id: null });
    // Nothing is chosen now, so picking goes straight to the editor.
    await app.getByRole('button', { name: 'Use this outline' }).nth(2).click();
    await expect(app.getByRole('heading', { name: 'Edit the outline' })).toBeVisible();
    await expect(app.getByText('All changes saved.')).toBeVisible();
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
