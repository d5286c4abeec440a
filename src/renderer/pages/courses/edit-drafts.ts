// Lesson and task edits not saved yet, for as long as the window lives: picking another
// lesson in the tree (or another page) and coming back reopens the editor as it was left,
// as the wizard keeps an unsaved outline. Saving or cancelling drops the draft.
import type { TaskKind } from '../../../shared/domain';
import type { QuizQuestion } from '../../../shared/quiz';

export interface LessonDraft {
  title: string;
  objectives: string;
  content: string;
}

export interface TaskDraft {
  kind: TaskKind;
  prompt: string;
  answerKey: string;
  /** A quiz's questions as edited; null for other tasks and a quiz in the old form. */
  questions: QuizQuestion[] | null;
}

function drafts<T>() {
  const byId = new Map<string, T>();
  return {
    get: (id: string): T | null => byId.get(id) ?? null,
    keep: (id: string, draft: T) => void byId.set(id, draft),
    drop: (id: string) => void byId.delete(id),
  };
}

export const lessonDrafts = drafts<LessonDraft>();
export const taskDrafts = drafts<TaskDraft>();
