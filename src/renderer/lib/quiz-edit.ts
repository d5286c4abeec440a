// Editing a lesson's quiz in the course editor: change a question's type, edit its stem,
// options and answers, mark the correct option, reorder, add and delete questions and
// options. Immutable operations, plus a validator that runs the shared schema
// (shared/quiz.ts, the one main checks again) and words its findings for a person, keyed by
// path (`2.options.1.text`) for inline display.
import { MAX_QUIZ_QUESTIONS, quizQuestionsSchema, type ChoiceOption, type QuestionType, type QuizQuestion } from '../../shared/quiz';
import { move } from './outline-edit';

export const MAX_OPTIONS: Record<'multiple_choice' | 'multiple_response', number> = { multiple_choice: 5, multiple_response: 6 };
const MIN_OPTIONS = 3;

const option = (text = '', correct = false): ChoiceOption => ({ text, correct, feedback: '' });

/** A new question of a type, ready to be filled in (an MC question starts with its first option marked). */
export function blankQuestion(type: QuestionType): QuizQuestion {
  const base = { stem: '', explanation: '' };
  switch (type) {
    case 'multiple_choice':
      return { ...base, type, options: [option('', true), option(), option()] };
    case 'multiple_response':
      return { ...base, type, options: [option('', true), option(), option()] };
    case 'true_false':
      return { ...base, type, answer: true, trueFeedback: '', falseFeedback: '' };
    case 'short_answer':
      return { ...base, type, acceptedAnswers: [''] };
    case 'essay':
      return { ...base, type, modelAnswer: '' };
  }
}

function choices(q: QuizQuestion): ChoiceOption[] | null {
  return q.type === 'multiple_choice' || q.type === 'multiple_response' ? q.options : null;
}

/**
 * The question as another type, keeping what carries over: the stem and explanation always;
 * options between the two choice types (single choice keeps only the first correct mark);
 * a choice question's correct options become a short answer's accepted answers.
 */
export function convertQuestion(q: QuizQuestion, type: QuestionType): QuizQuestion {
  if (q.type === type) return q;
  const base = { stem: q.stem, explanation: q.explanation };
  const options = choices(q);
  if (type === 'multiple_choice' || type === 'multiple_response') {
    if (!options) return { ...blankQuestion(type), ...base } as QuizQuestion;
    if (type === 'multiple_response') return { ...base, type, options };
    const first = Math.max(0, options.findIndex((o) => o.correct));
    return { ...base, type, options: options.slice(0, MAX_OPTIONS.multiple_choice).map((o, i) => ({ ...o, correct: i === first })) };
  }
  if (type === 'short_answer') {
    const accepted = options?.filter((o) => o.correct && o.text.trim() !== '').map((o) => o.text) ?? [];
    return { ...base, type, acceptedAnswers: accepted.length > 0 ? accepted : [''] };
  }
  if (type === 'true_false') return { ...blankQuestion(type), ...base } as QuizQuestion;
  return { ...base, type, modelAnswer: q.type === 'short_answer' ? q.acceptedAnswers.filter((a) => a.trim() !== '').join('\n') : '' };
}

const at = <T>(items: readonly T[], index: number, change: (item: T) => T): T[] => items.map((item, i) => (i === index ? change(item) : item));

function withOptions(q: QuizQuestion, change: (options: ChoiceOption[]) => ChoiceOption[]): QuizQuestion {
  return q.type === 'multiple_choice' || q.type === 'multiple_response' ? { ...q, options: change(q.options) } : q;
}

export const quizOps = {
  set: (qs: readonly QuizQuestion[], qi: number, question: QuizQuestion) => at(qs, qi, () => question),
  setType: (qs: readonly QuizQuestion[], qi: number, type: QuestionType) => at(qs, qi, (q) => convertQuestion(q, type)),
  move: (qs: readonly QuizQuestion[], qi: number, delta: number) => move(qs, qi, delta),
  add: (qs: readonly QuizQuestion[], type: QuestionType) => (qs.length >= MAX_QUIZ_QUESTIONS ? [...qs] : [...qs, blankQuestion(type)]),
  remove: (qs: readonly QuizQuestion[], qi: number) => qs.filter((_, i) => i !== qi),

  setOption: (qs: readonly QuizQuestion[], qi: number, oi: number, fields: Partial<Omit<ChoiceOption, 'correct'>>) =>
    at(qs, qi, (q) => withOptions(q, (options) => at(options, oi, (o) => ({ ...o, ...fields })))),
  /** Single choice: this option becomes the one correct answer. Multiple response: its mark flips. */
  markCorrect: (qs: readonly QuizQuestion[], qi: number, oi: number) =>
    at(qs, qi, (q) =>
      withOptions(q, (options) =>
        q.type === 'multiple_choice' ? options.map((o, i) => ({ ...o, correct: i === oi })) : at(options, oi, (o) => ({ ...o, correct: !o.correct })),
      ),
    ),
  moveOption: (qs: readonly QuizQuestion[], qi: number, oi: number, delta: number) => at(qs, qi, (q) => withOptions(q, (options) => move(options, oi, delta))),
  addOption: (qs: readonly QuizQuestion[], qi: number) =>
    at(qs, qi, (q) => withOptions(q, (options) => (q.type !== 'true_false' && options.length < MAX_OPTIONS[q.type as keyof typeof MAX_OPTIONS] ? [...options, option()] : options))),
  removeOption: (qs: readonly QuizQuestion[], qi: number, oi: number) =>
    at(qs, qi, (q) =>
      withOptions(q, (options) => {
        const rest = options.filter((_, i) => i !== oi);
        // Deleting a single-choice question's answer marks the first remaining option, so it still has one.
        return q.type === 'multiple_choice' && options[oi]?.correct && rest.length > 0 ? rest.map((o, i) => ({ ...o, correct: i === 0 })) : rest;
      }),
    ),
};

/** Whether another option may be added / this one deleted. */
export const canAddOption = (q: QuizQuestion) => (q.type === 'multiple_choice' || q.type === 'multiple_response') && q.options.length < MAX_OPTIONS[q.type];
export const canRemoveOption = (q: QuizQuestion) => (choices(q)?.length ?? 0) > MIN_OPTIONS;

/** As saved: blank accepted answers (the editor's empty last line) dropped. */
export function cleanQuestions(qs: readonly QuizQuestion[]): QuizQuestion[] {
  return qs.map((q) => (q.type === 'short_answer' ? { ...q, acceptedAnswers: q.acceptedAnswers.filter((a) => a.trim() !== '') } : q));
}

const FIELD_WORDS: Record<string, string> = {
  stem: 'Write the question.',
  text: 'Write the option.',
  acceptedAnswers: 'Give at least one accepted answer.',
};

/** Path → message; empty when the quiz can be saved. The paths are the schema's (`0.options.2.text`). */
export function validateQuestions(qs: readonly QuizQuestion[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (qs.length === 0) return { '': 'A quiz needs at least one question.' };
  const parsed = quizQuestionsSchema.safeParse(cleanQuestions(qs));
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    if (errors[path]) continue;
    const field = String(issue.path.at(-1) ?? '');
    errors[path] =
      issue.code === 'too_small' && FIELD_WORDS[field]
        ? FIELD_WORDS[field]
        : issue.code === 'too_small' && field === 'options'
          ? `Give at least ${MIN_OPTIONS} options.`
          : issue.code === 'too_big'
            ? 'This is too long.'
            : issue.message.charAt(0).toUpperCase() + issue.message.slice(1) + (issue.message.endsWith('.') ? '' : '.');
  }
  return errors;
}
