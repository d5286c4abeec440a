// lessons.* and tasks.*: edit one unit, or regenerate one unit while keeping the rest of
// the course exactly as it is (including a title the person renamed). Any change sends an
// approved course back to review, in the same transaction.
import type { Task } from '../../../shared/domain';
import { readPreferences } from '../../core/app-settings';
import type { CoreContext } from '../../core/context';
import { contentChanged } from '../../courses/workflow';
import type { CallAttemptRecord } from '../../ai/structured-call';
import { modelStamp, personStamp } from '../../history/authors';
import { groundingFor } from '../../generation/job-grounding';
import { generateLessonTasks, generateProjectLessons } from '../../generation/units';
import type { Handlers } from '../dispatch';
import { ConflictError, InputError } from '../errors';
import { lessonPlace, lessonView, requireLesson, requireNotGenerating, requireTask } from './guards';
import { recordCall } from './model-calls';

/** An edit saved while the model wrote the new text wins: the person chose it after asking for the regeneration. */
const EDITED_MEANWHILE = (unit: 'lesson' | 'task') =>
  `This ${unit} was edited while it was being regenerated, so the new text was not applied and your edit is kept. Regenerate again to replace it.`;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

const sameTask = (a: Task, b: Task) =>
  a.kind === b.kind && a.prompt === b.prompt && a.answerKey === b.answerKey && JSON.stringify(a.questions) === JSON.stringify(b.questions);

/** The call's own accounting, plus the model that wrote the successful answer (the version's author). */
function recordingModel(record: (rec: CallAttemptRecord) => void) {
  const seen = { model: null as string | null };
  const onAttempt = (rec: CallAttemptRecord) => {
    if (rec.outcome === 'ok') seen.model = rec.model;
    record(rec);
  };
  return { onAttempt, seen };
}

function requireOutline(core: CoreContext, courseId: string) {
  const course = core.store.courses.require(courseId);
  if (!course.outline) throw new ConflictError('Cannot regenerate: the course has no approved outline.');
  return course.outline;
}

