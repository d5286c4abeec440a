// Courses, their outline options and the generated tree. Every write of a generated unit
// (a project's lessons, a lesson's tasks) is one transaction keyed by (parent, position),
// so a retried or resumed job can never store a second copy. Every write that changes a
// lesson's or task's content adds its version (versions.ts) in the same transaction, with
// who and why; only a write that stores something new does.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  Approval,
  Course,
  CourseStatus,
  CourseSummary,
  CourseTree,
  Lesson,
  Outline,
  OutlineOption,
  Project,
  Task,
  TaskKind,
  TopicInput,
} from '../../../shared/domain';
import { quizQuestionsSchema, type QuizQuestion } from '../../../shared/quiz';
import { parseJson, toJson } from '../json';
import { sourceLocationSchema, type LessonSource } from '../../../shared/materials';
import { ConflictError, NotFoundError } from '../../errors';
import type { UnitKind } from '../../../shared/history';
import { VersionRepository, type LessonColumns, type TaskColumns, type VersionStamp } from './versions';

/** Who wrote a unit when the caller does not say: the app itself (tests, seeded data). */
export const APP_STAMP: VersionStamp = { reason: 'generated', authorKind: 'app', author: 'Course Studio' };

interface LessonSourceRow {
  lesson_id: string;
  material_sha256: string;
  file_name: string;
  location_json: string;
  note: string;
}

// The name is the one the course gave the material; a material cited but no longer linked keeps the name it was first added under.
const LESSON_SOURCES = `SELECT ls.lesson_id, ls.material_sha256, COALESCE(cm.file_name, m.file_name) AS file_name, ls.location_json, ls.note
  FROM lesson_sources ls
  JOIN lessons l ON l.id = ls.lesson_id
  JOIN projects p ON p.id = l.project_id
  JOIN materials m ON m.sha256 = ls.material_sha256
  LEFT JOIN course_materials cm ON cm.course_id = p.course_id AND cm.material_sha256 = ls.material_sha256`;

function lessonSourceOf(r: LessonSourceRow): LessonSource {
  const location = sourceLocationSchema.safeParse(parseJson(r.location_json, 'lesson_sources.location_json'));
  if (!location.success) throw new Error(`A source of a lesson is damaged (lesson_sources.location_json: ${location.error.issues[0]?.message ?? 'not a location'}); it was left as it was.`);
  return { material: r.material_sha256, fileName: r.file_name, location: location.data, note: r.note };
}

const lessonColumns = (l: { title: string; content: string; objectives: string[] }): LessonColumns => ({
  title: l.title,
  content: l.content,
  objectives_json: toJson(l.objectives),
});
const taskColumns = (t: NewTask): TaskColumns => ({ kind: t.kind, prompt: t.prompt, answer_key: t.answerKey, questions_json: questionsJson(t) });

interface CourseRow {
  id: string;
  topic_json: string;
  status: CourseStatus;
  outline_json: string | null;
  chosen_option_id: string | null;
  outline_approved_by: string | null;
  outline_approved_at: string | null;
  outline_approval_note: string | null;
  course_approved_by: string | null;
  course_approved_at: string | null;
  course_approval_note: string | null;
  summary_json: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface NewLesson {
  title: string;
  content: string;
  objectives: string[];
}

export interface NewTask {
  kind: TaskKind;
  prompt: string;
  answerKey: string | null;
  /** A quiz's typed questions; null (or absent) for other tasks and a quiz in the old form. */
  questions?: QuizQuestion[] | null;
}

interface TaskRow {
  id: string;
  lesson_id: string;
  position: number;
  kind: TaskKind;
  prompt: string;
  answer_key: string | null;
  questions_json: string | null;
}

function taskOf(r: TaskRow): Task {
  return { id: r.id, lessonId: r.lesson_id, position: r.position, kind: r.kind, prompt: r.prompt, answerKey: r.answer_key, questions: questionsOf(r) };
}

/** Checked on every read: a hand-edited or damaged row is named, never shown half-valid. */
function questionsOf(r: TaskRow): QuizQuestion[] | null {
  const raw = parseJson<unknown>(r.questions_json, 'tasks.questions_json');
  if (raw === null) return null;
  const parsed = quizQuestionsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`The stored quiz questions of task ${r.id} are not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`);
  return parsed.data;
}

