// One model call per unit of a course: an outline option, a project's lessons, a lesson's
// tasks, the final summary. Each returns validated domain data and stores nothing, so the
// runner decides what is committed and when.
import type { CourseSummary, Outline, TopicInput } from '../../shared/domain';
import { parseLocation, type LessonSource } from '../../shared/materials';
import type { QuizSettings } from '../../shared/quiz';
import { finalizeToolSchema, lessonsToolSchema, outlineToolSchema, tasksToolSchema } from '../../shared/schemas';
import type { ModelStep } from '../../shared/model-routing';
import type { GatewayCall, ModelGateway } from '../ai/gateway';
import { toolFromSchema } from '../ai/structured-call';
import type { NewLesson, NewTask } from '../db/repositories/courses';
import type { StoredLessonSource } from '../db/repositories/materials';
import { materialLabel, resolveSources, type Grounding } from './grounding';
import {
  FINALIZE_PROMPT,
  FINALIZE_SYSTEM,
  LESSONS_SYSTEM,
  OUTLINE_SYSTEM,
  TASKS_SYSTEM,
  lessonsPrompt,
  outlineContext,
  outlinePrompt,
  tasksPrompt,
  withMaterials,
} from './prompts';

type LessonText = { title: string; content: string; objectives: string[]; sources?: readonly Pick<LessonSource, 'material' | 'location'>[] };
/** A generated lesson with the places in the materials it cites (empty without materials). */
export type GeneratedLesson = NewLesson & { sources: StoredLessonSource[] };
/** How many questions a lesson's quiz gets and of which types (Settings → Quizzes). */
export type QuizShape = Pick<QuizSettings, 'minQuestions' | 'maxQuestions' | 'types'>;

/**
 * Per-call hooks: cancellation, the pause (drain), waiting for a key, accounting; `step`
 * overrides the unit's own step for the model routing (a hand regeneration is 'regenerate').
 */
export type UnitHooks = Pick<GatewayCall<unknown>, 'signal' | 'drain' | 'waitWhileBlocked' | 'onAttempt' | 'onRetry' | 'beforeSend' | 'economy' | 'step'> & {
  onPartial?: (partial: unknown) => void;
};

/** The gateway's hooks of a call of `step` (unless the caller routes it as another). */
function hooks(h: UnitHooks, step: ModelStep) {
  const { onPartial: _onPartial, ...rest } = h;
  return { ...rest, step: h.step ?? step };
}

/**
 * What each kind of unit sends (system prompt, shared context, prompt, answer tool): built
 * once here, for the calls below and for the estimate (estimate/calls.ts), which counts them.
 */
export const unitRequests = {
  outline: (topic: TopicInput, optionIndex: number, grounding: Grounding | null = null) => ({
    system: withMaterials(OUTLINE_SYSTEM, grounding !== null),
    ...(grounding ? { sharedContext: grounding.outline } : {}),
    ...sharedDocuments(grounding),
    prompt: outlinePrompt(topic, optionIndex, grounding !== null),
    tool: toolFromSchema('submit_outline', 'Submit the proposed course outline.', outlineToolSchema(topic.projects)),
  }),
  lessons: (outline: Outline, projectIndex: number, grounding: Grounding | null = null) => {
    const project = outline.projects[projectIndex]!;
    const passages =
      grounding?.passagesFor({
        title: project.title,
        objectives: [project.description, ...project.lessons.map((l) => l.summary)],
        terms: project.lessons.map((l) => l.title),
      }) ?? '';
    return {
      system: withMaterials(LESSONS_SYSTEM, grounding !== null),
      sharedContext: sharedContext(outline, grounding),
      ...sharedDocuments(grounding),
      prompt: lessonsPrompt(outline, projectIndex, grounding !== null, passages),
      tool: toolFromSchema(
        'submit_lessons',
        'Submit the lessons of the project, in the planned order.',
        lessonsToolSchema(project.lessons.length, grounding?.materials ?? []),
      ),
    };
  },
  tasks: (outline: Outline, projectIndex: number, lessonIndex: number, lesson: LessonText, quiz: QuizShape, grounding: Grounding | null = null) => ({
    system: withMaterials(TASKS_SYSTEM, grounding !== null),
    sharedContext: sharedContext(outline, grounding),
    ...sharedDocuments(grounding),
    prompt: tasksPrompt(
      projectIndex,
      lessonIndex,
      lesson,
      quiz,
      grounding
        ? {
            sources: citedLabels(grounding, lesson.sources ?? []),
            passages: grounding.passagesFor({ title: lesson.title, objectives: lesson.objectives, terms: sectionTerms(lesson.sources ?? []) }),
          }
        : null,
    ),
    tool: toolFromSchema('submit_tasks', 'Submit the tasks and the quiz for the lesson.', tasksToolSchema(quiz)),
  }),
  finalize: (outline: Outline, grounding: Grounding | null = null) => {
    const passages = grounding?.passagesFor({ title: outline.title, objectives: [outline.description], terms: outline.projects.map((p) => p.title) }) ?? '';
    return {
      system: withMaterials(FINALIZE_SYSTEM, grounding !== null),
      sharedContext: sharedContext(outline, grounding),
      ...sharedDocuments(grounding),
      prompt: passages ? `${FINALIZE_PROMPT}\n\n${passages}` : FINALIZE_PROMPT,
      tool: toolFromSchema('submit_course_summary', 'Submit the course summary, outcomes and prerequisites.', finalizeToolSchema),
    };
  },
};

