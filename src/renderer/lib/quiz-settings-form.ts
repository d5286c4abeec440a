// Settings → Quizzes as typed: numbers arrive as text. Checked here with the words a person
// acts on, then by the shared schema main applies again.
import { MAX_QUIZ_QUESTIONS, quizSettingsSchema, type QuestionType, type QuizSettings } from '../../shared/quiz';

export interface QuizSettingsDraft {
  minQuestions: string;
  maxQuestions: string;
  types: QuestionType[];
  masteryScore: string;
}

export const quizDraftOf = (s: QuizSettings): QuizSettingsDraft => ({
  minQuestions: String(s.minQuestions),
  maxQuestions: String(s.maxQuestions),
  types: [...s.types],
  masteryScore: String(s.masteryScore),
});

const whole = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

export function checkQuizDraft(draft: QuizSettingsDraft): { values: QuizSettings | null; errors: Partial<Record<keyof QuizSettingsDraft, string>> } {
  const errors: Partial<Record<keyof QuizSettingsDraft, string>> = {};
  const min = whole(draft.minQuestions);
  const max = whole(draft.maxQuestions);
  const mastery = whole(draft.masteryScore);
  if (min === null || min < 1 || min > MAX_QUIZ_QUESTIONS) errors.minQuestions = `A whole number from 1 to ${MAX_QUIZ_QUESTIONS}.`;
  if (max === null || max < 1 || max > MAX_QUIZ_QUESTIONS) errors.maxQuestions = `A whole number from 1 to ${MAX_QUIZ_QUESTIONS}.`;
  else if (min !== null && !errors.minQuestions && max < min) errors.maxQuestions = 'At least the fewest questions.';
  if (draft.types.length === 0) errors.types = 'Choose at least one question type.';
  if (mastery === null || mastery > 100) errors.masteryScore = 'A whole percent from 0 to 100.';
  if (Object.keys(errors).length > 0) return { values: null, errors };
  return { values: quizSettingsSchema.parse({ minQuestions: min, maxQuestions: max, types: draft.types, masteryScore: mastery }), errors };
}

export const sameQuizSettings = (a: QuizSettings, b: QuizSettings): boolean =>
  a.minQuestions === b.minQuestions && a.maxQuestions === b.maxQuestions && a.masteryScore === b.masteryScore && a.types.join() === b.types.join();