export function contentHandlers(core: CoreContext) {
  const { store } = core;
  return {
    'lessons.update': ({ lessonId, title, content, objectives }) => {
      const lesson = requireLesson(core, lessonId);
      requireNotGenerating(core, lesson.courseId, 'edit a lesson');
      store.write(() => {
        store.courses.updateLesson(lessonId, { title, content, objectives }, personStamp(store, 'edited'));
        contentChanged(store, lesson.courseId);
        core.sync.republishIfPublished(lesson.courseId);
      });
      return lessonView(core, lesson.courseId, lessonId);
    },
    'lessons.regenerate': async ({ lessonId }) => {
      const lesson = requireLesson(core, lessonId);
      requireNotGenerating(core, lesson.courseId, 'regenerate a lesson');
      const outline = requireOutline(core, lesson.courseId);
      const { projectIndex, lessonIndex } = lessonPlace(core, lesson.courseId, lessonId);
      if (!outline.projects[projectIndex]) throw new ConflictError('This lesson is not part of the approved outline any more.');
      const calls = recordingModel(recordCall(core, lesson.courseId, 'lessons', `regenerate:lesson:${projectIndex}.${lessonIndex}`));
      const generated = await generateProjectLessons(
        core.gateway,
        outline,
        projectIndex,
        { signal: core.signal, step: 'regenerate', onAttempt: calls.onAttempt },
        await groundingFor(store, core.gateway, lesson.courseId, ['regenerate'], readPreferences(store).quiz, outline.projects.length, (h) => core.materials.files.read(h)),
      );
      const fresh = generated[lessonIndex];
      if (!fresh) throw new Error('The model did not write this lesson; try again.');
      // The generation may have taken a while: the lesson could have been deleted or edited meanwhile.
      const current = requireLesson(core, lessonId);
      if (current.content !== lesson.content || !sameList(current.objectives, lesson.objectives)) throw new ConflictError(EDITED_MEANWHILE('lesson'));
      store.write(() => {
        store.courses.updateLesson(
          lessonId,
          { title: current.title, content: fresh.content, objectives: fresh.objectives },
          modelStamp(calls.seen.model, 'regenerated'),
        );
        // The new text's sources replace the old ones in the same write: written without
        // materials (none left, or none fit), it cites nothing, whatever the old text did.
        store.materials.setLessonSources(lessonId, fresh.sources);
        contentChanged(store, lesson.courseId);
        core.sync.republishIfPublished(lesson.courseId);
      });
      core.emit('course.changed', { courseId: lesson.courseId });
      return lessonView(core, lesson.courseId, lessonId);
    },
    'tasks.update': ({ taskId, kind, prompt, answerKey, questions }) => {
      const task = requireTask(core, taskId);
      const lesson = requireLesson(core, task.lessonId);
      requireNotGenerating(core, lesson.courseId, 'edit a task');
      const nextQuestions = questions ?? task.questions;
      const key = answerKey?.trim() ? answerKey : null;
      // Turning a quiz with questions into an exercise would throw its questions away.
      if (nextQuestions && kind !== 'quiz') throw new InputError([{ path: 'kind', message: 'A quiz with questions stays a quiz: delete the task to remove it.' }]);
      if (kind === 'quiz' && !nextQuestions && key === null) throw new InputError([{ path: 'answerKey', message: 'A quiz question needs an answer key.' }]);
      store.write(() => {
        // A quiz with questions has no answer key of its own: each question carries its answers.
        store.courses.updateTask(taskId, { kind, prompt, answerKey: nextQuestions ? null : key, questions: nextQuestions }, personStamp(store, 'edited'));
        contentChanged(store, lesson.courseId);
        core.sync.republishIfPublished(lesson.courseId);
      });
      return store.courses.task(taskId)!;
    },
    'tasks.regenerate': async ({ taskId }) => {
      const task = requireTask(core, taskId);
      const lesson = requireLesson(core, task.lessonId);
      requireNotGenerating(core, lesson.courseId, 'regenerate a task');
      const outline = requireOutline(core, lesson.courseId);
      const { projectIndex, lessonIndex } = lessonPlace(core, lesson.courseId, lesson.id);
      const calls = recordingModel(recordCall(core, lesson.courseId, 'tasks', `regenerate:task:${projectIndex}.${lessonIndex}.${task.position}`));
      const generated = await generateLessonTasks(
        core.gateway,
        outline,
        projectIndex,
        lessonIndex,
        { title: lesson.title, content: lesson.content, objectives: lesson.objectives, sources: lesson.sources },
        readPreferences(store).quiz,
        {
          signal: core.signal,
          step: 'regenerate',
          onAttempt: calls.onAttempt,
        },
        await groundingFor(store, core.gateway, lesson.courseId, ['regenerate'], readPreferences(store).quiz, outline.projects.length, (h) => core.materials.files.read(h)),
      );
      // The same kind, so a quiz stays a quiz (and one written before typed questions comes
      // back with them): the second exercise is replaced by the second new one, if any.
      const ofKind = generated.filter((t) => t.kind === task.kind);
      const nth = lessonView(core, lesson.courseId, lesson.id).tasks.filter((t) => t.kind === task.kind).findIndex((t) => t.id === task.id);
      const fresh = ofKind[nth] ?? ofKind[0];
      if (!fresh) throw new Error(`The model did not write a new ${task.kind}; try again.`);
      const current = requireTask(core, taskId);
      if (!sameTask(current, task)) throw new ConflictError(EDITED_MEANWHILE('task'));
      store.write(() => {
        // In place: the task keeps its id, so its history runs on through regenerations.
        store.courses.updateTask(taskId, fresh, modelStamp(calls.seen.model, 'regenerated'));
        contentChanged(store, lesson.courseId);
        core.sync.republishIfPublished(lesson.courseId);
      });
      core.emit('course.changed', { courseId: lesson.courseId });
      return store.courses.task(taskId)!;
    },
  } satisfies Partial<Handlers>;
}
