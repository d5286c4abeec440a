// One model call per unit of a course: an outline option, a project's lessons, a lesson's
// tasks, the final summary. Each returns validated domain data and stores nothing, so the
// runner decides what is committed and when.
import type { CourseSummary, Outline, TopicInput } from '../../shared/domain';
import type { QuizSettings } from '../../shared/quiz';
import { finalizeToolSchema, lessonsToolSchema, outlineToolSchema, tasksToolSchema } from '../../shared/schemas';
import type { ModelStep } from '../../shared/model-routing';
import type { GatewayCall, ModelGateway } from '../ai/gateway';
import { toolFromSchema } from '../ai/structured-call';
import type { NewLesson, NewTask } from '../db/repositories/courses';
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
} from './prompts';

type LessonText = { title: string; content: string; objectives: string[] };
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
  outline: (topic: TopicInput, optionIndex: number) => ({
    system: OUTLINE_SYSTEM,
    prompt: outlinePrompt(topic, optionIndex),
    tool: toolFromSchema('submit_outline', 'Submit the proposed course outline.', outlineToolSchema(topic.projects)),
  }),
  lessons: (outline: Outline, projectIndex: number) => ({
    system: LESSONS_SYSTEM,
    sharedContext: outlineContext(outline),
    prompt: lessonsPrompt(outline, projectIndex),
    tool: toolFromSchema('submit_lessons', 'Submit the lessons of the project, in the planned order.', lessonsToolSchema(outline.projects[projectIndex]!.lessons.length)),
  }),
  tasks: (outline: Outline, projectIndex: number, lessonIndex: number, lesson: LessonText, quiz: QuizShape) => ({
    system: TASKS_SYSTEM,
    sharedContext: outlineContext(outline),
    prompt: tasksPrompt(projectIndex, lessonIndex, lesson, quiz),
    tool: toolFromSchema('submit_tasks', 'Submit the tasks and the quiz for the lesson.', tasksToolSchema(quiz)),
  }),
  finalize: (outline: Outline) => ({
    system: FINALIZE_SYSTEM,
    sharedContext: outlineContext(outline),
    prompt: FINALIZE_PROMPT,
    tool: toolFromSchema('submit_course_summary', 'Submit the course summary, outcomes and prerequisites.', finalizeToolSchema),
  }),
};

export async function generateOutline(gateway: ModelGateway, topic: TopicInput, optionIndex: number, h: UnitHooks = {}): Promise<Outline> {
  const schema = outlineToolSchema(topic.projects);
  const { value } = await gateway.call({
    request: { ...unitRequests.outline(topic, optionIndex), ...(h.onPartial ? { onPartial: h.onPartial } : {}) },
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

export async function generateProjectLessons(gateway: ModelGateway, outline: Outline, projectIndex: number, h: UnitHooks = {}): Promise<NewLesson[]> {
  const planned = outline.projects[projectIndex]!.lessons;
  const schema = lessonsToolSchema(planned.length);
  const { value } = await gateway.call({
    request: unitRequests.lessons(outline, projectIndex),
    schema,
    ...hooks(h, 'lessons'),
  });
  // The outline's titles are what a reviewer approved: keep them, whatever the model renamed.
  return value.lessons.map((l, i) => ({ title: planned[i]!.title, content: l.content, objectives: l.objectives }));
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
): Promise<NewTask[]> {
  const { value } = await gateway.call({
    request: unitRequests.tasks(outline, projectIndex, lessonIndex, lesson, quiz),
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

export async function generateCourseSummary(gateway: ModelGateway, outline: Outline, h: UnitHooks = {}): Promise<CourseSummary> {
  const { value } = await gateway.call({
    request: unitRequests.finalize(outline),
    schema: finalizeToolSchema,
    ...hooks(h, 'summary'),
  });
  return { summary: value.summary, learningOutcomes: value.learning_outcomes, prerequisites: value.prerequisites };
}
