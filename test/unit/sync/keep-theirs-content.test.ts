// The local half of keep-theirs: validating the backend's rows into content, and replacing a
// course's content with it in one transaction, on a real SQLite store (no network).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { CourseTree } from '../../../src/shared/domain';
import type { ReplacementContent } from '../../../src/main/db/repositories/courses';
import { Store } from '../../../src/main/db/store';
import { uuidV5 } from '../../../src/main/sync/course-payload';
import { toReplacement, type RemoteCourseSnapshot } from '../../../src/main/sync/pull';
import { seedGeneratedCourse } from '../../support/sync/seed';

let store: Store;

beforeEach(() => {
  store = Store.open(':memory:');
});

afterEach(() => store.close());

/** The tree as replacement content, unchanged: the starting point of each edit below. */
function contentOf(tree: CourseTree): ReplacementContent {
  return {
    outline: tree.outline,
    summary: tree.summary,
    projects: tree.projects.map((p) => ({
      id: p.id,
      title: p.title,
      description: p.description,
      lessons: p.lessons.map((l) => ({
        id: l.id,
        title: l.title,
        content: l.content,
        objectives: l.objectives,
        tasks: l.tasks.map((t) => ({ id: t.id, kind: t.kind, prompt: t.prompt, answerKey: t.answerKey })),
      })),
    })),
  };
}

const countRows = () =>
  store.db.prepare(`SELECT (SELECT COUNT(*) FROM projects) AS p, (SELECT COUNT(*) FROM lessons) AS l, (SELECT COUNT(*) FROM tasks) AS t`).get();

describe('CourseRepository.replaceContent', () => {
  it('swaps, moves, adds and removes rows by id, renumbering positions, in one go', () => {
    const id = seedGeneratedCourse(store, 'Go', { projects: 3, lessons: 2, tasks: 2 });
    const tree = store.courses.tree(id)!;
    const content = contentOf(tree);
    const [p0, p1] = content.projects;
    // Projects 0 and 1 swap; project 2 goes; a lesson moves from project 1 to project 0;
    // one task is dropped and a new lesson with one task arrives.
    const moved = p1!.lessons.pop()!;
    p0!.lessons.push(moved);
    p0!.lessons[0]!.tasks.shift();
    const added = { id: randomUUID(), title: 'New', content: 'Fresh', objectives: ['n'], tasks: [{ id: randomUUID(), kind: 'reflection' as const, prompt: 'Why?', answerKey: null }] };
    p1!.lessons.unshift(added);
    content.projects = [p1!, p0!];
    content.outline = { ...content.outline!, title: 'Renamed' };
    content.summary = null;

    const counts = store.write(() => store.courses.replaceContent(id, content));
    // Removed: project 2 with its 2 lessons and 4 tasks, and the dropped task.
    expect(counts).toEqual({ projects: 2, lessons: 5, tasks: 8, removed: 8 });
    const after = store.courses.tree(id)!;
    expect(after.projects.map((p) => [p.id, p.position])).toEqual([
      [p1!.id, 0],
      [p0!.id, 1],
    ]);
    expect(after.projects[0]!.lessons.map((l) => [l.id, l.position])).toEqual([
      [added.id, 0],
      [p1!.lessons[1]!.id, 1],
    ]);
    expect(after.projects[1]!.lessons.map((l) => l.id)).toEqual([p0!.lessons[0]!.id, p0!.lessons[1]!.id, moved.id]);
    expect(after.projects[1]!.lessons[2]!.tasks.map((t) => t.id)).toEqual(moved.tasks.map((t) => t.id));
    expect(after.projects[1]!.lessons[0]!.tasks.map((t) => t.position)).toEqual([0]);
    expect(store.courses.get(id)).toMatchObject({ outline: { title: 'Renamed' }, summary: null, status: 'approved' });
    expect(countRows()).toEqual({ p: 2, l: 5, t: 8 });
    // Applying the same content again changes nothing.
    expect(store.write(() => store.courses.replaceContent(id, content))).toMatchObject({ removed: 0 });
    expect(store.courses.tree(id)).toEqual({ ...after, updatedAt: expect.any(String) });
  });

  it('refuses ids of another course, or repeated ids, and changes nothing', () => {
    const id = seedGeneratedCourse(store, 'Go');
    const other = seedGeneratedCourse(store, 'Rust');
    const before = store.courses.tree(id)!;
    const otherBefore = store.courses.tree(other)!;

    const stealing = contentOf(before);
    stealing.projects[0]!.lessons[0]!.title = 'changed';
    stealing.projects[1]!.lessons.push({ ...contentOf(otherBefore).projects[0]!.lessons[0]! });
    expect(() => store.write(() => store.courses.replaceContent(id, stealing))).toThrow(/lesson .* belongs to another course/);

    const repeated = contentOf(before);
    repeated.projects[0]!.lessons[0]!.tasks.push({ ...repeated.projects[0]!.lessons[0]!.tasks[0]! });
    expect(() => store.write(() => store.courses.replaceContent(id, repeated))).toThrow(/repeats a task id/);

    expect(store.courses.tree(id)).toEqual(before);
    expect(store.courses.tree(other)).toEqual(otherBefore);
  });

  it('is undone with the caller’s transaction', () => {
    const id = seedGeneratedCourse(store, 'Go');
    const before = store.courses.tree(id)!;
    const emptied = { ...contentOf(before), projects: [] };
    expect(() =>
      store.write(() => {
        store.courses.replaceContent(id, emptied);
        throw new Error('later step failed');
      }),
    ).toThrow('later step failed');
    expect(store.courses.tree(id)).toEqual(before);
  });
});

