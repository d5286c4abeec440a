// Per-job logs in the product plan's format: {timestamp, level, message, details}.
// Read newest-last, paginated by id so a viewer can follow new lines or page back.
import type Database from 'better-sqlite3';
import type { LogEntry, LogLevel } from '../../../shared/domain';
import { parseJson, toJson } from '../json';

interface LogRow {
  id: number;
  job_id: string;
  ts: string;
  level: LogLevel;
  message: string;
  details_json: string | null;
}

export interface LogQuery {
  levels?: readonly LogLevel[];
  text?: string;
  /** Only entries with id greater than this (follow mode). */
  afterId?: number;
  /** Only entries with id less than this (paging back). */
  beforeId?: number;
  limit?: number;
}

const toEntry = (r: LogRow): LogEntry => ({
  id: r.id,
  jobId: r.job_id,
  timestamp: r.ts,
  level: r.level,
  message: r.message,
  details: parseJson<Record<string, unknown>>(r.details_json, 'job_logs.details_json'),
});

export class LogRepository {
  private readonly insert;
  private readonly byId;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
  ) {
    this.insert = db.prepare(`INSERT INTO job_logs (job_id, ts, level, message, details_json) VALUES (?, ?, ?, ?, ?)`);
    this.byId = db.prepare<[number | bigint], LogRow>(`SELECT * FROM job_logs WHERE id = ?`);
  }

  append(jobId: string, level: LogLevel, message: string, details: Record<string, unknown> | null = null): LogEntry {
    const info = this.insert.run(jobId, this.now(), level, message, details ? toJson(details) : null);
    return toEntry(this.byId.get(info.lastInsertRowid)!);
  }

  /** Entries in id order. With `beforeId` (paging back) the newest `limit` before it. */
  list(jobId: string, query: LogQuery = {}): LogEntry[] {
    const where = ['job_id = :jobId'];
    const params: Record<string, unknown> = { jobId, limit: query.limit ?? 500 };
    if (query.levels && query.levels.length > 0) {
      where.push(`level IN (${query.levels.map((_, i) => `:l${i}`).join(',')})`);
      query.levels.forEach((l, i) => (params[`l${i}`] = l));
    }
    if (query.text && query.text.trim() !== '') {
      where.push(`message LIKE :text ESCAPE '\\'`);
      params.text = `%${query.text.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    }
    if (query.afterId !== undefined) {
      where.push('id > :afterId');
      params.afterId = query.afterId;
    }
    if (query.beforeId !== undefined) {
      where.push('id < :beforeId');
      params.beforeId = query.beforeId;
    }
    const newestFirst = query.beforeId !== undefined;
    const sql = `SELECT * FROM job_logs WHERE ${where.join(' AND ')} ORDER BY id ${newestFirst ? 'DESC' : 'ASC'} LIMIT :limit`;
    const rows = (this.db.prepare(sql).all(params) as LogRow[]).map(toEntry);
    return newestFirst ? rows.reverse() : rows;
  }

  count(jobId: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM job_logs WHERE job_id = ?`).get(jobId) as { n: number }).n;
  }
}
