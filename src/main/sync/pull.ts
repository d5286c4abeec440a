// Keep-theirs: the backend's version of a course, read under the person's own session (so
// row-level security decides what they may see) and turned into content for the local
// course. The read is several requests, so it is checked to be one version: the course's
// version is read before and after its children, and the backend's triggers move it on
// every edit of the tree and every push, so the same version at both ends means the rows
// read in between are that version's. Rows from the backend are untrusted input: they are
// validated here, and nothing is written locally by this module.
import { z } from 'zod';
import { COURSE_LEVELS, TASK_KINDS, type CourseTree } from '../../shared/domain';
import { quizQuestionsSchema } from '../../shared/quiz';
import type { ReplacementContent } from '../db/repositories/courses';
import { uuidV5 } from './course-payload';
import { SyncError } from './errors';
import type { Row, SyncBackend } from './supabase-client';

const id = z.guid();
const position = z.number().int().min(0);
const str = (max: number) => z.string().max(max);

// The app's own outline schema also encodes generation rules (3–8 projects…); a course
// someone edited on the backend only has to be an outline this app can show and push.
const outlineSchema = z.object({
  title: str(500),
  description: str(20_000),
  audience: str(1_000),
  level: z.enum(COURSE_LEVELS),
  language: str(100),
  projects: z
    .array(z.object({ title: str(500), description: str(20_000), lessons: z.array(z.object({ title: str(500), summary: str(20_000) })).max(200) }))
    .max(200),
});

const summarySchema = z.object({
  summary: str(50_000),
  learningOutcomes: z.array(str(2_000)).max(200),
  prerequisites: z.array(str(2_000)).max(200),
});

const courseSchema = z.object({
  id,
  version: z.number().int().min(1),
  push_id: id.nullable(),
  push_open: z.boolean(),
  title: str(500),
  description: str(20_000),
  outline: outlineSchema.nullable(),
  summary: summarySchema.nullable(),
});

const projectSchema = z.object({ id, position, title: str(500), description: str(20_000) });
const lessonSchema = z.object({
  id,
  project_id: id,
  position,
  title: str(500),
  content: str(2_000_000),
  objectives: z.array(str(2_000)).max(100),
});
const taskSchema = z.object({
  id,
  lesson_id: id,
  position,
  kind: z.enum(TASK_KINDS),
  prompt: str(200_000),
  answer_key: str(200_000).nullable(),
  // The same rules as every other way a question arrives (shared/quiz.ts).
  questions: quizQuestionsSchema.nullable(),
});

const COLUMNS = {
  projects: 'id, position, title, description',
  lessons: 'id, project_id, position, title, content, objectives',
  tasks: 'id, lesson_id, position, kind, prompt, answer_key, questions',
} as const;

export interface RemoteCourseSnapshot {
  version: number;
  course: z.infer<typeof courseSchema>;
  projects: z.infer<typeof projectSchema>[];
  lessons: z.infer<typeof lessonSchema>[];
  tasks: z.infer<typeof taskSchema>[];
}

function parseRows<T>(schema: z.ZodType<T>, rows: Row[], what: string): T[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const rowId = typeof row.id === 'string' ? ` ${row.id}` : '';
    throw new SyncError(
      'rejected',
      `The backend’s version cannot be used on this computer: ${what}${rowId} has an invalid ${issue.path.join('.') || 'value'} (${issue.message}).`,
    );
  });
}

export const GONE_MESSAGE =
  'The backend no longer has this course (or this account may not read it), so there is no version of theirs to keep. Choose overwrite or publish as a copy.';

/** Reads the backend's course tree as one version; `attempts` rounds when it moves meanwhile. */
export async function fetchRemoteCourse(backend: SyncBackend, remoteId: string, attempts = 3): Promise<RemoteCourseSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const row = await backend.readCourseContent(remoteId);
    if (!row) throw new SyncError('rejected', GONE_MESSAGE);
    const [course] = parseRows(courseSchema, [row], 'the course');
    if (course!.push_open) {
      // Another app's push is half-written; its children are not a version anyone chose.
      throw new SyncError('conflict', 'Someone is publishing this course to the backend right now; try keeping theirs again in a moment.');
    }
    const [projects, lessons, tasks] = await Promise.all([
      backend.childRows('projects', remoteId, COLUMNS.projects),
      backend.childRows('lessons', remoteId, COLUMNS.lessons),
      backend.childRows('tasks', remoteId, COLUMNS.tasks),
    ]);
    const after = await backend.readCourse(remoteId);
    if (!after) throw new SyncError('rejected', GONE_MESSAGE);
    if (after.version === course!.version && !after.push_open) {
      return {
        version: course!.version,
        course: course!,
        projects: parseRows(projectSchema, projects, 'project'),
        lessons: parseRows(lessonSchema, lessons, 'lesson'),
        tasks: parseRows(taskSchema, tasks, 'task'),
      };
    }
    if (attempt >= attempts) {
      throw new SyncError('conflict', 'The backend’s version kept changing while it was being read; try keeping theirs again in a moment.');
    }
  }
}

const byPosition = <T extends { position: number; id: string }>(a: T, b: T) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

/**
 * The snapshot as the local course's new content. Rows keep their ids; for a course pushed
 * as a duplicate (remote ids derived from the local ones, see course-payload.ts) they map
 * back to the local ids, and rows added on the backend keep the backend's id. Positions are
 * renumbered 0…n−1 in the backend's order, which is what the local schema's keys expect.
 */
export function toReplacement(snapshot: RemoteCourseSnapshot, local: CourseTree, remoteId: string): ReplacementContent {
  const duplicate = remoteId !== local.id;
  const localIds = new Map<string, string>();
  if (duplicate) {
    for (const p of local.projects) {
      localIds.set(uuidV5(remoteId, p.id), p.id);
      for (const l of p.lessons) {
        localIds.set(uuidV5(remoteId, l.id), l.id);
        for (const t of l.tasks) localIds.set(uuidV5(remoteId, t.id), t.id);
      }
    }
  }
  const localId = (remote: string) => localIds.get(remote) ?? remote;

  const projectIds = new Set(snapshot.projects.map((p) => p.id));
  const lessonIds = new Set(snapshot.lessons.map((l) => l.id));
  const orphan = snapshot.lessons.find((l) => !projectIds.has(l.project_id)) ?? snapshot.tasks.find((t) => !lessonIds.has(t.lesson_id));
  if (orphan) throw new SyncError('rejected', `The backend’s version is incomplete: ${orphan.id} belongs to a part of the course it did not return.`);
  const lessonsOf = groupBy(snapshot.lessons, (l) => l.project_id);
  const tasksOf = groupBy(snapshot.tasks, (t) => t.lesson_id);

  const { course } = snapshot;
  // A duplicate was pushed with " (copy)" added; adopting it as is would add another next time.
  const title = duplicate ? course.title.replace(/ \(copy\)$/, '') : course.title;
  const outline = course.outline ?? local.outline;
  return {
    outline: outline ? { ...outline, title, description: course.description } : null,
    summary: course.summary,
    projects: [...snapshot.projects].sort(byPosition).map((p) => ({
      id: localId(p.id),
      title: p.title,
      description: p.description,
      lessons: (lessonsOf.get(p.id) ?? []).sort(byPosition).map((l) => ({
        id: localId(l.id),
        title: l.title,
        content: l.content,
        objectives: l.objectives,
        tasks: (tasksOf.get(l.id) ?? []).sort(byPosition).map((t) => ({ id: localId(t.id), kind: t.kind, prompt: t.prompt, answerKey: t.answer_key, questions: t.questions })),
      })),
    })),
  };
}
