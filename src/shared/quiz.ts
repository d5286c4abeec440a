// Quiz questions an LMS can grade by itself. A lesson's quiz is one quiz task holding its
// questions (Task.questions); a quiz task written before them (migration 8) holds a single
// free-text question with an answer key, which only an essay question can carry
// (legacyQuizQuestion) until the editor regenerates it. Plain data: it crosses IPC like the
// rest of the domain. All text is model-written Markdown-ish prose: untrusted, rendered
// sanitized.
//
// One zod schema (quizQuestionSchema) checks every way a question arrives: the model's answer
// (as its tool schema too, so the model and the validator read the same rules), an edit over
// IPC, a row read from the database, a course pulled from the organisation's backend.
import { z } from 'zod';

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

// ---- validation ----------------------------------------------------------------------

const prose = (max: number) => z.string().trim().min(1).max(max);
const note = (max: number) => z.string().trim().max(max);

/** Compared as a learner would read them: case, spacing and surrounding blanks aside. */
const sameText = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** The first text that appears twice, if any. */
function repeated(texts: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const text of texts) {
    const key = sameText(text);
    if (seen.has(key)) return text.trim();
    seen.add(key);
  }
  return null;
}

const optionSchema = z.object({
  text: prose(1000),
  correct: z.boolean(),
  feedback: note(2000).describe('Shown to a learner who chose this option; empty for none.'),
});

const stem = prose(4000).describe('The question, in Markdown.');
const explanation = note(4000).describe('Why the answer is right, shown after answering; empty for none.');

function uniqueOptions(options: readonly { text: string }[], ctx: z.RefinementCtx): void {
  const twice = repeated(options.map((o) => o.text));
  if (twice !== null) ctx.addIssue({ code: 'custom', path: ['options'], message: `options must differ: "${twice}" appears twice` });
}

export const multipleChoiceSchema = z
  .object({ type: z.literal('multiple_choice'), stem, options: z.array(optionSchema).min(3).max(5), explanation })
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (correct !== 1) ctx.addIssue({ code: 'custom', path: ['options'], message: `a multiple choice question has exactly one correct option (this one has ${correct})` });
    uniqueOptions(q.options, ctx);
  });

export const multipleResponseSchema = z
  .object({ type: z.literal('multiple_response'), stem, options: z.array(optionSchema).min(3).max(6), explanation })
  .superRefine((q, ctx) => {
    if (!q.options.some((o) => o.correct)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a multiple response question has at least one correct option' });
    uniqueOptions(q.options, ctx);
  });

export const trueFalseSchema = z.object({
  type: z.literal('true_false'),
  stem: prose(4000).describe('A statement that is either true or false.'),
  answer: z.boolean(),
  trueFeedback: note(2000),
  falseFeedback: note(2000),
  explanation,
});

export const shortAnswerSchema = z
  .object({
    type: z.literal('short_answer'),
    stem,
    acceptedAnswers: z.array(prose(200)).min(1).max(10).describe('Every answer to accept; compared case-insensitively, so list spellings, not capitalisations.'),
    explanation,
  })
  .superRefine((q, ctx) => {
    const twice = repeated(q.acceptedAnswers);
    if (twice !== null) ctx.addIssue({ code: 'custom', path: ['acceptedAnswers'], message: `accepted answers must differ: "${twice}" appears twice` });
  });

export const essaySchema = z.object({ type: z.literal('essay'), stem, modelAnswer: note(20_000), explanation });

const SCHEMA_OF_TYPE = {
  multiple_choice: multipleChoiceSchema,
  multiple_response: multipleResponseSchema,
  true_false: trueFalseSchema,
  short_answer: shortAnswerSchema,
  essay: essaySchema,
} as const satisfies Record<QuestionType, z.ZodType<QuizQuestion>>;

export const MAX_QUIZ_QUESTIONS = 10;

/** A question of any type: the type names the fields, and the rules of that type apply. */
export const quizQuestionSchema = z.discriminatedUnion('type', [multipleChoiceSchema, multipleResponseSchema, trueFalseSchema, shortAnswerSchema, essaySchema]);

/** A quiz task's questions: at least one (a quiz without any is a legacy one: null). */
export const quizQuestionsSchema = z.array(quizQuestionSchema).min(1).max(MAX_QUIZ_QUESTIONS);

/** Questions of the given types only: what the model may answer with. */
export function questionSchemaFor(types: readonly QuestionType[]) {
  const [first, ...rest] = QUESTION_TYPES.filter((t) => types.includes(t)).map((t) => SCHEMA_OF_TYPE[t]);
  if (!first) throw new Error('at least one question type is needed');
  return rest.length === 0 ? first : z.discriminatedUnion('type', [first, ...rest]);
}

// ---- settings ------------------------------------------------------------------------

/**
 * Settings → Quizzes: how many questions a lesson's quiz gets and of which types, and the
 * score a learner needs to pass a SCORM package (its adlcp:masteryscore).
 */
export const quizSettingsSchema = z
  .object({
    minQuestions: z.number().int().min(1).max(MAX_QUIZ_QUESTIONS),
    maxQuestions: z.number().int().min(1).max(MAX_QUIZ_QUESTIONS),
    types: z.array(z.enum(QUESTION_TYPES)).min(1, 'choose at least one question type'),
    masteryScore: z.number().int().min(0).max(100),
  })
  .refine((s) => s.minQuestions <= s.maxQuestions, { path: ['maxQuestions'], message: 'the most questions cannot be fewer than the fewest' })
  .transform((s) => ({ ...s, types: QUESTION_TYPES.filter((t) => s.types.includes(t)) }));
export type QuizSettings = z.infer<typeof quizSettingsSchema>;

/** 3–5 questions a lesson, every type an LMS grades by itself; 80 % to pass. */
export const DEFAULT_QUIZ_SETTINGS: QuizSettings = {
  minQuestions: 3,
  maxQuestions: 5,
  types: ['multiple_choice', 'multiple_response', 'true_false', 'short_answer'],
  masteryScore: 80,
};

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  multiple_choice: 'Multiple choice',
  multiple_response: 'Multiple response',
  true_false: 'True/false',
  short_answer: 'Short answer',
  essay: 'Essay (graded by a person)',
};
