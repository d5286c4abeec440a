// Quizzes an LMS grades, in the course editor: the generated questions as a reviewer reads
// them; editing them (mark the correct option, reorder, delete, add, change an option) with
// the shared schema's rules shown inline; an old free-text quiz regenerated in the new form,
// after Settings → Quizzes changed how many questions and of which types.
import type { Locator, Page } from '@playwright/test';
import type { QuizQuestion } from '../../../src/shared/quiz';
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

async function openFirstLesson(app: Page, courseId: string): Promise<Locator> {
  await app.goto(`${new URL(app.url()).origin}/#/courses/${courseId}`);
  await app.locator('.tree-lessons a').first().click();
  await expect(app.locator('#lesson-title')).toBeVisible();
  return app.locator('.task-item').filter({ has: app.getByText('quiz', { exact: true }) });
}

test('a generated quiz: read its questions, edit them under the schema rules, save', async ({ app, control, screens }) => {
  // Many steps in one editor session: about a minute on a loaded two-core machine.
  test.setTimeout(120_000);
  const { courseId } = await seedCourse(control, 'PostgreSQL indexing');
  await control.waitIdle();
  const quiz = await openFirstLesson(app, courseId);
  // The default settings: 3–5 questions, of the four types an LMS grades by itself.
  const questions = quiz.locator('.quiz-question');
  await expect(questions).toHaveCount(3);
  await expect(questions.locator('.badge')).toHaveText(['Multiple choice', 'Multiple response', 'True/false']);
  await expect(questions.first().locator('.quiz-option.correct')).toHaveCount(1);

  await quiz.getByRole('button', { name: /^Edit task/ }).click();
  const q1 = quiz.getByRole('group', { name: 'Question 1' });
  await expect(quiz.getByLabel('Introduction')).toBeFocused();
  // Exactly one correct answer: marking option 3 unmarks option 1.
  await q1.getByLabel('Option 3 is correct').check();
  await expect(q1.getByLabel('Option 1 is correct')).not.toBeChecked();
  await q1.getByLabel('Option 3', { exact: true }).fill('Rebuild the index');
  // Two options that read the same: said inline, and Save sends nothing.
  const first = await q1.getByLabel('Option 1', { exact: true }).inputValue();
  await q1.getByLabel('Option 2', { exact: true }).fill(` ${first.toUpperCase()} `);
  await expect(q1.getByText(/^Options must differ: ".*" appears twice\.$/)).toBeVisible();
  await q1.getByLabel('Option 2', { exact: true }).fill('');
  await expect(q1.getByText('Write the option.')).toBeVisible();
  const before = (await control.fake.requests()).length;
  await quiz.getByRole('button', { name: 'Save task' }).click();
  await expect(quiz.getByRole('button', { name: 'Save task' })).toBeVisible();
  await q1.getByLabel('Option 2', { exact: true }).fill('Add a second index');
  await q1.getByLabel('Feedback for option 2').fill('Two indexes on one column only cost writes.');

  // Reorder, delete, add.
  await quiz.getByRole('button', { name: 'Move question 3 up' }).click();
  await expect(quiz.getByRole('group', { name: 'Question 2' }).getByLabel('Type')).toHaveValue('true_false');
  await quiz.getByRole('button', { name: 'Delete question 3' }).click();
  await quiz.getByLabel('New question type').selectOption('short_answer');
  await quiz.getByRole('button', { name: 'Add question' }).click();
  const q3 = quiz.getByRole('group', { name: 'Question 3' });
  await expect(q3.getByText('Write the question.')).toBeVisible();
  await q3.getByLabel('Question', { exact: true }).fill('Which command shows the plan Postgres chose?');
  await q3.getByLabel('Accepted answers').fill('EXPLAIN\nexplain analyze\n');
  await q1.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screens.save('quiz-editor');
  await quiz.getByRole('button', { name: 'Save task' }).click();

  await expect(quiz.getByRole('button', { name: 'Save task' })).toHaveCount(0);
  await expect(questions.locator('.badge')).toHaveText(['Multiple choice', 'True/false', 'Short answer']);
  await expect(questions.first().locator('.quiz-option.correct')).toHaveText(/Rebuild the index/);
  await expect(questions.nth(2)).toContainText('EXPLAIN · explain analyze');
  // Saving a quiz is an edit: no model call.
  expect((await control.fake.requests()).length).toBe(before);

  const [row] = await control.db<{ questions_json: string; answer_key: string | null }>(
    `SELECT t.questions_json, t.answer_key FROM tasks t JOIN lessons l ON l.id = t.lesson_id JOIN projects p ON p.id = l.project_id
      WHERE p.course_id = ? AND t.kind = 'quiz' ORDER BY p.position, l.position LIMIT 1`,
    [courseId],
  );
  const stored = JSON.parse(row!.questions_json) as QuizQuestion[];
  expect(stored.map((q) => q.type)).toEqual(['multiple_choice', 'true_false', 'short_answer']);
  expect(stored[0]!.type === 'multiple_choice' && stored[0]!.options.map((o) => [o.text, o.correct])).toEqual([
    [first, false],
    ['Add a second index', false],
    ['Rebuild the index', true],
  ]);
  expect(stored[2]).toMatchObject({ acceptedAnswers: ['EXPLAIN', 'explain analyze'] });
  expect(row!.answer_key).toBeNull();
});