const questionsJson = (t: NewTask): string | null => (t.questions && t.questions.length > 0 ? toJson(t.questions) : null);

/** A course's whole content from elsewhere (the backend's version), ids included; positions follow array order. */
export interface ReplacementContent {
  outline: Outline | null;
  summary: CourseSummary | null;
  projects: {
    id: string;
    title: string;
    description: string;
    lessons: (NewLesson & { id: string; tasks: (NewTask & { id: string })[] })[];
  }[];
}

export interface ReplacementCounts {
  projects: number;
  lessons: number;
  tasks: number;
  /** Rows this course had that the replacement does not (tasks, lessons and projects together). */
  removed: number;
}

function approval(by: string | null, at: string | null, note: string | null): Approval | null {
  return by && at ? { by, at, note: note ?? '' } : null;
}

function toCourse(row: CourseRow): Course {
  return {
    id: row.id,
    topic: parseJson<TopicInput>(row.topic_json, 'courses.topic_json')!,
    status: row.status,
    outline: parseJson<Outline>(row.outline_json, 'courses.outline_json'),
    chosenOptionId: row.chosen_option_id,
    outlineApproval: approval(row.outline_approved_by, row.outline_approved_at, row.outline_approval_note),
    courseApproval: approval(row.course_approved_by, row.course_approved_at, row.course_approval_note),
    summary: parseJson<CourseSummary>(row.summary_json, 'courses.summary_json'),
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class CourseRepository {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
    readonly versions: VersionRepository = new VersionRepository(db, now),
  ) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO courses (id, topic_json, status, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?)`,
      ),
      // A course in the bin is gone for everything but the bin itself (binned, getBinned).
      get: db.prepare<[string], CourseRow>(`SELECT * FROM courses WHERE id = ? AND deleted_at IS NULL`),
      list: db.prepare<[], CourseRow>(`SELECT * FROM courses WHERE deleted_at IS NULL ORDER BY created_at DESC, id`),
      getBinned: db.prepare<[string], CourseRow>(`SELECT * FROM courses WHERE id = ? AND deleted_at IS NOT NULL`),
      binned: db.prepare<[], CourseRow>(`SELECT * FROM courses WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id`),
      moveToBin: db.prepare(`UPDATE courses SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`),
      restore: db.prepare(`UPDATE courses SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`),
      setStatus: db.prepare(`UPDATE courses SET status = ?, updated_at = ? WHERE id = ?`),
      setOutline: db.prepare(`UPDATE courses SET outline_json = ?, chosen_option_id = ?, updated_at = ? WHERE id = ?`),
      approveOutline: db.prepare(
        `UPDATE courses SET status = 'outline_approved', outline_approved_by = ?, outline_approved_at = ?, outline_approval_note = ?, updated_at = ? WHERE id = ?`,
      ),
      approveCourse: db.prepare(
        `UPDATE courses SET status = 'approved', course_approved_by = ?, course_approved_at = ?, course_approval_note = ?, updated_at = ? WHERE id = ?`,
      ),
      publish: db.prepare(`UPDATE courses SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?`),
      setSummary: db.prepare(`UPDATE courses SET summary_json = ?, updated_at = ? WHERE id = ?`),
      delete: db.prepare(`DELETE FROM courses WHERE id = ?`),
      deleteOptions: db.prepare(`DELETE FROM outline_options WHERE course_id = ?`),
      clearOutline: db.prepare(`UPDATE courses SET outline_json = NULL, chosen_option_id = NULL, updated_at = ? WHERE id = ?`),
      insertOption: db.prepare(
        `INSERT INTO outline_options (id, course_id, position, outline_json, created_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      options: db.prepare<[string], { id: string; course_id: string; position: number; outline_json: string; created_at: string }>(
        `SELECT * FROM outline_options WHERE course_id = ? ORDER BY position`,
      ),
      option: db.prepare<[string], { id: string; course_id: string; position: number; outline_json: string; created_at: string }>(
        `SELECT * FROM outline_options WHERE id = ?`,
      ),
      insertProject: db.prepare(
        `INSERT INTO projects (id, course_id, position, title, description) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (course_id, position) DO NOTHING`,
      ),
      projects: db.prepare<[string], { id: string; course_id: string; position: number; title: string; description: string }>(
        `SELECT * FROM projects WHERE course_id = ? ORDER BY position`,
      ),
      insertLesson: db.prepare(
        `INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, position) DO NOTHING`,
      ),
      lessonsOfCourse: db.prepare<
        [string],
        { id: string; project_id: string; position: number; title: string; content: string; objectives_json: string }
      >(
        `SELECT l.id, l.project_id, l.position, l.title, l.content, l.objectives_json
         FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ? ORDER BY p.position, l.position`,
      ),
      sourcesOfCourse: db.prepare<[string], LessonSourceRow>(`${LESSON_SOURCES} WHERE p.course_id = ? ORDER BY ls.lesson_id, ls.position`),
      sourcesOfLesson: db.prepare<[string], LessonSourceRow>(`${LESSON_SOURCES} WHERE ls.lesson_id = ? ORDER BY ls.position`),
      lesson: db.prepare<
        [string],
        { id: string; project_id: string; position: number; title: string; content: string; objectives_json: string; course_id: string }
      >(
        `SELECT l.id, l.project_id, l.position, l.title, l.content, l.objectives_json, p.course_id
         FROM lessons l JOIN projects p ON p.id = l.project_id JOIN courses c ON c.id = p.course_id
         WHERE l.id = ? AND c.deleted_at IS NULL`,
      ),
      updateLesson: db.prepare(`UPDATE lessons SET title = ?, content = ?, objectives_json = ?, updated_at = ? WHERE id = ?`),
      insertTask: db.prepare(
        `INSERT INTO tasks (id, lesson_id, position, kind, prompt, answer_key, questions_json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (lesson_id, position) DO NOTHING`,
      ),
      tasksOfLesson: db.prepare<[string], { id: string }>(`SELECT id FROM tasks WHERE lesson_id = ? ORDER BY position`),
      projectCourse: db.prepare<[string], { course_id: string }>(`SELECT course_id FROM projects WHERE id = ?`),
      tasksOfCourse: db.prepare<[string], TaskRow>(
        `SELECT t.* FROM tasks t JOIN lessons l ON l.id = t.lesson_id JOIN projects p ON p.id = l.project_id
         WHERE p.course_id = ? ORDER BY t.lesson_id, t.position`,
      ),
      task: db.prepare<[string], TaskRow>(
        `SELECT t.* FROM tasks t JOIN lessons l ON l.id = t.lesson_id JOIN projects p ON p.id = l.project_id JOIN courses c ON c.id = p.course_id
         WHERE t.id = ? AND c.deleted_at IS NULL`,
      ),
      updateTask: db.prepare(`UPDATE tasks SET kind = ?, prompt = ?, answer_key = ?, questions_json = ? WHERE id = ?`),
      // replaceContent: ids that already belong to another course must not be moved over.
      projectOwner: db.prepare<[string], { course_id: string }>(`SELECT course_id FROM projects WHERE id = ?`),
      lessonOwner: db.prepare<[string], { course_id: string }>(
        `SELECT p.course_id FROM lessons l JOIN projects p ON p.id = l.project_id WHERE l.id = ?`,
      ),
      taskOwner: db.prepare<[string], { course_id: string }>(
        `SELECT p.course_id FROM tasks t JOIN lessons l ON l.id = t.lesson_id JOIN projects p ON p.id = l.project_id WHERE t.id = ?`,
      ),
      deleteTask: db.prepare(`DELETE FROM tasks WHERE id = ?`),
      deleteLesson: db.prepare(`DELETE FROM lessons WHERE id = ?`),
      deleteProject: db.prepare(`DELETE FROM projects WHERE id = ?`),
      // Negative positions free every (parent, position) slot, so rows can swap places.
      parkProjects: db.prepare(`UPDATE projects SET position = -1 - position WHERE course_id = ?`),
      parkLessons: db.prepare(`UPDATE lessons SET position = -1 - position WHERE project_id IN (SELECT id FROM projects WHERE course_id = ?)`),
      parkTasks: db.prepare(
        `UPDATE tasks SET position = -1 - position
         WHERE lesson_id IN (SELECT l.id FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ?)`,
      ),
      putProject: db.prepare(
        `INSERT INTO projects (id, course_id, position, title, description) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, title = excluded.title, description = excluded.description`,
      ),
      putLesson: db.prepare(
        `INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, position = excluded.position, title = excluded.title,
           content = excluded.content, objectives_json = excluded.objectives_json,
           updated_at = CASE WHEN lessons.title IS excluded.title AND lessons.content IS excluded.content
             AND lessons.objectives_json IS excluded.objectives_json THEN lessons.updated_at ELSE excluded.updated_at END`,
      ),
      putTask: db.prepare(
        `INSERT INTO tasks (id, lesson_id, position, kind, prompt, answer_key, questions_json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET lesson_id = excluded.lesson_id, position = excluded.position, kind = excluded.kind,
           prompt = excluded.prompt, answer_key = excluded.answer_key, questions_json = excluded.questions_json`,
      ),
      setContent: db.prepare(`UPDATE courses SET outline_json = ?, summary_json = ?, updated_at = ? WHERE id = ?`),
    };
  }

  create(topic: TopicInput): Course {
    const id = randomUUID();
    const at = this.now();
    this.stmts.insert.run(id, toJson(topic), at, at);
    return this.get(id)!;
  }

  get(id: string): Course | null {
    const row = this.stmts.get.get(id);
    return row ? toCourse(row) : null;
  }

  require(id: string): Course {
    const course = this.get(id);
    if (!course) throw new NotFoundError(`No course with id ${id}.`);
    return course;
  }

  list(): Course[] {
    return this.stmts.list.all().map(toCourse);
  }

  /** Removes the course and everything under it, its call records included: only through housekeeping's removeForGood, which rolls those up first. */
  delete(id: string): void {
    this.stmts.delete.run(id);
  }

  /** Into the bin: hidden everywhere, nothing removed. False if it was not there to move. */
  moveToBin(id: string): boolean {
    return this.stmts.moveToBin.run(this.now(), id).changes === 1;
  }

  /** Out of the bin, as it was. False if it was not in the bin. */
  restore(id: string): boolean {
    return this.stmts.restore.run(id).changes === 1;
  }

  /** The bin, most recently deleted first. */
  binned(): (Course & { deletedAt: string })[] {
    return this.stmts.binned.all().map((row) => ({ ...toCourse(row), deletedAt: row.deleted_at! }));
  }

  getBinned(id: string): Course | null {
    const row = this.stmts.getBinned.get(id);
    return row ? toCourse(row) : null;
  }

  setStatus(id: string, status: CourseStatus): void {
    this.stmts.setStatus.run(status, this.now(), id);
  }

  /**
   * Replaces a draft's outline options (a regenerate) in one transaction. The outline chosen
   * from the old options (edited or not) goes with them, so the course never points at an
   * option that is gone; the wizard asks before a regenerate that drops one. A course
   * approved meanwhile (another window, the CLI) keeps its options and outline.
   */
  replaceOptions(courseId: string, outlines: Outline[]): OutlineOption[] {
    const at = this.now();
    this.db.transaction(() => {
      const course = this.require(courseId);
      if (course.status !== 'draft') {
        const what = course.status === 'rejected' ? 'The course was rejected' : 'The outline was approved';
        throw new ConflictError(`${what} while new options were being written, so they were not kept.`);
      }
      this.stmts.deleteOptions.run(courseId);
      this.stmts.clearOutline.run(at, courseId);
      outlines.forEach((outline, position) => {
        this.stmts.insertOption.run(randomUUID(), courseId, position, toJson(outline), at);
      });
    })();
    return this.options(courseId);
  }

  options(courseId: string): OutlineOption[] {
    return this.stmts.options.all(courseId).map((r) => ({
      id: r.id,
      courseId: r.course_id,
      position: r.position,
      outline: parseJson<Outline>(r.outline_json, 'outline_options.outline_json')!,
      createdAt: r.created_at,
    }));
  }

  option(optionId: string): OutlineOption | null {
    const r = this.stmts.option.get(optionId);
    if (!r) return null;
    return {
      id: r.id,
      courseId: r.course_id,
      position: r.position,
      outline: parseJson<Outline>(r.outline_json, 'outline_options.outline_json')!,
      createdAt: r.created_at,
    };
  }

  setOutline(courseId: string, outline: Outline, chosenOptionId: string | null): void {
    this.stmts.setOutline.run(toJson(outline), chosenOptionId, this.now(), courseId);
  }

  approveOutline(courseId: string, by: string, note: string): void {
    const at = this.now();
    this.stmts.approveOutline.run(by, at, note, at, courseId);
  }

  approveCourse(courseId: string, by: string, note: string): void {
    const at = this.now();
    this.stmts.approveCourse.run(by, at, note, at, courseId);
  }

  publish(courseId: string): void {
    const at = this.now();
    this.stmts.publish.run(at, at, courseId);
  }

  setSummary(courseId: string, summary: CourseSummary): void {
    this.stmts.setSummary.run(toJson(summary), this.now(), courseId);
  }

  /** Creates the project rows of an approved outline; existing ones are kept as they are. */
  ensureProjects(courseId: string, outline: Outline): void {
    this.db.transaction(() => {
      outline.projects.forEach((p, position) => {
        this.stmts.insertProject.run(randomUUID(), courseId, position, p.title, p.description);
      });
    })();
  }

  /**
   * The first generation of a project's lessons; a position already stored is kept as it is
   * (no version). Returns the new lessons' ids by position (null where one was kept).
   */
  insertLessons(projectId: string, lessons: NewLesson[], stamp: VersionStamp = APP_STAMP): (string | null)[] {
    const at = this.now();
    const ids: (string | null)[] = lessons.map(() => null);
    this.db.transaction(() => {
      const courseId = this.stmts.projectCourse.get(projectId)?.course_id;
      if (!courseId) throw new NotFoundError(`No project with id ${projectId}.`);
      for (const [position, l] of lessons.entries()) {
        const id = randomUUID();
        const columns = lessonColumns(l);
        if (this.stmts.insertLesson.run(id, projectId, position, l.title, l.content, columns.objectives_json, at, at).changes === 0) continue;
        ids[position] = id;
        this.versions.record(courseId, 'lesson', id, columns, stamp);
      }
    })();
    return ids;
  }

  /** The first generation of a lesson's tasks; a position already stored is kept as it is (no version). */
  insertTasks(lessonId: string, tasks: NewTask[], stamp: VersionStamp = APP_STAMP): void {
    this.db.transaction(() => {
      const courseId = this.stmts.lessonOwner.get(lessonId)?.course_id;
      if (!courseId) throw new NotFoundError(`No lesson with id ${lessonId}.`);
      for (const [position, t] of tasks.entries()) this.insertTaskAt(courseId, lessonId, position, t, stamp);
    })();
  }

  /**
   * Makes a lesson's tasks exactly `tasks`, keeping each position's row (and so its id and
   * its history): position i is updated in place, new positions are inserted, positions past
   * the end are deleted (their history stays, see migration 011). A regeneration of all of a
   * lesson's tasks therefore reads as one more version of each task, never as new tasks.
   */
  replaceTasks(lessonId: string, tasks: NewTask[], stamp: VersionStamp = { ...APP_STAMP, reason: 'regenerated' }): void {
    this.db.transaction(() => {
      const courseId = this.stmts.lessonOwner.get(lessonId)?.course_id;
      if (!courseId) throw new NotFoundError(`No lesson with id ${lessonId}.`);
      const current = this.stmts.tasksOfLesson.all(lessonId);
      for (const row of current.slice(tasks.length)) this.stmts.deleteTask.run(row.id);
      tasks.forEach((t, position) => {
        const row = current[position];
        if (row) this.updateTask(row.id, t, stamp);
        else this.insertTaskAt(courseId, lessonId, position, t, stamp);
      });
    })();
  }

  private insertTaskAt(courseId: string, lessonId: string, position: number, t: NewTask, stamp: VersionStamp): void {
    const id = randomUUID();
    const columns = taskColumns(t);
    if (this.stmts.insertTask.run(id, lessonId, position, t.kind, t.prompt, t.answerKey, columns.questions_json).changes === 0) return;
    this.versions.record(courseId, 'task', id, columns, stamp);
  }

  lesson(lessonId: string): (Omit<Lesson, 'tasks'> & { courseId: string }) | null {
    const r = this.stmts.lesson.get(lessonId);
    if (!r) return null;
    return {
      id: r.id,
      projectId: r.project_id,
      position: r.position,
      title: r.title,
      content: r.content,
      objectives: parseJson<string[]>(r.objectives_json, 'lessons.objectives_json') ?? [],
      sources: this.stmts.sourcesOfLesson.all(lessonId).map(lessonSourceOf),
      courseId: r.course_id,
    };
  }

  /** Writes a lesson's title, content and objectives, and their version (`stamp` says who and why). */
  updateLesson(lessonId: string, fields: { title: string; content: string; objectives: string[] }, stamp: VersionStamp = { ...APP_STAMP, reason: 'edited' }): void {
    this.db.transaction(() => {
      const lesson = this.lesson(lessonId);
      if (!lesson) throw new NotFoundError(`No lesson with id ${lessonId}.`);
      const columns = lessonColumns(fields);
      this.stmts.updateLesson.run(columns.title, columns.content, columns.objectives_json, this.now(), lessonId);
      this.versions.record(lesson.courseId, 'lesson', lessonId, columns, stamp);
    })();
  }

  task(taskId: string): Task | null {
    const r = this.stmts.task.get(taskId);
    return r ? taskOf(r) : null;
  }

  /** Writes a task's content, and its version (`stamp` says who and why). */
  updateTask(taskId: string, fields: NewTask, stamp: VersionStamp = { ...APP_STAMP, reason: 'edited' }): void {
    this.db.transaction(() => {
      const courseId = this.stmts.taskOwner.get(taskId)?.course_id;
      if (!courseId) throw new NotFoundError(`No task with id ${taskId}.`);
      const columns = taskColumns(fields);
      this.stmts.updateTask.run(columns.kind, columns.prompt, columns.answer_key, columns.questions_json, taskId);
      this.versions.record(courseId, 'task', taskId, columns, stamp);
    })();
  }

  /**
   * Writes a stored version's content back as the unit's current content, as a new version
   * ('restored', pointing at the one it brings back). History is never rewritten. The body
   * goes back exactly as kept, even text today's checks would refuse: it was the unit once.
   */
  restoreVersion(kind: UnitKind, unitId: string, version: number, author: Omit<VersionStamp, 'reason' | 'restoredFrom'>): number {
    return this.db.transaction((): number => {
      const owner = (kind === 'lesson' ? this.stmts.lessonOwner : this.stmts.taskOwner).get(unitId);
      if (!owner) throw new NotFoundError(`No ${kind} with id ${unitId}: only a unit that still exists can be restored.`);
      const body = this.versions.columns(kind, unitId, version);
      if (!body) throw new NotFoundError(`The ${kind} has no version ${version}.`);
      const stamp: VersionStamp = { ...author, reason: 'restored', restoredFrom: version };
      const str = (v: unknown) => (typeof v === 'string' ? v : null);
      let written: number | null;
      if (kind === 'lesson') {
        const columns: LessonColumns = { title: str(body.title) ?? '', content: str(body.content) ?? '', objectives_json: str(body.objectives_json) ?? '[]' };
        this.stmts.updateLesson.run(columns.title, columns.content, columns.objectives_json, this.now(), unitId);
        written = this.versions.record(owner.course_id, 'lesson', unitId, columns, stamp);
      } else {
        const columns: TaskColumns = { kind: str(body.kind) ?? 'exercise', prompt: str(body.prompt) ?? '', answer_key: str(body.answer_key), questions_json: str(body.questions_json) };
        this.stmts.updateTask.run(columns.kind, columns.prompt, columns.answer_key, columns.questions_json, unitId);
        written = this.versions.record(owner.course_id, 'task', unitId, columns, stamp);
      }
      if (written === null) throw new ConflictError(`Version ${version} is what the ${kind} says now: there is nothing to restore.`);
      return written;
    })();
  }

  /** Every lesson and task of the course now, with its latest version (0: none recorded). */
  currentUnits(courseId: string): { kind: UnitKind; unitId: string; label: string; version: number }[] {
    const latest = this.versions.latestOfCourse(courseId);
    const tree = this.tree(courseId);
    if (!tree) throw new NotFoundError(`No course with id ${courseId}.`);
    const out: { kind: UnitKind; unitId: string; label: string; version: number }[] = [];
    for (const p of tree.projects) {
      for (const l of p.lessons) {
        out.push({ kind: 'lesson', unitId: l.id, label: l.title, version: latest.get(`lesson:${l.id}`) ?? 0 });
        for (const t of l.tasks) out.push({ kind: 'task', unitId: t.id, label: `${l.title} — ${t.kind} ${t.position + 1}`, version: latest.get(`task:${t.id}`) ?? 0 });
      }
    }
    return out;
  }

  /**
   * Makes the course's outline, summary and tree exactly `content` in one transaction (a
   * savepoint inside the caller's): rows are kept by id and updated, rows it lacks are
   * deleted, new ones inserted, so no row is ever doubled. Status, approvals, topic and
   * options are left alone. Throws, changing nothing, if an id belongs to another course.
   */
  replaceContent(courseId: string, content: ReplacementContent, stamp: VersionStamp = { reason: 'synced', authorKind: 'sync', author: 'backend' }): ReplacementCounts {
    const at = this.now();
    const s = this.stmts;
    return this.db.transaction((): ReplacementCounts => {
      const current = this.tree(courseId);
      if (!current) throw new NotFoundError(`No course with id ${courseId}.`);
      const lessons = content.projects.flatMap((p) => p.lessons);
      const tasks = lessons.flatMap((l) => l.tasks);
      const owned = (owner: { course_id: string } | undefined) => !owner || owner.course_id === courseId;
      for (const [kind, ids, owner] of [
        ['project', content.projects.map((p) => p.id), s.projectOwner],
        ['lesson', lessons.map((l) => l.id), s.lessonOwner],
        ['task', tasks.map((t) => t.id), s.taskOwner],
      ] as const) {
        if (new Set(ids).size !== ids.length) throw new Error(`The replacement content repeats a ${kind} id.`);
        const foreign = ids.find((id) => !owned(owner.get(id)));
        if (foreign) throw new Error(`The replacement content's ${kind} ${foreign} belongs to another course on this computer.`);
      }

      const keep = new Set([...content.projects.map((p) => p.id), ...lessons.map((l) => l.id), ...tasks.map((t) => t.id)]);
      let removed = 0;
      // Leaf first, so every removed row is counted (a parent's cascade would hide its children).
      for (const l of current.projects.flatMap((p) => p.lessons)) {
        for (const t of l.tasks) if (!keep.has(t.id)) removed += s.deleteTask.run(t.id).changes;
      }
      for (const l of current.projects.flatMap((p) => p.lessons)) if (!keep.has(l.id)) removed += s.deleteLesson.run(l.id).changes;
      for (const p of current.projects) if (!keep.has(p.id)) removed += s.deleteProject.run(p.id).changes;

      s.parkTasks.run(courseId);
      s.parkLessons.run(courseId);
      s.parkProjects.run(courseId);
      content.projects.forEach((p, pi) => {
        s.putProject.run(p.id, courseId, pi, p.title, p.description);
        p.lessons.forEach((l, li) => {
          s.putLesson.run(l.id, p.id, li, l.title, l.content, toJson(l.objectives), at, at);
          // Only the units whose text this changes get a version (record skips the same text).
          this.versions.record(courseId, 'lesson', l.id, lessonColumns(l), stamp);
          l.tasks.forEach((t, ti) => {
            s.putTask.run(t.id, l.id, ti, t.kind, t.prompt, t.answerKey, questionsJson(t));
            this.versions.record(courseId, 'task', t.id, taskColumns(t), stamp);
          });
        });
      });
      s.setContent.run(content.outline ? toJson(content.outline) : null, content.summary ? toJson(content.summary) : null, at, courseId);
      return { projects: content.projects.length, lessons: lessons.length, tasks: tasks.length, removed };
    })();
  }

  /** The whole course: projects → lessons → tasks, in order. */
  tree(courseId: string): CourseTree | null {
    const course = this.get(courseId);
    if (!course) return null;
    const tasksByLesson = new Map<string, Task[]>();
    for (const t of this.stmts.tasksOfCourse.all(courseId)) {
      const list = tasksByLesson.get(t.lesson_id) ?? [];
      list.push(taskOf(t));
      tasksByLesson.set(t.lesson_id, list);
    }
    const sourcesByLesson = new Map<string, LessonSource[]>();
    for (const r of this.stmts.sourcesOfCourse.all(courseId)) {
      const list = sourcesByLesson.get(r.lesson_id) ?? [];
      list.push(lessonSourceOf(r));
      sourcesByLesson.set(r.lesson_id, list);
    }
    const lessonsByProject = new Map<string, Lesson[]>();
    for (const l of this.stmts.lessonsOfCourse.all(courseId)) {
      const list = lessonsByProject.get(l.project_id) ?? [];
      list.push({
        id: l.id,
        projectId: l.project_id,
        position: l.position,
        title: l.title,
        content: l.content,
        objectives: parseJson<string[]>(l.objectives_json, 'lessons.objectives_json') ?? [],
        tasks: tasksByLesson.get(l.id) ?? [],
        sources: sourcesByLesson.get(l.id) ?? [],
      });
      lessonsByProject.set(l.project_id, list);
    }
    const projects: Project[] = this.stmts.projects.all(courseId).map((p) => ({
      id: p.id,
      courseId: p.course_id,
      position: p.position,
      title: p.title,
      description: p.description,
      lessons: lessonsByProject.get(p.id) ?? [],
    }));
    return { ...course, options: this.options(courseId), projects };
  }
}
