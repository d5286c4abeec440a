// What the sync worker did and why, per course or for the whole app (course_id NULL):
// the Sync log view reads it, newest last, paged by id like the job logs.
import type Database from 'better-sqlite3';
import type { LogLevel } from '../../shared/domain';
import type { SyncLogEntry } from '../../shared/sync';
import { parseJson, toJson } from '../db/json';

interface Row {
  id: number;
  course_id: string | null;
  ts: string;
  level: LogLevel;
  message: string;
  details_json: string | null;
}

const toEntry = (r: Row): SyncLogEntry => ({
  id: r.id,
  courseId: r.course_id,
  timestamp: r.ts,
  level: r.level,
  message: r.message,
  details: parseJson<Record<string, unknown>>(r.details_json, 'sync_log.details_json'),
});

export class SyncLog {
  private readonly insert;
  private readonly byId;

  constructor(
    private readonly db: Database.Database,
    private readonly clockMs: () => number,
  ) {
    this.insert = db.prepare(`INSERT INTO sync_log (course_id, ts, level, message, details_json) VALUES (?, ?, ?, ?, ?)`);
    this.byId = db.prepare<[number | bigint], Row>(`SELECT * FROM sync_log WHERE id = ?`);
  }

  append(courseId: string | null, level: LogLevel, message: string, details: Record<string, unknown> | null = null): SyncLogEntry {
    const info = this.insert.run(courseId, new Date(this.clockMs()).toISOString(), level, message, details ? toJson(details) : null);
    return toEntry(this.byId.get(info.lastInsertRowid)!);
  }

  /** The newest `limit` entries (after `afterId` when following), in id order. */
  list(query: { courseId?: string; afterId?: number; limit?: number } = {}): SyncLogEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit ?? 500 };
    if (query.courseId !== undefined) {
      where.push('course_id = :courseId');
      params.courseId = query.courseId;
    }
    if (query.afterId !== undefined) {
      where.push('id > :afterId');
      params.afterId = query.afterId;
    }
    const sql = `SELECT * FROM sync_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT :limit`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toEntry).reverse();
  }
}