describe('toReplacement', () => {
  const course = (patch: Partial<RemoteCourseSnapshot['course']> = {}): RemoteCourseSnapshot['course'] => ({
    id: randomUUID(),
    version: 7,
    push_id: null,
    push_open: false,
    title: 'Theirs',
    description: 'Their description',
    outline: null,
    summary: { summary: 's', learningOutcomes: ['o'], prerequisites: [] },
    ...patch,
  });

  it('orders by position then id, maps a copy’s ids back to the local ones, and strips " (copy)"', () => {
    const id = seedGeneratedCourse(store, 'Go', { projects: 1, lessons: 1, tasks: 1 });
    const local = store.courses.tree(id)!;
    const copyId = randomUUID();
    const project = local.projects[0]!;
    const lesson = project.lessons[0]!;
    const task = lesson.tasks[0]!;
    const theirLesson = randomUUID();
    const snapshot: RemoteCourseSnapshot = {
      version: 7,
      course: course({ id: copyId, title: 'Go (copy)' }),
      projects: [{ id: uuidV5(copyId, project.id), position: 0, title: 'P', description: '' }],
      lessons: [
        { id: uuidV5(copyId, lesson.id), project_id: uuidV5(copyId, project.id), position: 3, title: 'Mine', content: 'c', objectives: [] },
        { id: theirLesson, project_id: uuidV5(copyId, project.id), position: 1, title: 'Theirs', content: 'c', objectives: [] },
      ],
      tasks: [{ id: uuidV5(copyId, task.id), lesson_id: uuidV5(copyId, lesson.id), position: 0, kind: 'quiz', prompt: 'q', answer_key: 'a', questions: null }],
    };
    const content = toReplacement(snapshot, local, copyId);
    expect(content.outline).toMatchObject({ ...local.outline, title: 'Go', description: 'Their description' });
    expect(content.summary).toEqual(snapshot.course.summary);
    expect(content.projects[0]!.id).toBe(project.id);
    expect(content.projects[0]!.lessons.map((l) => l.id)).toEqual([theirLesson, lesson.id]);
    expect(content.projects[0]!.lessons[1]!.tasks).toEqual([{ id: task.id, kind: 'quiz', prompt: 'q', answerKey: 'a', questions: null }]);
  });

  it('refuses a tree with rows whose parent it did not return', () => {
    const id = seedGeneratedCourse(store, 'Go');
    const snapshot: RemoteCourseSnapshot = {
      version: 7,
      course: course({ id }),
      projects: [],
      lessons: [{ id: randomUUID(), project_id: randomUUID(), position: 0, title: 'Lost', content: '', objectives: [] }],
      tasks: [],
    };
    expect(() => toReplacement(snapshot, store.courses.tree(id)!, id)).toThrow(/incomplete/);
  });
});
