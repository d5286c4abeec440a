// Version history in the store: each change point writes exactly one version with its
// reason and author, in the write that changes the unit; a restore is a new version;
// regenerating a lesson's tasks keeps each task's history; approval pins and what changed since.
import { describe, expect, it } from 'vitest';
import { updateSettings } from '../../../src/main/core/app-settings';
import { approveCourse, contentChanged } from '../../../src/main/courses/workflow';
import { Store } from '../../../src/main/db/store';
import { approvalDrift } from '../../../src/main/history/approval-pins';
import { modelStamp, personStamp, syncStamp } from '../../../src/main/history/authors';
import { makeOutline, seedApprovedCourse } from '../../support/engine';
import { typedQuestions } from '../../support/lms/courses';

function generated() {
  const now = { ms: Date.parse('2026-12-07T10:00:00Z') };
  const store = Store.open(':memory:', { clockMs: () => now.ms });
  const courseId = seedApprovedCourse(store, 'History', 3, 2);
  store.write(() => {
    store.courses.ensureProjects(courseId, makeOutline('History', 3, 2));
    const project = store.courses.tree(courseId)!.projects[0]!;
    store.courses.insertLessons(
      project.id,
      [
        { title: 'One', content: 'First words here.', objectives: ['a'] },
        { title: 'Two', content: 'Second.', objectives: ['b'] },
      ],
      modelStamp('claude-test-1', 'generated'),
    );
    const lesson = store.courses.tree(courseId)!.projects[0]!.lessons[0]!;
    store.courses.insertTasks(
      lesson.id,
      [
        { kind: 'exercise', prompt: 'Do one', answerKey: null },
        { kind: 'quiz', prompt: 'Why?', answerKey: 'Because' },
      ],
      modelStamp('claude-test-1', 'generated'),
    );
    store.courses.setStatus(courseId, 'generated');
  });
  const tree = () => store.courses.tree(courseId)!;
  const lesson = () => tree().projects[0]!.lessons[0]!;
  const count = () => (store.db.prepare('SELECT COUNT(*) AS n FROM unit_versions').get() as { n: number }).n;
  return { store, courseId, tree, lesson, count, now };
}

