// The one schema every quiz question passes: from the model, from an edit, from the
// database, from the backend. Each rule the issue names, and the tool schema the model reads.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toolFromSchema } from '../../../src/main/ai/structured-call';
import { DEFAULT_QUIZ_SETTINGS, legacyQuizQuestion, quizQuestionSchema, quizQuestionsSchema, quizSettingsSchema, type QuizQuestion } from '../../../src/shared/quiz';
import { tasksToolSchema } from '../../../src/shared/schemas';
import { typedQuestions } from '../../support/lms/courses';

const mc = (options: [string, boolean][]): unknown => ({
  type: 'multiple_choice',
  stem: 'Which one?',
  explanation: '',
  options: options.map(([text, correct]) => ({ text, correct, feedback: '' })),
});
const messages = (value: unknown) => {
  const parsed = quizQuestionSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('quiz question rules', () => {
  it('accepts one question of every type', () => {
    for (const question of typedQuestions) expect(messages(question)).toEqual([]);
    expect(quizQuestionsSchema.parse(typedQuestions)).toEqual(typedQuestions);
  });

  it('multiple choice: 3–5 options, exactly one correct, options unique whatever their case and spacing', () => {
    expect(messages(mc([['a', true], ['b', false], ['c', false]]))).toEqual([]);
    expect(messages(mc([['a', true], ['b', true], ['c', false]]))).toEqual(['a multiple choice question has exactly one correct option (this one has 2)']);
    expect(messages(mc([['a', false], ['b', false], ['c', false]]))).toEqual(['a multiple choice question has exactly one correct option (this one has 0)']);
    expect(messages(mc([['Cargo  build', true], ['b', false], [' cargo build', false]]))).toEqual(['options must differ: "cargo build" appears twice']);
    expect(messages(mc([['a', true], ['b', false]]))).toHaveLength(1);
    expect(messages(mc([['a', true], ['b', false], ['c', false], ['d', false], ['e', false], ['f', false]]))).toHaveLength(1);
  });

  it('multiple response: at least one correct option; true/false needs its answer; short answer at least one accepted answer, all different', () => {
    expect(messages({ ...(mc([['a', false], ['b', false], ['c', false]]) as object), type: 'multiple_response' })).toEqual([
      'a multiple response question has at least one correct option',
    ]);
    expect(messages({ ...(mc([['a', true], ['b', true], ['c', false]]) as object), type: 'multiple_response' })).toEqual([]);
    expect(messages({ type: 'true_false', stem: 'S', explanation: '', trueFeedback: '', falseFeedback: '' })).not.toEqual([]);
    const short = { type: 'short_answer', stem: 'S', explanation: '' };
    expect(messages({ ...short, acceptedAnswers: [] })).not.toEqual([]);
    expect(messages({ ...short, acceptedAnswers: ['Cargo', 'cargo'] })).toEqual(['accepted answers must differ: "cargo" appears twice']);
    expect(messages({ ...short, acceptedAnswers: ['cargo', 'cargo build'] })).toEqual([]);
  });

  it('refuses an unknown type and a blank stem, and keeps no field it does not know', () => {
    expect(messages({ type: 'matching', stem: 'S', explanation: '' })).not.toEqual([]);
    expect(messages({ ...(mc([['a', true], ['b', false], ['c', false]]) as object), stem: '   ' })).not.toEqual([]);
    expect(quizQuestionSchema.parse({ ...(mc([['a', true], ['b', false], ['c', false]]) as object), html: '<script>' })).not.toHaveProperty('html');
  });

  it('an old quiz task is the essay question it holds', () => {
    expect(legacyQuizQuestion({ prompt: 'Explain ownership.', answerKey: 'One owner.' })).toEqual({
      type: 'essay',
      stem: 'Explain ownership.',
      explanation: '',
      modelAnswer: 'One owner.',
    } satisfies QuizQuestion);
  });
});

describe('quiz settings', () => {
  it('defaults to 3–5 questions of the four types an LMS grades, 80 % to pass', () => {
    expect(quizSettingsSchema.parse(DEFAULT_QUIZ_SETTINGS)).toEqual(DEFAULT_QUIZ_SETTINGS);
    expect(DEFAULT_QUIZ_SETTINGS.types).not.toContain('essay');
  });

  it('refuses no type, fewest above most, and a mastery score outside 0–100; keeps types in one order', () => {
    expect(quizSettingsSchema.safeParse({ ...DEFAULT_QUIZ_SETTINGS, types: [] }).success).toBe(false);
    expect(quizSettingsSchema.safeParse({ ...DEFAULT_QUIZ_SETTINGS, minQuestions: 5, maxQuestions: 3 }).success).toBe(false);
    expect(quizSettingsSchema.safeParse({ ...DEFAULT_QUIZ_SETTINGS, masteryScore: 101 }).success).toBe(false);
    expect(quizSettingsSchema.parse({ ...DEFAULT_QUIZ_SETTINGS, types: ['essay', 'true_false'] }).types).toEqual(['true_false', 'essay']);
  });
});

describe('the tasks answer the model is asked for', () => {
  const schema = tasksToolSchema({ minQuestions: 3, maxQuestions: 4, types: ['multiple_choice', 'true_false'] });
  const question = { type: 'true_false', stem: 'S', explanation: '', answer: true, trueFeedback: '', falseFeedback: '' };
  const answer = (questions: unknown[], tasks = [{ kind: 'exercise', prompt: 'Do', answer_key: 'Done' }, { kind: 'reflection', prompt: 'Think', answer_key: null }]) => ({
    tasks,
    quiz: { introduction: 'Check.', questions },
  });

  it('takes the number of questions and the types from Settings', () => {
    expect(schema.safeParse(answer([question, question, question])).success).toBe(true);
    expect(schema.safeParse(answer([question, question])).success).toBe(false);
    expect(schema.safeParse(answer([question, question, question, question, question])).success).toBe(false);
    const short = { type: 'short_answer', stem: 'S', explanation: '', acceptedAnswers: ['x'] };
    expect(schema.safeParse(answer([question, question, short])).success).toBe(false);
  });

  it('needs an exercise and a reflection beside the quiz', () => {
    expect(schema.safeParse(answer([question, question, question], [{ kind: 'exercise', prompt: 'Do', answer_key: null }, { kind: 'exercise', prompt: 'Again', answer_key: null }])).error?.issues[0]?.message).toBe(
      'write at least one exercise and one reflection',
    );
  });

  it('is sent as anyOf, which structured outputs take, not oneOf', () => {
    const json = JSON.stringify(toolFromSchema('submit_tasks', 'd', schema).inputSchema);
    expect(json).not.toContain('"oneOf"');
    expect(json).toContain('"anyOf"');
    // The types the settings leave out are not offered at all.
    expect(json).not.toContain('short_answer');
    expect(z.toJSONSchema(schema)).toBeTruthy();
  });
});
