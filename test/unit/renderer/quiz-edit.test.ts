import { describe, expect, it } from 'vitest';
import { blankQuestion, canAddOption, canRemoveOption, cleanQuestions, convertQuestion, quizOps, validateQuestions } from '../../../src/renderer/lib/quiz-edit';
import { QUESTION_TYPES, type QuizQuestion } from '../../../src/shared/quiz';
import { typedQuestions } from '../../support/lms/courses';

const [mc, mr, tf, short, essay] = typedQuestions as [QuizQuestion, QuizQuestion, QuizQuestion, QuizQuestion, QuizQuestion];

describe('editing a quiz', () => {
  it('marks one correct option in a multiple choice question, and flips marks in a multiple response one', () => {
    const [one] = quizOps.markCorrect([mc], 0, 2);
    expect(one!.type === 'multiple_choice' && one!.options.map((o) => o.correct)).toEqual([false, false, true]);
    const [many] = quizOps.markCorrect([mr], 0, 2);
    expect(many!.type === 'multiple_response' && many!.options.map((o) => o.correct)).toEqual([true, true, true]);
  });

  it('reorders, adds and deletes questions and options, within the limits', () => {
    expect(quizOps.move(typedQuestions, 0, 1).map((q) => q.type)).toEqual(['multiple_response', 'multiple_choice', 'true_false', 'short_answer', 'essay']);
    expect(quizOps.move(typedQuestions, 0, -1)).toEqual(typedQuestions);
    expect(quizOps.add(typedQuestions, 'true_false').at(-1)).toEqual(blankQuestion('true_false'));
    expect(quizOps.remove(typedQuestions, 4)).toHaveLength(4);
    const moved = quizOps.moveOption([mc], 0, 0, 1)[0]!;
    expect(moved.type === 'multiple_choice' && moved.options.map((o) => o.text)).toEqual(['cargo', 'rustup', 'npm']);
    expect(canRemoveOption(mc)).toBe(false);
    const four = quizOps.addOption([mc], 0)[0]!;
    expect(canRemoveOption(four)).toBe(true);
    // Deleting the single answer of a multiple choice question marks the first remaining option.
    const removed = quizOps.removeOption([four], 0, 0)[0]!;
    expect(removed.type === 'multiple_choice' && removed.options.map((o) => [o.text, o.correct])).toEqual([
      ['cargo', true],
      ['npm', false],
      ['', false],
    ]);
    const five = quizOps.addOption([four], 0)[0]!;
    expect(canAddOption(five)).toBe(false);
    expect(quizOps.addOption([five], 0)).toEqual([five]);
  });

  it('changes a question type keeping what carries over', () => {
    const asMc = convertQuestion({ ...mr }, 'multiple_choice');
    expect(asMc.type === 'multiple_choice' && asMc.options.map((o) => o.correct)).toEqual([true, false, false]);
    expect(convertQuestion(mc, 'short_answer')).toMatchObject({ type: 'short_answer', stem: mc.stem, acceptedAnswers: ['rustup'] });
    expect(convertQuestion(short, 'essay')).toMatchObject({ type: 'essay', modelAnswer: 'cargo\nCargo CLI' });
    expect(convertQuestion(essay, 'true_false')).toMatchObject({ type: 'true_false', stem: essay.stem, explanation: essay.explanation, answer: true });
    expect(convertQuestion(tf, 'multiple_response')).toMatchObject({ type: 'multiple_response', stem: tf.stem });
    // Every conversion of a valid question, filled in, is a question the schema knows.
    for (const from of typedQuestions) for (const to of QUESTION_TYPES) expect(convertQuestion(from, to).type).toBe(to);
  });

  it('says what to fix, where, in words a person acts on', () => {
    expect(validateQuestions(typedQuestions)).toEqual({});
    expect(validateQuestions([])).toEqual({ '': 'A quiz needs at least one question.' });
    const blank = blankQuestion('multiple_choice');
    expect(validateQuestions([mc, blank])).toMatchObject({ '1.stem': 'Write the question.', '1.options.0.text': 'Write the option.' });
    const twoCorrect = quizOps.markCorrect([{ ...mr }], 0, 2).map((q) => convertQuestion(q, 'multiple_response'))[0]!;
    expect(validateQuestions([{ ...twoCorrect, type: 'multiple_choice' } as QuizQuestion])).toEqual({
      '0.options': 'A multiple choice question has exactly one correct option (this one has 3).',
    });
    expect(validateQuestions([{ ...short, acceptedAnswers: ['  ', ''] } as QuizQuestion])).toEqual({ '0.acceptedAnswers': 'Give at least one accepted answer.' });
  });

  it('drops the blank lines of accepted answers when saving', () => {
    expect(cleanQuestions([{ ...short, acceptedAnswers: ['cargo', '', ' '] } as QuizQuestion])).toEqual([{ ...short, acceptedAnswers: ['cargo'] }]);
  });
});
