// One push of one course: the protocol that makes a push safe to interrupt anywhere and
// repeat. (1) Read the backend's course head. Unless overwriting, stop with a conflict
// when its version moved past the one this app last pushed, except where the move is this
// app's own unfinished push (its push_id is one we recorded). (2) Record a fresh push id
// locally, then write the course with it, which opens the push. (3) Upsert projects,
// lessons, tasks in dependency order, keyed by id. (4) Delete backend children the local
// tree no longer has. (5) Upsert the job summary. (6) Commit: close the push if it is
// still ours. The backend refuses to open the push if the course moved since (1), and
// refuses the push's writes once anyone else edits the course: both end as a conflict.
import { randomUUID } from 'node:crypto';
import type { Store } from '../db/store';
import { SyncError } from './errors';
import { buildCoursePayload } from './course-payload';
import type { OutboxEntry, OutboxRepository } from './outbox';
import type { Account, SyncBackend } from './supabase-client';

export type PushOutcome =
  | { kind: 'synced'; remoteId: string; remoteVersion: number; pushId: string; rows: number; removed: number }
  | { kind: 'conflict'; remoteVersion: number; message: string }
  | { kind: 'gone' }
  /** The course went back to review (edited since its approval): it is pushed when published again. */
  | { kind: 'unpublished' };

export interface PushDeps {
  store: Store;
  outbox: OutboxRepository;
  backend: SyncBackend;
  account: Account;
  organizationId: string;
}

const CHILD_TABLES_LEAF_FIRST = ['tasks', 'lessons', 'projects'] as const;

export async function pushCourse(deps: PushDeps, entry: OutboxEntry): Promise<PushOutcome> {
  const { store, outbox, backend } = deps;
  const tree = store.courses.tree(entry.courseId);
  const state = outbox.course(entry.courseId);
  if (!tree || !state) return { kind: 'gone' };
  // An entry queued before the course was edited back into review must not push the
  // unapproved text: publishing it again (after a new approval) queues a fresh entry.
  if (tree.status !== 'published') return { kind: 'unpublished' };
  const remoteId = state.remoteId;

  const head = await backend.readCourse(remoteId);
  if (head && !entry.force) {
    const unchanged = state.remoteVersion !== null && head.version <= state.remoteVersion;
    const ourOwnPush = head.push_id !== null && state.pushIds.includes(head.push_id);
    if (!unchanged && !ourOwnPush) {
      const since = state.remoteVersion === null ? 'was never synced from this app' : `was at version ${state.remoteVersion} when this app last synced it`;
      return {
        kind: 'conflict',
        remoteVersion: head.version,
        message: `The course was changed on the backend (now version ${head.version}; it ${since}). Choose: keep theirs, overwrite, or publish as a duplicate.`,
      };
    }
  }

  const pushId = randomUUID();
  outbox.recordPushId(entry.courseId, pushId);
  const jobRow = store.jobs.byCourse(entry.courseId);
  const job = jobRow ? store.jobs.summary(jobRow.id) : null;
  const payload = buildCoursePayload(tree, job, {
    remoteId,
    expectedVersion: head?.version ?? 0,
    organizationId: deps.organizationId,
    userId: deps.account.userId,
    pushId,
  });
  try {
    return await write(backend, payload, remoteId, pushId);
  } catch (error) {
    if (!(error instanceof SyncError) || error.kind !== 'conflict') throw error;
    const now = await backend.readCourse(remoteId);
    return { kind: 'conflict', remoteVersion: now?.version ?? 0, message: CHANGED_WHILE_PUSHING };
  }
}

const CHANGED_WHILE_PUSHING =
  'The course was changed on the backend while this app was pushing it; nothing of theirs was overwritten. Choose: keep theirs, overwrite, or publish as a duplicate.';

async function write(backend: SyncBackend, payload: ReturnType<typeof buildCoursePayload>, remoteId: string, pushId: string): Promise<PushOutcome> {
  await backend.upsert('courses', [payload.course]);
  await backend.upsert('projects', payload.projects);
  await backend.upsert('lessons', payload.lessons);
  await backend.upsert('tasks', payload.tasks);

  const keep = new Set([...payload.projects, ...payload.lessons, ...payload.tasks].map((r) => r.id as string));
  let removed = 0;
  for (const table of CHILD_TABLES_LEAF_FIRST) {
    const stale = (await backend.childIds(table, remoteId)).filter((id) => !keep.has(id));
    if (stale.length > 0) await backend.deleteIds(table, stale);
    removed += stale.length;
  }
  if (payload.job) await backend.upsert('generation_jobs', [payload.job]);

  const version = await backend.commit(remoteId, pushId);
  if (version === null) {
    const now = await backend.readCourse(remoteId);
    return { kind: 'conflict', remoteVersion: now?.version ?? 0, message: CHANGED_WHILE_PUSHING };
  }
  const rows = 1 + payload.projects.length + payload.lessons.length + payload.tasks.length + (payload.job ? 1 : 0);
  return { kind: 'synced', remoteId, remoteVersion: version, pushId, rows, removed };
}
