import { describe, expect, it } from 'vitest';
import { checkQuizDraft, quizDraftOf, sameQuizSettings } from '../../../src/renderer/lib/quiz-settings-form';
import { DEFAULT_QUIZ_SETTINGS } from '../../../src/shared/quiz';

describe('Settings → Quizzes form', () => {
  const draft = quizDraftOf(DEFAULT_QUIZ_SETTINGS);

  it('gives back the settings it was filled from', () => {
    expect(checkQuizDraft(draft)).toEqual({ values: DEFAULT_QUIZ_SETTINGS, errors: {} });
    expect(sameQuizSettings(checkQuizDraft(draft).values!, DEFAULT_QUIZ_SETTINGS)).toBe(true);
  });

  it('says what is wrong with each field', () => {
    expect(checkQuizDraft({ ...draft, minQuestions: '0', maxQuestions: '2.5', types: [], masteryScore: '120' }).errors).toEqual({
      minQuestions: 'A whole number from 1 to 10.',
      maxQuestions: 'A whole number from 1 to 10.',
      types: 'Choose at least one question type.',
      masteryScore: 'A whole percent from 0 to 100.',
    });
    expect(checkQuizDraft({ ...draft, minQuestions: '5', maxQuestions: '3' })).toEqual({ values: null, errors: { maxQuestions: 'At least the fewest questions.' } });
  });

  it('keeps the types in one order, so the same choice is the same settings', () => {
    const { values } = checkQuizDraft({ ...draft, types: ['essay', 'multiple_choice'] });
    expect(values!.types).toEqual(['multiple_choice', 'essay']);
    expect(sameQuizSettings(values!, DEFAULT_QUIZ_SETTINGS)).toBe(false);
  });
});
