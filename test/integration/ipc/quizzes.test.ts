// Quizzes an LMS grades, through the app core and the real SDK against the fake Messages API:
// generated in the form Settings asks for, an invalid question sent back to the model,
// edits that keep the schema's rules and never drop questions, an old free-text quiz kept
// by the migration and regenerated in the new form, and the packages carrying the questions.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../src/main/db/migrations';
import { Store } from '../../../src/main/db/store';
import { buildPackage } from '../../../src/main/export/course-file';
import type { CourseTree, Task } from '../../../src/shared/domain';
import { quizQuestionsSchema, type QuizQuestion } from '../../../src/shared/quiz';
import { requestedUnit } from '../../support/bridge/requested-unit';
import { zipFiles } from '../../support/lms/read-zip';
import { generatedCourse, startHarness, type Harness } from './core-harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const quizzes = (tree: CourseTree): Task[] => tree.projects.flatMap((p) => p.lessons.flatMap((l) => l.tasks.filter((t) => t.kind === 'quiz')));

describe('generated quizzes', () => {
  it('each lesson gets one quiz of typed questions, within the settings, after its exercise and before its reflection', async () => {
    const { tree } = await generatedCourse(h);
    const lessons = tree.projects.flatMap((p) => p.lessons);
    expect(lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons) {
      const kinds = lesson.tasks.map((t) => t.kind);
      expect(kinds.filter((k) => k === 'quiz')).toHaveLength(1);
      expect(kinds.indexOf('quiz')).toBeGreaterThan(kinds.lastIndexOf('exercise'));
      expect(kinds.indexOf('quiz')).toBeLessThan(kinds.indexOf('reflection'));
      const quiz = lesson.tasks.find((t) => t.kind === 'quiz')!;
      expect(quiz.answerKey).toBeNull();
      expect(quizQuestionsSchema.parse(quiz.questions)).toEqual(quiz.questions);
      expect(quiz.questions!.length).toBeGreaterThanOrEqual(3);
      expect(quiz.questions!.length).toBeLessThanOrEqual(5);
      expect(quiz.questions!.every((q) => q.type !== 'essay')).toBe(true);
    }
    // The request told the model the size and the types.
    const tasksCall = h.fake.requests.find((r) => requestedUnit(r.body)?.tool === 'submit_tasks')!;
    expect(JSON.stringify(tasksCall.body.messages)).toContain('The quiz has 3 to 5 questions, of these types only: multiple choice, multiple response, true/false, short answer.');
  });

  it('a question against the rules goes back to the model with what is wrong, and the corrected answer is stored', async () => {
    let broken = 0;
    h.fake.setContentOverride((body) => {
      const unit = requestedUnit(body);
      if (unit?.tool !== 'submit_tasks' || broken > 0) return undefined;
      broken++;
      const option = (text: string) => ({ text, correct: true, feedback: '' });
      return {
        tasks: [
          { kind: 'exercise', prompt: 'Build it.', answer_key: null },
          { kind: 'reflection', prompt: 'What changed?', answer_key: null },
        ],
        quiz: {
          introduction: 'Check.',
          questions: Array.from({ length: 3 }, () => ({ type: 'multiple_choice', stem: 'Which?', explanation: '', options: [option('a'), option('b'), option('c')] })),
        },
      };
    });
    const { course, tree } = await generatedCourse(h);
    expect(broken).toBe(1);
    const repaired = h.fake.requests.filter((r) => requestedUnit(r.body)?.tool === 'submit_tasks' && JSON.stringify(r.body.messages).includes('exactly one correct option'));
    expect(repaired).toHaveLength(1);
    expect(quizzes(tree).every((q) => quizQuestionsSchema.safeParse(q.questions).success)).toBe(true);
    const outcomes = h.core.store.db.prepare(`SELECT outcome FROM model_calls WHERE course_id = ? AND step = 'tasks' ORDER BY id`).all(course.id) as { outcome: string }[];
    expect(outcomes.filter((o) => o.outcome === 'invalid_output')).toHaveLength(1);
  });

  it('Settings → Quizzes decides how many questions and which types the next quizzes get', async () => {
    await h.call('settings.update', { quiz: { minQuestions: 2, maxQuestions: 2, types: ['true_false', 'essay'], masteryScore: 60 } });
    const { tree } = await generatedCourse(h);
    for (const quiz of quizzes(tree)) {
      expect(quiz.questions).toHaveLength(2);
      expect(quiz.questions!.every((q) => q.type === 'true_false' || q.type === 'essay')).toBe(true);
    }
    // The mastery score reaches the SCORM package the app exports.
    const file = await h.call('courses.export', { courseId: tree.id, format: 'scorm12' });
    expect(zipFiles(Buffer.from(file.content, 'base64')).get('imsmanifest.xml')).toContain('<adlcp:masteryscore>60</adlcp:masteryscore>');
    await expect(h.call('settings.update', { quiz: { minQuestions: 4, maxQuestions: 2, types: ['essay'], masteryScore: 60 } })).rejects.toThrow(/fewer than the fewest/);
  });
});