describe('unit versions', () => {
  it('the first generation writes version 1 of every lesson and task, by the model, and a repeated insert none', () => {
    const { store, tree, lesson, count } = generated();
    expect(count()).toBe(4);
    expect(store.versions.list('lesson', lesson().id)).toEqual([
      expect.objectContaining({ version: 1, reason: 'generated', authorKind: 'model', author: 'claude-test-1', body: { unitKind: 'lesson', title: 'One', content: 'First words here.', objectives: ['a'] } }),
    ]);
    const task = lesson().tasks[1]!;
    expect(store.versions.list('task', task.id)[0]).toMatchObject({ reason: 'generated', body: { unitKind: 'task', kind: 'quiz', prompt: 'Why?', answerKey: 'Because', questionsJson: null } });
    // A resumed job's second insert at the same positions stores nothing, so no version either.
    store.write(() => store.courses.insertLessons(tree().projects[0]!.id, [{ title: 'Again', content: 'x', objectives: [] }], modelStamp('m', 'generated')));
    expect(count()).toBe(4);
  });

  it('an edit writes exactly one version by the reviewer named in Settings; saving the same text writes none', () => {
    const { store, lesson, count } = generated();
    updateSettings(store, { reviewerName: 'Ada' });
    const id = lesson().id;
    store.write(() => store.courses.updateLesson(id, { title: 'One', content: 'First words changed.', objectives: ['a'] }, personStamp(store, 'edited')));
    expect(count()).toBe(5);
    expect(store.versions.list('lesson', id)[0]).toMatchObject({ version: 2, reason: 'edited', authorKind: 'person', author: 'Ada' });
    store.write(() => store.courses.updateLesson(id, { title: 'One', content: 'First words changed.', objectives: ['a'] }, personStamp(store, 'edited')));
    expect(count()).toBe(5);
  });

  it('a change that fails leaves neither the unit nor a version (one transaction)', () => {
    const { store, lesson, count } = generated();
    const id = lesson().id;
    expect(() =>
      store.write(() => {
        store.courses.updateLesson(id, { title: 'One', content: 'Lost', objectives: [] }, personStamp(store, 'edited'));
        throw new Error('the rest of the write failed');
      }),
    ).toThrow(/failed/);
    expect(lesson().content).toBe('First words here.');
    expect(count()).toBe(4);
  });

  it('restore writes the old text back as a new version and never rewrites history', () => {
    const { store, lesson } = generated();
    const id = lesson().id;
    store.write(() => store.courses.updateLesson(id, { title: 'One', content: 'Regenerated text.', objectives: ['z'] }, modelStamp('claude-test-2', 'regenerated')));
    const before = store.versions.list('lesson', id);
    const next = store.write(() => store.courses.restoreVersion('lesson', id, 1, { authorKind: 'person', author: 'Ada' }));
    expect(next).toBe(3);
    expect(lesson()).toMatchObject({ title: 'One', content: 'First words here.', objectives: ['a'] });
    const after = store.versions.list('lesson', id);
    expect(after[0]).toMatchObject({ version: 3, reason: 'restored', restoredFrom: 1, author: 'Ada', body: { content: 'First words here.' } });
    expect(after.slice(1)).toEqual(before);
    // Restoring what the lesson already says is refused, not recorded.
    expect(() => store.write(() => store.courses.restoreVersion('lesson', id, 1, { authorKind: 'person', author: 'Ada' }))).toThrow(/nothing to restore/);
    expect(() => store.write(() => store.courses.restoreVersion('lesson', id, 9, { authorKind: 'person', author: 'Ada' }))).toThrow(/no version 9/);
  });

  it('a quiz’s typed questions are kept in its versions and come back whole on restore', () => {
    const { store, lesson } = generated();
    const quiz = lesson().tasks[1]!;
    store.write(() => store.courses.updateTask(quiz.id, { kind: 'quiz', prompt: 'Check yourself', answerKey: null, questions: typedQuestions }, modelStamp('claude-test-2', 'regenerated')));
    store.write(() => store.courses.updateTask(quiz.id, { kind: 'quiz', prompt: 'Old style', answerKey: 'Because' }, personStamp(store, 'edited')));
    expect(store.courses.task(quiz.id)!.questions).toBeNull();
    store.write(() => store.courses.restoreVersion('task', quiz.id, 2, { authorKind: 'person', author: 'Ada' }));
    expect(store.courses.task(quiz.id)).toMatchObject({ prompt: 'Check yourself', answerKey: null, questions: typedQuestions });
    const body = store.versions.get('task', quiz.id, 4)!.body;
    expect(body.unitKind === 'task' ? JSON.parse(body.questionsJson ?? 'null') : null).toEqual(typedQuestions);
  });

  it('regenerating a lesson’s tasks keeps each position’s task and its history', () => {
    const { store, lesson } = generated();
    const [first, second] = lesson().tasks;
    store.write(() =>
      store.courses.replaceTasks(
        lesson().id,
        [
          { kind: 'exercise', prompt: 'Do one, better', answerKey: null },
          { kind: 'quiz', prompt: 'Why? (new)', answerKey: 'Because' },
          { kind: 'reflection', prompt: 'Think', answerKey: null },
        ],
        modelStamp('claude-test-2', 'regenerated'),
      ),
    );
    const tasks = lesson().tasks;
    expect(tasks.map((t) => t.id).slice(0, 2)).toEqual([first!.id, second!.id]);
    expect(store.versions.list('task', first!.id).map((v) => [v.version, v.reason])).toEqual([
      [2, 'regenerated'],
      [1, 'generated'],
    ]);
    expect(store.versions.list('task', tasks[2]!.id).map((v) => v.reason)).toEqual(['regenerated']);
    // Fewer tasks: the one past the end is deleted, its history kept.
    store.write(() => store.courses.replaceTasks(lesson().id, [{ kind: 'exercise', prompt: 'Only', answerKey: null }]));
    expect(lesson().tasks).toHaveLength(1);
    expect(store.versions.list('task', second!.id)).toHaveLength(2);
  });

  it('a keep-theirs replacement writes a synced version only for units whose text it changes', () => {
    const { store, courseId, tree, count } = generated();
    const t = tree();
    const content = {
      outline: t.outline,
      summary: t.summary,
      projects: t.projects.map((p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        lessons: p.lessons.map((l, li) => ({ id: l.id, title: l.title, content: li === 0 ? 'Their words.' : l.content, objectives: l.objectives, tasks: l.tasks.map((x) => ({ ...x })) })),
      })),
    };
    store.write(() => store.courses.replaceContent(courseId, content, syncStamp(7)));
    expect(count()).toBe(5);
    expect(store.versions.list('lesson', t.projects[0]!.lessons[0]!.id)[0]).toMatchObject({ version: 2, reason: 'synced', authorKind: 'sync', author: 'backend version 7' });
  });
});