test('an old free-text quiz says what it is, and regenerates as the graded quiz Settings asks for', async ({ app, control }) => {
  test.setTimeout(120_000);
  const { courseId } = await seedCourse(control, 'Git branching');
  await control.waitIdle();
  expect(await control.legacyQuizzes(courseId)).toBeGreaterThan(0);

  await app.goto(`${new URL(app.url()).origin}/#/settings`);
  const section = app.locator('section', { has: app.getByRole('heading', { name: 'Quizzes' }) });
  await section.getByLabel('Most questions per lesson').fill('1');
  await expect(section.getByText('At least the fewest questions.')).toBeVisible();
  await section.getByLabel('Fewest questions per lesson').fill('2');
  await section.getByLabel('Most questions per lesson').fill('2');
  for (const type of ['Multiple choice', 'Multiple response', 'Short answer']) await section.getByLabel(type).uncheck();
  await section.getByLabel('True/false').uncheck();
  await expect(section.getByText('Choose at least one question type.')).toBeVisible();
  await section.getByLabel('True/false').check();
  await section.getByLabel('SCORM mastery score (%)').fill('70');
  await section.getByRole('button', { name: 'Save quiz settings' }).click();
  await expect(app.getByText('Quiz settings saved')).toBeVisible();

  const quiz = await openFirstLesson(app, courseId);
  const others = app.locator('.task-item').filter({ hasNot: app.getByText('quiz', { exact: true }) }).locator('.task-prompt');
  const othersBefore = await others.allTextContents();
  await expect(quiz.getByText(/^Written before graded quizzes/)).toBeVisible();
  await expect(quiz.locator('.task-prompt')).toHaveText('Explain in your own words what this lesson taught.');
  await quiz.getByRole('button', { name: /^Regenerate task \d+ as a graded quiz$/ }).click();
  await expect(quiz.getByText(/The model writes a new quiz in its place/)).toBeVisible();
  await quiz.getByRole('button', { name: /^Replace task/ }).click();

  const questions = quiz.locator('.quiz-question');
  await expect(questions).toHaveCount(2);
  await expect(questions.locator('.badge')).toHaveText(['True/false', 'True/false']);
  await expect(quiz.getByText(/^Written before graded quizzes/)).toHaveCount(0);
  // The lesson's other tasks are kept as they were.
  expect(othersBefore.length).toBeGreaterThan(0);
  expect(await others.allTextContents()).toEqual(othersBefore);
});
