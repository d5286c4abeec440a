// The sync outbox and per-course sync state (migration 003). Invariants: a course has at
// most one active entry (pending, failed or conflict): a newer publish supersedes older
// ones, since every push sends the whole current tree; an entry leaves pending only when
// the push committed (done), a person must act (failed, conflict), or a newer publish took
// its place. Nothing here talks to the network.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ConflictResolution, CourseSyncState, CourseSyncStatus, SyncCounts } from '../../shared/sync';
import { parseJson, toJson } from '../db/json';
import { ConflictError } from '../errors';

export interface OutboxEntry {
  id: number;
  courseId: string;
  state: 'pending' | 'done' | 'failed' | 'conflict';
  force: boolean;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

interface EntryRow {
  id: number;
  course_id: string;
  state: OutboxEntry['state'];
  force: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

interface CourseSyncRow {
  course_id: string;
  state: CourseSyncState;
  remote_id: string;
  remote_version: number | null;
  conflict_version: number | null;
  push_ids_json: string;
  synced_at: string | null;
  error: string | null;
  note: string | null;
  attempts: number | null;
  next_attempt_at: number | null;
}

export interface CourseSyncRecord {
  courseId: string;
  state: CourseSyncState;
  remoteId: string;
  remoteVersion: number | null;
  conflictVersion: number | null;
  /** Push ids this app wrote to the backend since the course last synced. */
  pushIds: string[];
}

/** Push ids kept per course: enough for any realistic run of interrupted attempts. */
const MAX_PUSH_IDS = 50;

const toEntry = (r: EntryRow): OutboxEntry => ({
  id: r.id,
  courseId: r.course_id,
  state: r.state,
  force: r.force === 1,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
});

export class NoConflictError extends ConflictError {
  constructor() {
    super('This course has no sync conflict to resolve.');
  }
}

export class OutboxRepository {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly clockMs: () => number,
  ) {
    this.s = {
      supersede: db.prepare(
        `UPDATE sync_outbox SET state = 'done', last_error = 'superseded by a newer publish', updated_at = ?
         WHERE course_id = ? AND state IN ('pending','failed','conflict')`,
      ),
      insert: db.prepare(`INSERT INTO sync_outbox (course_id, kind, next_attempt_at, created_at, updated_at) VALUES (?, 'publish', ?, ?, ?)`),
      upsertCourse: db.prepare(
        `INSERT INTO course_sync (course_id, state, remote_id, updated_at) VALUES (?, 'pending', ?, ?)
         ON CONFLICT (course_id) DO UPDATE SET state = 'pending', error = NULL, note = NULL, updated_at = excluded.updated_at`,
      ),
      nextDue: db.prepare<[number], EntryRow>(
        `SELECT * FROM sync_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1`,
      ),
      earliest: db.prepare<[], { at: number | null }>(`SELECT MIN(next_attempt_at) AS at FROM sync_outbox WHERE state = 'pending'`),
      entry: db.prepare<[number], EntryRow>(`SELECT * FROM sync_outbox WHERE id = ?`),
      active: db.prepare<[string], EntryRow>(
        `SELECT * FROM sync_outbox WHERE course_id = ? AND state IN ('pending','failed','conflict') ORDER BY id DESC LIMIT 1`,
      ),
      otherActive: db.prepare<[string, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM sync_outbox WHERE course_id = ? AND id <> ? AND state IN ('pending','failed','conflict')`,
      ),
      setEntry: db.prepare(
        `UPDATE sync_outbox SET state = ?, force = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?`,
      ),
      course: db.prepare<[string], CourseSyncRow>(
        `SELECT cs.*, NULL AS attempts, NULL AS next_attempt_at FROM course_sync cs WHERE cs.course_id = ?`,
      ),
      setCourse: db.prepare(
        `UPDATE course_sync SET state = ?, remote_id = ?, remote_version = ?, conflict_version = ?, push_ids_json = ?, synced_at = ?, error = ?, note = ?, updated_at = ?
         WHERE course_id = ?`,
      ),
      statuses: db.prepare<[], CourseSyncRow>(
        // Courses in the bin are not listed (their state comes back with a restore).
        `SELECT cs.*, o.attempts, o.next_attempt_at FROM course_sync cs
         JOIN courses c ON c.id = cs.course_id AND c.deleted_at IS NULL
         LEFT JOIN sync_outbox o ON o.id = (SELECT MAX(id) FROM sync_outbox WHERE course_id = cs.course_id AND state IN ('pending','failed','conflict'))
         ORDER BY cs.updated_at DESC, cs.course_id`,
      ),
      counts: db.prepare<[], { state: CourseSyncState; n: number }>(`SELECT cs.state, COUNT(*) AS n FROM course_sync cs JOIN courses c ON c.id = cs.course_id AND c.deleted_at IS NULL GROUP BY cs.state`),
      requeueFailed: db.prepare(`UPDATE sync_outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE state = 'failed'`),
      requeueFailedCourses: db.prepare(`UPDATE course_sync SET state = 'pending', updated_at = ? WHERE state = 'failed'`),
      resetBackoff: db.prepare(`UPDATE sync_outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?`),
    };
  }

  private nowIso(): string {
    return new Date(this.clockMs()).toISOString();
  }

  /** Records a publish. Call inside the transaction that marks the course published. */
  enqueue(courseId: string): number {
    const now = this.clockMs();
    const at = this.nowIso();
    this.s.supersede.run(at, courseId);
    const info = this.s.insert.run(courseId, now, at, at);
    this.s.upsertCourse.run(courseId, courseId, at);
    return Number(info.lastInsertRowid);
  }

  nextDue(): OutboxEntry | null {
    const row = this.s.nextDue.get(this.clockMs());
    return row ? toEntry(row) : null;
  }

  /** When the next pending entry is due (epoch ms), or null when nothing is pending. */
  earliestDue(): number | null {
    return this.s.earliest.get()?.at ?? null;
  }

  entry(id: number): OutboxEntry | null {
    const row = this.s.entry.get(id);
    return row ? toEntry(row) : null;
  }

  activeEntry(courseId: string): OutboxEntry | null {
    const row = this.s.active.get(courseId);
    return row ? toEntry(row) : null;
  }

  course(courseId: string): CourseSyncRecord | null {
    const row = this.s.course.get(courseId);
    if (!row) return null;
    return {
      courseId: row.course_id,
      state: row.state,
      remoteId: row.remote_id,
      remoteVersion: row.remote_version,
      conflictVersion: row.conflict_version,
      pushIds: parseJson<string[]>(row.push_ids_json, 'course_sync.push_ids_json') ?? [],
    };
  }

  private updateCourse(courseId: string, patch: Partial<Omit<CourseSyncRow, 'course_id'>>): void {
    const current = this.s.course.get(courseId);
    if (!current) throw new Error(`No sync state for course ${courseId}.`);
    const next = { ...current, ...patch };
    this.s.setCourse.run(
      next.state,
      next.remote_id,
      next.remote_version,
      next.conflict_version,
      next.push_ids_json,
      next.synced_at,
      next.error,
      next.note,
      this.nowIso(),
      courseId,
    );
  }

  private updateEntry(entry: OutboxEntry, patch: Partial<OutboxEntry>): void {
    const next = { ...entry, ...patch };
    this.s.setEntry.run(next.state, next.force ? 1 : 0, next.attempts, next.nextAttemptAt, next.lastError, this.nowIso(), entry.id);
  }

  /** Remembered before the push writes it anywhere, so a retry recognises its own writes. */
  recordPushId(courseId: string, pushId: string): void {
    this.db.transaction(() => {
      const ids = this.course(courseId)?.pushIds ?? [];
      this.updateCourse(courseId, { push_ids_json: toJson([...ids, pushId].slice(-MAX_PUSH_IDS)) });
    })();
  }

  markDone(entry: OutboxEntry, result: { remoteVersion: number; pushId: string }): void {
    this.db.transaction(() => {
      this.updateEntry(entry, { state: 'done', lastError: null, attempts: entry.attempts + 1 });
      // A publish that arrived during the push keeps the course pending for one more push.
      const more = this.s.otherActive.get(entry.courseId, entry.id)!.n > 0;
      this.updateCourse(entry.courseId, {
        state: more ? 'pending' : 'synced',
        remote_version: result.remoteVersion,
        conflict_version: null,
        push_ids_json: toJson([result.pushId]),
        synced_at: this.nowIso(),
        error: null,
      });
    })();
  }

  /** A try that may succeed later (offline, 5xx): the entry stays pending. */
  markRetry(entry: OutboxEntry, error: string, nextAttemptAt: number): void {
    this.db.transaction(() => {
      this.updateEntry(entry, { attempts: entry.attempts + 1, nextAttemptAt, lastError: error });
      this.updateCourse(entry.courseId, { error });
    })();
  }

  /** Waiting for a person (no permission, refused data): not retried until "Sync now". */
  markFailed(entry: OutboxEntry, error: string): void {
    this.db.transaction(() => {
      this.updateEntry(entry, { state: 'failed', attempts: entry.attempts + 1, lastError: error });
      this.updateCourse(entry.courseId, { state: 'failed', error });
    })();
  }

  markConflict(entry: OutboxEntry, remoteVersion: number, message: string): void {
    this.db.transaction(() => {
      this.updateEntry(entry, { state: 'conflict', attempts: entry.attempts + 1, lastError: message });
      this.updateCourse(entry.courseId, { state: 'conflict', conflict_version: remoteVersion, error: message, note: null });
    })();
  }

  /** The course is gone locally: nothing left to push. */
  markObsolete(entry: OutboxEntry, reason: string): void {
    this.updateEntry(entry, { state: 'done', lastError: reason });
  }

  /** "Sync now": failed entries get another go and waiting ones stop waiting. */
  retryAll(): void {
    const now = this.clockMs();
    const at = this.nowIso();
    this.db.transaction(() => {
      this.s.requeueFailed.run(now, at);
      this.s.requeueFailedCourses.run(at);
      this.s.resetBackoff.run(now, now);
    })();
  }

  /** The conflict waiting on `courseId`, or NoConflictError. */
  conflictOf(courseId: string): { course: CourseSyncRecord; entry: OutboxEntry } {
    const course = this.course(courseId);
    const entry = this.activeEntry(courseId);
    if (!course || course.state !== 'conflict' || !entry || entry.state !== 'conflict') throw new NoConflictError();
    return { course, entry };
  }

  /**
   * Keep theirs, once the backend's version `remoteVersion` has replaced the local content
   * (the caller does both in one transaction). `entryId` is the conflict that was read
   * before fetching: if a newer publish took its place meanwhile, nothing is resolved.
   */
  keepTheirs(courseId: string, entryId: number, remoteVersion: number): void {
    this.db.transaction(() => {
      const { entry } = this.conflictOf(courseId);
      if (entry.id !== entryId) throw new NoConflictError();
      this.updateEntry(entry, { state: 'done', lastError: 'kept the backend’s version' });
      this.updateCourse(courseId, {
        state: 'synced',
        remote_version: remoteVersion,
        conflict_version: null,
        push_ids_json: '[]',
        synced_at: this.nowIso(),
        error: null,
        note: `Replaced with the backend’s version ${remoteVersion}.`,
      });
    })();
  }

  /** Context for a conflict that stays (keep-theirs could not fetch): shown beside it. */
  noteConflict(courseId: string, note: string): void {
    const course = this.course(courseId);
    if (course?.state === 'conflict') this.updateCourse(courseId, { note });
  }

  /** Connectivity is back: pending entries waiting out a back-off are due now. */
  resumeBackoff(): number {
    const now = this.clockMs();
    return this.s.resetBackoff.run(now, now).changes;
  }

  resolveConflict(courseId: string, resolution: Exclude<ConflictResolution, 'keep_theirs'>): void {
    this.db.transaction(() => {
      const { entry } = this.conflictOf(courseId);
      const now = this.clockMs();
      switch (resolution) {
        case 'overwrite':
          this.updateEntry(entry, { state: 'pending', force: true, nextAttemptAt: now, lastError: null });
          this.updateCourse(courseId, { state: 'pending', error: null, note: 'Overwriting the backend’s version.' });
          break;
        case 'duplicate':
          this.updateEntry(entry, { state: 'pending', force: false, nextAttemptAt: now, lastError: null });
          this.updateCourse(courseId, {
            state: 'pending',
            remote_id: randomUUID(),
            remote_version: null,
            conflict_version: null,
            push_ids_json: '[]',
            error: null,
            note: 'Publishing as a new course beside the backend’s version.',
          });
          break;
      }
    })();
  }

  statuses(): CourseSyncStatus[] {
    return this.s.statuses.all().map((r) => ({
      courseId: r.course_id,
      state: r.state,
      remoteId: r.remote_id,
      remoteVersion: r.remote_version,
      syncedAt: r.synced_at,
      error: r.error,
      note: r.note,
      attempts: r.attempts ?? 0,
      nextAttemptAt: r.state === 'pending' && r.next_attempt_at !== null ? new Date(r.next_attempt_at).toISOString() : null,
    }));
  }

  counts(): SyncCounts {
    const counts: SyncCounts = { pending: 0, failed: 0, conflict: 0, synced: 0 };
    for (const { state, n } of this.s.counts.all()) counts[state] = n;
    return counts;
  }
}