describe('approval pinned to versions', () => {
  it('approving pins every unit; an edit, an added and a removed task show as changed since approval', () => {
    const { store, courseId, lesson } = generated();
    expect(approvalDrift(store, courseId)).toEqual({ approved: false, changed: [] });
    approveCourse(store, courseId, 'Grace');
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM approval_pins WHERE course_id = ?').get(courseId) as { n: number }).n).toBe(4);
    expect(approvalDrift(store, courseId)).toEqual({ approved: true, changed: [] });

    const id = lesson().id;
    const [, quiz] = lesson().tasks;
    store.write(() => {
      store.courses.updateLesson(id, { title: 'One', content: 'Edited.', objectives: ['a'] }, personStamp(store, 'edited'));
      store.courses.replaceTasks(id, [{ kind: 'exercise', prompt: 'Do one', answerKey: null }]);
      contentChanged(store, courseId);
    });
    const drift = approvalDrift(store, courseId);
    expect(drift.changed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unitKind: 'lesson', unitId: id, change: 'edited', approvedVersion: 1, currentVersion: 2, label: 'One' }),
        expect.objectContaining({ unitKind: 'task', unitId: quiz!.id, change: 'removed', label: 'Why?' }),
      ]),
    );
    expect(drift.changed).toHaveLength(2);
    expect(store.courses.require(courseId).status).toBe('generated');
    // A new approval pins the new versions: nothing differs any more.
    approveCourse(store, courseId, 'Grace');
    expect(approvalDrift(store, courseId).changed).toEqual([]);
    // Restoring the approved text is still a new version: listed until approved again.
    store.write(() => store.courses.restoreVersion('lesson', id, 1, { authorKind: 'person', author: 'Ada' }));
    expect(approvalDrift(store, courseId).changed).toEqual([expect.objectContaining({ unitId: id, change: 'edited', approvedVersion: 2, currentVersion: 3 })]);
  });

  it('an edited published course goes back to review unless republishEditedWithoutApproval is on', () => {
    const { store, courseId, lesson } = generated();
    approveCourse(store, courseId, 'Grace');
    store.write(() => store.courses.publish(courseId));
    const edit = (content: string) =>
      store.write(() => {
        store.courses.updateLesson(lesson().id, { title: 'One', content, objectives: ['a'] }, personStamp(store, 'edited'));
        contentChanged(store, courseId);
      });
    edit('Edited once.');
    expect(store.courses.require(courseId).status).toBe('generated');
    approveCourse(store, courseId, 'Grace');
    store.write(() => store.courses.publish(courseId));
    updateSettings(store, { republishEditedWithoutApproval: true });
    edit('Edited twice.');
    expect(store.courses.require(courseId).status).toBe('published');
    expect(approvalDrift(store, courseId).changed).toEqual([expect.objectContaining({ unitKind: 'lesson', change: 'edited' })]);
  });
});
