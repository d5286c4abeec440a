// Quiz questions an LMS can grade by itself (issue 15). The LMS exporters take these; the
// generation schema, the store and the editor learn them in a later step. Until then a quiz
// task is free text with an answer key, which only an essay question can carry
// (legacyQuizQuestion). Plain data: it crosses IPC like the rest of the domain. All text is
// model-written Markdown-ish prose: untrusted, rendered sanitized.

export const QUESTION_TYPES = ['multiple_choice', 'multiple_response', 'true_false', 'short_answer', 'essay'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface ChoiceOption {
  text: string;
  correct: boolean;
  /** Shown to a learner who chose this option ('' for none). */
  feedback: string;
}

interface QuestionBase {
  stem: string;
  /** The general explanation, shown after answering whatever the answer ('' for none). */
  explanation: string;
}

/** 3–5 options, exactly one correct. */
export interface MultipleChoiceQuestion extends QuestionBase {
  type: 'multiple_choice';
  options: ChoiceOption[];
}

/** Any number of correct options, at least one; full marks only for exactly the correct set. */
export interface MultipleResponseQuestion extends QuestionBase {
  type: 'multiple_response';
  options: ChoiceOption[];
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'true_false';
  answer: boolean;
  /** Feedback for choosing true, and for choosing false ('' for none). */
  trueFeedback: string;
  falseFeedback: string;
}

/** Graded by comparing the answer, trimmed and case-insensitively, with each accepted one. */
export interface ShortAnswerQuestion extends QuestionBase {
  type: 'short_answer';
  /** At least one. */
  acceptedAnswers: string[];
}

/** Graded by a person; the model answer is shown as feedback once answered. */
export interface EssayQuestion extends QuestionBase {
  type: 'essay';
  modelAnswer: string;
}

export type QuizQuestion = MultipleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion | ShortAnswerQuestion | EssayQuestion;

/** A question a machine can grade (everything but essays). */
export const isAutoGraded = (question: QuizQuestion): boolean => question.type !== 'essay';

/** Today's quiz task (one free-text question and its answer key) as the essay question it is. */
export function legacyQuizQuestion(task: { prompt: string; answerKey: string | null }): EssayQuestion {
  return { type: 'essay', stem: task.prompt, explanation: '', modelAnswer: task.answerKey ?? '' };
}
