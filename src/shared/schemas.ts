// zod schemas for everything that enters from outside: what people type, what CSV rows
// hold, and what the model returns. Model output schemas double as tool input schemas
// (converted with z.toJSONSchema), so the model and the validator read the same rules.
import { z } from 'zod';
import { COURSE_LEVELS } from './domain';
import { parseLocation } from './materials';
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
  /**
   * Send the course's PDFs to Claude as document blocks (each page as text and image) rather
   * than as extracted text: ~3× the tokens, worth it where figures carry the content
   * (docs/SOURCES.md, "PDF document blocks"). Claude only, whole mode only.
   */
  pdfAsPages: z.boolean().optional(),
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

/** A material the model may cite, by the name its passages are labelled with; `pages` for a PDF. */
export interface CitableMaterial {
  name: string;
  pages: number | null;
}

/**
 * A lesson's sources as the model writes them: which material (by the name shown), where in
 * it ("p. 4–6" for a PDF, "§ Heading › Sub" or "" otherwise), and what the lesson took.
 * A name not shown, a page past the material's end, or a location of the wrong kind is an
 * invalid answer, sent back to the model to repair like any other.
 */
function sourcesSchema(materials: readonly CitableMaterial[]) {
  const byName = new Map(materials.map((m) => [m.name, m]));
  const names = materials.map((m) => m.name) as [string, ...string[]];
  return z
    .array(
      z
        .object({
          material: z.enum(names).describe('The file name exactly as its passages are labelled.'),
          location: z.string().max(600).describe('As labelled: "p. 4" or "p. 4–6" for a PDF, "§ Heading › Subheading" for a section, "" for a whole file without headings.'),
          note: z.string().max(500).describe('What the lesson took from it, in a sentence.'),
        })
        .superRefine((source, ctx) => {
          const material = byName.get(source.material);
          if (!material) return;
          const location = parseLocation(source.location);
          const at = ['location'];
          if (!location) ctx.addIssue({ code: 'custom', path: at, message: `"${source.location}" is not a location: write "p. 4", "p. 4–6" or "§ Heading"` });
          else if (material.pages !== null && location.kind !== 'pages') ctx.addIssue({ code: 'custom', path: at, message: `${material.name} is a PDF: cite its pages ("p. 4")` });
          else if (material.pages === null && location.kind === 'pages') ctx.addIssue({ code: 'custom', path: at, message: `${material.name} has no pages: cite a heading ("§ Heading") or ""` });
          else if (location.kind === 'pages' && location.to > material.pages!) {
            ctx.addIssue({ code: 'custom', path: at, message: `${material.name} has ${material.pages} pages; "${source.location}" is past its end` });
          }
        }),
    )
    .max(6)
    .describe('The places in the source materials this lesson draws on (empty if none).');
}

/**
 * What the model returns for the lessons of one project: exactly one entry per planned
 * lesson; with the course's materials, each lesson also cites the places it drew on. Without
 * materials the schema is the one it always was.
 */
function buildLessonsToolSchema({ count, materials }: { count: number; materials: readonly CitableMaterial[] }) {
  const lesson = z.object({
    title: text(200),
    content: text(200_000),
    objectives: z.array(text(500)).min(1).max(8),
  });
  const withSources = materials.length > 0 ? lesson.extend({ sources: sourcesSchema(materials) }) : lesson;
  return z.object({ lessons: z.array(withSources).length(count) });
}

/** A lessons answer's lesson; `sources` only when the course has materials. */
export type LessonAnswer = { title: string; content: string; objectives: string[]; sources?: { material: string; location: string; note: string }[] };

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
const lessonsShapes = reusedPer(buildLessonsToolSchema, ({ count, materials }) => `${count}|${JSON.stringify(materials.map((m) => [m.name, m.pages]))}`);
export const lessonsToolSchema = (count: number, materials: readonly CitableMaterial[] = []): z.ZodType<{ lessons: LessonAnswer[] }> =>
  lessonsShapes({ count, materials });
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