/** The lesson's sources as the model saw them labelled (by the material's name in this grounding). */
function citedLabels(grounding: Grounding, sources: readonly Pick<LessonSource, 'material' | 'location'>[]): string[] {
  const nameOf = new Map(grounding.materials.map((m) => [m.sha256, m.name]));
  return sources.flatMap((s) => {
    const name = nameOf.get(s.material);
    return name ? [materialLabel(name, s.location)] : [];
  });
}

/** The headings a lesson cites are good query terms for its passages. */
function sectionTerms(sources: readonly Pick<LessonSource, 'location'>[]): string[] {
  return sources.flatMap((s) => (s.location.kind === 'section' ? s.location.path.slice(-1) : []));
}

/**
 * The job's cached shared context: the whole materials (when they fit) before the approved
 * outline, so both are one prefix every call of the job repeats byte for byte.
 */
/** The course's PDFs as pages (its opt-in), in the same cached prefix as the shared context. */
function sharedDocuments(grounding: Grounding | null): { sharedDocuments?: Grounding['documents'] } {
  return grounding && grounding.documents.length > 0 ? { sharedDocuments: grounding.documents } : {};
}

function sharedContext(outline: Outline, grounding: Grounding | null): string {
  const context = outlineContext(outline);
  return grounding?.whole ? `${grounding.whole}\n\n${context}` : context;
}

export async function generateOutline(
  gateway: ModelGateway,
  topic: TopicInput,
  optionIndex: number,
  h: UnitHooks = {},
  grounding: Grounding | null = null,
): Promise<Outline> {
  const schema = outlineToolSchema(topic.projects);
  const { value } = await gateway.call({
    request: { ...unitRequests.outline(topic, optionIndex, grounding), ...(h.onPartial ? { onPartial: h.onPartial } : {}) },
    schema,
    ...hooks(h, 'outline'),
  });
  return {
    title: value.title,
    description: value.description,
    audience: topic.audience,
    level: topic.level,
    language: topic.language,
    projects: value.projects,
  };
}

export async function generateProjectLessons(
  gateway: ModelGateway,
  outline: Outline,
  projectIndex: number,
  h: UnitHooks = {},
  grounding: Grounding | null = null,
): Promise<GeneratedLesson[]> {
  const planned = outline.projects[projectIndex]!.lessons;
  const schema = lessonsToolSchema(planned.length, grounding?.materials ?? []);
  const { value } = await gateway.call({
    request: unitRequests.lessons(outline, projectIndex, grounding),
    schema,
    ...hooks(h, 'lessons'),
  });
  // The outline's titles are what a reviewer approved: keep them, whatever the model renamed.
  return value.lessons.map((l, i) => ({
    title: planned[i]!.title,
    content: l.content,
    objectives: l.objectives,
    sources: resolveSources(grounding, l.sources, parseLocation),
  }));
}

/**
 * A lesson's tasks in the order a learner meets them: the exercises, then the quiz (one task
 * holding every question), then the reflections.
 */
export async function generateLessonTasks(
  gateway: ModelGateway,
  outline: Outline,
  projectIndex: number,
  lessonIndex: number,
  lesson: LessonText,
  quiz: QuizShape,
  h: UnitHooks = {},
  grounding: Grounding | null = null,
): Promise<NewTask[]> {
  const { value } = await gateway.call({
    request: unitRequests.tasks(outline, projectIndex, lessonIndex, lesson, quiz, grounding),
    schema: tasksToolSchema(quiz),
    ...hooks(h, 'tasks'),
  });
  const practice = (kind: 'exercise' | 'reflection'): NewTask[] =>
    value.tasks
      .filter((t) => t.kind === kind)
      .map((t) => ({ kind, prompt: t.prompt, answerKey: kind === 'exercise' && t.answer_key?.trim() ? t.answer_key : null, questions: null }));
  return [
    ...practice('exercise'),
    { kind: 'quiz', prompt: value.quiz.introduction, answerKey: null, questions: value.quiz.questions },
    ...practice('reflection'),
  ];
}

export async function generateCourseSummary(gateway: ModelGateway, outline: Outline, h: UnitHooks = {}, grounding: Grounding | null = null): Promise<CourseSummary> {
  const { value } = await gateway.call({
    request: unitRequests.finalize(outline, grounding),
    schema: finalizeToolSchema,
    ...hooks(h, 'summary'),
  });
  return { summary: value.summary, learningOutcomes: value.learning_outcomes, prerequisites: value.prerequisites };
}
