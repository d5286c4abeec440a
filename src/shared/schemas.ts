// zod schemas for everything that enters from outside: what people type, what CSV rows
// hold, and what the model returns. Model output schemas double as tool input schemas
// (converted with z.toJSONSchema), so the model and the validator read the same rules.
import { z } from 'zod';
import { COURSE_LEVELS } from './domain';
import { questionSchemaFor, type QuizSettings } from './quiz';

const text = (max: number) => z.string().trim().min(1).max(max);

export const MIN_PROJECTS = 3;
export const MAX_PROJECTS = 8;

export const topicInputSchema = z.object({
  topic: text(300),
  audience: z.string().trim().max(300).default('general learners'),
  level: z.enum(COURSE_LEVELS).default('beginner'),
  projects: z.coerce.number().int().min(MIN_PROJECTS).max(MAX_PROJECTS).default(5),
  language: z.string().trim().min(2).max(40).default('English'),
  notes: z.string().max(4000).default(''),
});
export type TopicInputRaw = z.input<typeof topicInputSchema>;

export const outlineLessonSchema = z.object({
  title: text(200),
  summary: z.string().max(2000),
});

export const outlineProjectSchema = z.object({
  title: text(200),
  description: z.string().max(4000),
  lessons: z.array(outlineLessonSchema).min(1).max(12),
});

export const outlineSchema = z.object({
  title: text(200),
  description: z.string().max(4000),
  audience: z.string().max(300),
  level: z.enum(COURSE_LEVELS),
  language: z.string().max(40),
  projects: z.array(outlineProjectSchema).min(MIN_PROJECTS).max(MAX_PROJECTS),
});

/** What the model returns for one outline option (course-level fields come from the topic). */
function buildOutlineToolSchema(projectCount: number) {
  return z.object({
    title: text(200),
    description: text(4000),
    projects: z
      .array(
        z.object({
          title: text(200),
          description: text(4000),
          lessons: z.array(z.object({ title: text(200), summary: text(2000) })).min(2).max(6),
        }),
      )
      .length(projectCount),
  });
}

/** What the model returns for the lessons of one project: exactly one entry per planned lesson. */
function buildLessonsToolSchema(lessonCount: number) {
  return z.object({
    lessons: z
      .array(
        z.object({
          title: text(200),
          content: text(200_000),
          objectives: z.array(text(500)).min(1).max(8),
        }),
      )
      .length(lessonCount),
  });
}

/**
 * What the model returns for one lesson: its practice tasks (an exercise and a reflection,
 * at least) and one quiz of typed questions, as many and of the types Settings asks for.
 */
function buildTasksToolSchema(quiz: QuizShapeKey) {
  return z.object({
    tasks: z
      .array(
        z.object({
          kind: z.enum(['exercise', 'reflection']),
          prompt: text(20_000),
          answer_key: z.string().max(20_000).nullable().describe('For an exercise: what a good solution looks like; null for a reflection.'),
        }),
      )
      .min(2)
      .max(4)
      .refine((tasks) => tasks.some((t) => t.kind === 'exercise') && tasks.some((t) => t.kind === 'reflection'), {
        message: 'write at least one exercise and one reflection',
      }),
    quiz: z.object({
      introduction: text(2000).describe('One or two sentences telling the learner what the quiz checks.'),
      questions: z.array(questionSchemaFor(quiz.types)).min(quiz.minQuestions).max(quiz.maxQuestions),
    }),
  });
}

type QuizShapeKey = Pick<QuizSettings, 'minQuestions' | 'maxQuestions' | 'types'>;

// The answer schemas are built once per shape and reused: every model call sends its schema
// as a tool (zod to JSON Schema costs about a millisecond a time, see ai/structured-call's
// toolFromSchema, which keeps the result per schema) and validates its answer with it,
// hundreds of times a batch. The shapes are few: a count, the quiz settings.
const REUSED_SHAPES = 64;
function reusedPer<K, V>(build: (key: K) => V, keyOf: (key: K) => string | number = (k) => k as unknown as string): (key: K) => V {
  const cache = new Map<string | number, V>();
  return (key) => {
    const k = keyOf(key);
    let value = cache.get(k);
    if (value === undefined) {
      if (cache.size >= REUSED_SHAPES) cache.clear();
      value = build(key);
      cache.set(k, value);
    }
    return value;
  };
}

export const outlineToolSchema = reusedPer(buildOutlineToolSchema);
export const lessonsToolSchema = reusedPer(buildLessonsToolSchema);
export const tasksToolSchema = reusedPer(buildTasksToolSchema, (q) => `${q.minQuestions}-${q.maxQuestions}-${[...q.types].sort().join(',')}`);

export const finalizeToolSchema = z.object({
  summary: text(8000),
  learning_outcomes: z.array(text(500)).min(1).max(12),
  prerequisites: z.array(text(500)).max(12),
});

export const approvalInputSchema = z.object({
  by: text(120),
  note: z.string().max(4000).default(''),
});
