// Migration 003 (sync outbox) on its own: applies over a version-2 database that already
// holds courses, cascades with its course, and the worker's hot query uses its index.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';
import { migration003 } from '../../../src/main/db/migrations/003-sync-outbox';

function atVersion2(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
  db.prepare(`INSERT INTO courses (id, topic_json, status, created_at, updated_at) VALUES ('c1', '{}', 'approved', 'now', 'now')`).run();
  return db;
}

describe('migration 003: sync outbox', () => {
  it('is registered as version 3 and applies over existing data', () => {
    expect(MIGRATIONS.find((m) => m.version === 3)).toBe(migration003);
    const db = atVersion2();
    expect(migrate(db)).toBeGreaterThanOrEqual(3);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['sync_outbox', 'course_sync', 'sync_log']));
    expect(db.prepare(`SELECT id FROM courses`).pluck().all()).toEqual(['c1']);
  });

  it('refuses unknown states and kinds', () => {
    const db = atVersion2();
    migrate(db);
    const insert = (kind: string, state: string) =>
      db.prepare(`INSERT INTO sync_outbox (course_id, kind, state, next_attempt_at, created_at, updated_at) VALUES ('c1', ?, ?, 0, 'now', 'now')`).run(kind, state);
    expect(() => insert('publish', 'pending')).not.toThrow();
    expect(() => insert('delete', 'pending')).toThrow(/CHECK/);
    expect(() => insert('publish', 'lost')).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO course_sync (course_id, state, remote_id, updated_at) VALUES ('c1', 'maybe', 'c1', 'now')`).run()).toThrow(/CHECK/);
  });

  it('drops a course’s outbox, sync state and log with the course', () => {
    const db = atVersion2();
    migrate(db);
    db.prepare(`INSERT INTO sync_outbox (course_id, kind, next_attempt_at, created_at, updated_at) VALUES ('c1', 'publish', 0, 'now', 'now')`).run();
    db.prepare(`INSERT INTO course_sync (course_id, state, remote_id, updated_at) VALUES ('c1', 'pending', 'c1', 'now')`).run();
    db.prepare(`INSERT INTO sync_log (course_id, ts, level, message) VALUES ('c1', 'now', 'info', 'x'), (NULL, 'now', 'info', 'global')`).run();
    db.prepare(`DELETE FROM courses WHERE id = 'c1'`).run();
    expect(db.prepare(`SELECT COUNT(*) FROM sync_outbox`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM course_sync`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT message FROM sync_log`).pluck().all()).toEqual(['global']);
  });

  it('finds the next due entry through its partial index', () => {
    const db = atVersion2();
    migrate(db);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM sync_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1`)
      .all(0) as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/USING INDEX sync_outbox_due/);
    expect(text).not.toMatch(/TEMP B-TREE/);
    const logPlan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM sync_log WHERE course_id = ? ORDER BY id DESC LIMIT 10`).all('c1') as { detail: string }[];
    expect(logPlan.map((p) => p.detail).join('\n')).toMatch(/sync_log_by_course/);
  });
});
