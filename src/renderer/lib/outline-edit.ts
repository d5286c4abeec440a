// Editing an outline before approval: rename, reorder, add and remove projects and
// lessons. Immutable operations plus a validator that mirrors the shared outline schema
// with messages a person can act on, keyed by the field's path for inline display.
import type { Outline, OutlineLesson, OutlineProject } from '../../shared/domain';
import { MAX_PROJECTS, MIN_PROJECTS, outlineSchema } from '../../shared/schemas';

export const MAX_LESSONS = 12;

export function move<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item!);
  return next;
}

const withProjects = (outline: Outline, projects: OutlineProject[]): Outline => ({ ...outline, projects });

function mapProject(outline: Outline, pi: number, change: (p: OutlineProject) => OutlineProject): Outline {
  return withProjects(
    outline,
    outline.projects.map((p, i) => (i === pi ? change(p) : p)),
  );
}

export const outlineOps = {
  setTitle: (o: Outline, title: string): Outline => ({ ...o, title }),
  setDescription: (o: Outline, description: string): Outline => ({ ...o, description }),
  setProjectTitle: (o: Outline, pi: number, title: string): Outline => mapProject(o, pi, (p) => ({ ...p, title })),
  setProjectDescription: (o: Outline, pi: number, description: string): Outline => mapProject(o, pi, (p) => ({ ...p, description })),
  moveProject: (o: Outline, pi: number, delta: number): Outline => withProjects(o, move(o.projects, pi, delta)),
  addProject: (o: Outline): Outline =>
    withProjects(o, [...o.projects, { title: `Project ${o.projects.length + 1}`, description: '', lessons: [{ title: 'Lesson 1', summary: '' }] }]),
  removeProject: (o: Outline, pi: number): Outline => withProjects(o, o.projects.filter((_, i) => i !== pi)),
  setLessonTitle: (o: Outline, pi: number, li: number, title: string): Outline =>
    mapProject(o, pi, (p) => ({ ...p, lessons: p.lessons.map((l, i) => (i === li ? { ...l, title } : l)) })),
  moveLesson: (o: Outline, pi: number, li: number, delta: number): Outline => mapProject(o, pi, (p) => ({ ...p, lessons: move(p.lessons, li, delta) })),
  addLesson: (o: Outline, pi: number): Outline =>
    mapProject(o, pi, (p) => ({ ...p, lessons: [...p.lessons, { title: `Lesson ${p.lessons.length + 1}`, summary: '' } satisfies OutlineLesson] })),
  removeLesson: (o: Outline, pi: number, li: number): Outline => mapProject(o, pi, (p) => ({ ...p, lessons: p.lessons.filter((_, i) => i !== li) })),
};

/** Path → message; empty when the outline can be saved. Paths look like `projects.1.lessons.0.title`. */
export function validateOutline(outline: Outline): Record<string, string> {
  const errors: Record<string, string> = {};
  if (outline.title.trim() === '') errors.title = 'Give the course a title.';
  else if (outline.title.length > 200) errors.title = 'Keep the title under 200 characters.';
  if (outline.projects.length < MIN_PROJECTS) errors.projects = `A course needs at least ${MIN_PROJECTS} projects.`;
  if (outline.projects.length > MAX_PROJECTS) errors.projects = `A course can have at most ${MAX_PROJECTS} projects.`;
  outline.projects.forEach((project, pi) => {
    if (project.title.trim() === '') errors[`projects.${pi}.title`] = 'Give this project a title.';
    else if (project.title.length > 200) errors[`projects.${pi}.title`] = 'Keep the title under 200 characters.';
    if (project.lessons.length === 0) errors[`projects.${pi}.lessons`] = 'A project needs at least one lesson.';
    if (project.lessons.length > MAX_LESSONS) errors[`projects.${pi}.lessons`] = `A project can have at most ${MAX_LESSONS} lessons.`;
    project.lessons.forEach((lesson, li) => {
      if (lesson.title.trim() === '') errors[`projects.${pi}.lessons.${li}.title`] = 'Give this lesson a title.';
      else if (lesson.title.length > 200) errors[`projects.${pi}.lessons.${li}.title`] = 'Keep the title under 200 characters.';
    });
  });
  if (Object.keys(errors).length === 0) {
    // Anything the friendly checks above do not cover still gets reported, by the shared schema itself.
    const parsed = outlineSchema.safeParse(outline);
    if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'outline'] ??= issue.message;
  }
  return errors;
}