describe('editing a quiz', () => {
  it('saves questions that keep the rules, refuses the others with the path, and never drops questions by omission', async () => {
    const { tree } = await generatedCourse(h);
    const quiz = quizzes(tree)[0]!;
    const questions = quiz.questions!;
    const edited: QuizQuestion[] = [{ type: 'short_answer', stem: 'Name the tool.', explanation: '', acceptedAnswers: ['cargo'] }, ...questions.slice(1)];
    const saved = await h.call('tasks.update', { taskId: quiz.id, kind: 'quiz', prompt: 'Check yourself.', answerKey: null, questions: edited });
    expect(saved.questions).toEqual(edited);

    const twoCorrect = { type: 'multiple_choice', stem: 'Which?', explanation: '', options: ['a', 'b', 'c'].map((text) => ({ text, correct: true, feedback: '' })) };
    await expect(h.call('tasks.update', { taskId: quiz.id, kind: 'quiz', prompt: 'Check.', answerKey: null, questions: [twoCorrect] as never })).rejects.toThrow(
      /exactly one correct option/,
    );
    // The prompt alone: the questions stay.
    const renamed = await h.call('tasks.update', { taskId: quiz.id, kind: 'quiz', prompt: 'A new introduction.', answerKey: 'ignored' });
    expect(renamed).toMatchObject({ prompt: 'A new introduction.', answerKey: null, questions: edited });
    // A quiz with questions stays a quiz.
    await expect(h.call('tasks.update', { taskId: quiz.id, kind: 'exercise', prompt: 'x', answerKey: null })).rejects.toThrow(/stays a quiz/);
    expect(h.core.store.courses.task(quiz.id)!.questions).toEqual(edited);
  });
});

describe('quizzes written before typed questions', () => {
  it('the migration keeps them; they read, edit and export as an essay; regenerating brings typed questions', async () => {
    const { tree } = await generatedCourse(h);
    const quiz = quizzes(tree)[0]!;
    const { store } = h.core;
    store.db.prepare(`UPDATE tasks SET questions_json = NULL, prompt = 'Explain indexes.', answer_key = 'A sorted copy.' WHERE id = ?`).run(quiz.id);
    expect(store.courses.task(quiz.id)).toMatchObject({ prompt: 'Explain indexes.', answerKey: 'A sorted copy.', questions: null });
    await expect(h.call('tasks.update', { taskId: quiz.id, kind: 'quiz', prompt: 'Explain indexes.', answerKey: '' })).rejects.toThrow(/needs an answer key/);

    const cc = zipFiles(buildPackage((await h.call('courses.get', { courseId: tree.id }))!, 'imscc'));
    const assessment = [...cc.entries()].find(([name, text]) => name.endsWith('assessment.xml') && text.includes('Explain indexes.'))![1];
    expect(assessment).toContain('cc.essay.v0p1');
    expect(assessment).toContain('A sorted copy.');

    const regenerated = await h.call('tasks.regenerate', { taskId: quiz.id });
    expect(regenerated).toMatchObject({ id: quiz.id, kind: 'quiz', answerKey: null, position: quiz.position });
    expect(quizQuestionsSchema.parse(regenerated.questions)).toHaveLength(regenerated.questions!.length);
    // The lesson's other tasks are untouched.
    const after = (await h.call('courses.get', { courseId: tree.id }))!;
    const lessonBefore = tree.projects[0]!.lessons[0]!;
    const lessonAfter = after.projects[0]!.lessons[0]!;
    expect(lessonAfter.tasks.filter((t) => t.id !== quiz.id)).toEqual(lessonBefore.tasks.filter((t) => t.id !== quiz.id));
  });

  it('migration 8 leaves every quiz task of a version 7 file as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-quiz-migration-'));
    try {
      const file = join(dir, 'old.db');
      const db = new Database(file);
      migrate(db, MIGRATIONS.slice(0, 7));
      db.prepare(`INSERT INTO courses (id, topic_json, status, created_at, updated_at) VALUES ('c', '{}', 'generated', 'x', 'x')`).run();
      db.prepare(`INSERT INTO projects (id, course_id, position, title, description) VALUES ('p', 'c', 0, 'P', '')`).run();
      db.prepare(`INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at) VALUES ('l', 'p', 0, 'L', '', '[]', 'x', 'x')`).run();
      db.prepare(`INSERT INTO tasks (id, lesson_id, position, kind, prompt, answer_key) VALUES ('t', 'l', 0, 'quiz', 'What is an index?', 'A sorted copy.')`).run();
      db.close();
      const store = Store.open(file);
      try {
        expect(store.courses.task('t')).toEqual({ id: 't', lessonId: 'l', position: 0, kind: 'quiz', prompt: 'What is an index?', answerKey: 'A sorted copy.', questions: null });
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a damaged quiz row', () => {
  it('is named in a clear error, and the row is left as it was', async () => {
    const { tree } = await generatedCourse(h);
    const quiz = quizzes(tree)[0]!;
    h.core.store.db.prepare(`UPDATE tasks SET questions_json = '[{"type":"multiple_choice","stem":"x","options":[]}]' WHERE id = ?`).run(quiz.id);
    expect(() => h.core.store.courses.task(quiz.id)).toThrow(new RegExp(`The stored quiz questions of task ${quiz.id} are not valid`));
    h.core.store.db.prepare(`UPDATE tasks SET questions_json = '{not json' WHERE id = ?`).run(quiz.id);
    expect(() => h.core.store.courses.task(quiz.id)).toThrow(/Stored tasks.questions_json is not valid JSON/);
    expect((h.core.store.db.prepare(`SELECT questions_json FROM tasks WHERE id = ?`).get(quiz.id) as { questions_json: string }).questions_json).toBe('{not json');
  });
});
