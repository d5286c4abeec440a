import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseCorruptError, DatabaseTooNewError } from '../../../src/main/db/errors';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../src/main/db/migrations';
import { openDatabase } from '../../../src/main/db/open';
import { NEXT_CLAIMABLE_SQL } from '../../../src/main/db/repositories/jobs';

const tmp = () => mkdtempSync(join(tmpdir(), 'cs-db-'));

describe('migrations', () => {
  it('versions start at 1 and only go up', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('each migration applies from an empty database, one step at a time', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) {
      expect(migrate(db, MIGRATIONS.filter((x) => x.version <= m.version))).toBe(m.version);
    }
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['courses', 'outline_options', 'projects', 'lessons', 'tasks', 'jobs', 'job_logs', 'model_calls', 'settings']),
    );
  });

  it('rolls back a failing migration and leaves the version unchanged', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE x (a); SELECT * FROM nope') }];
    expect(() => migrate(db, broken)).toThrow(/nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'courses'`).pluck().get()).toBe(0);
  });

  it('gives finished jobs of an older database the duration they showed before', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    const course = db.prepare(`INSERT INTO courses (id, status, topic_json, created_at, updated_at) VALUES (?, 'approved', '{}', 'x', 'x')`);
    const job = db.prepare(`INSERT INTO jobs (id, course_id, status, created_at, started_at, completed_at) VALUES (?, ?, ?, 'x', ?, ?)`);
    const insert = (id: string, status: string, started: string | null, completed: string | null) => {
      course.run(`c-${id}`);
      job.run(id, `c-${id}`, status, started, completed);
    };
    insert('done', 'completed', '2026-11-22T10:00:00.000Z', '2026-11-22T10:04:32.250Z');
    insert('waiting', 'queued', null, null);
    insert('paused', 'paused', '2026-11-22T10:00:00.000Z', null);
    migrate(db);
    const rows = db.prepare(`SELECT id, run_ms, run_started_at FROM jobs ORDER BY id`).all();
    expect(rows).toEqual([
      { id: 'done', run_ms: 272_250, run_started_at: null },
      { id: 'paused', run_ms: 0, run_started_at: null },
      { id: 'waiting', run_ms: 0, run_started_at: null },
    ]);
  });

  it('opens with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(tmp(), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('refuses a database from a newer version and leaves the file untouched', () => {
    const file = join(tmp(), 'new.db');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Course Studio/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const file = join(tmp(), 'junk.db');
    writeFileSync(file, 'this is not sqlite '.repeat(500));
    expect(() => openDatabase(file)).toThrow(DatabaseCorruptError);
    expect(readFileSync(file, 'utf8')).toBe('this is not sqlite '.repeat(500));
  });

  it('claims the next job through its partial index', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${NEXT_CLAIMABLE_SQL}`)
      .all({ now: 0, owner: 'me', running: '[]' }) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX jobs_claimable/);
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    const logPlan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM job_logs WHERE job_id = ? AND id > ? ORDER BY id LIMIT 100`).all('x', 0) as { detail: string }[];
    expect(logPlan.map((p) => p.detail).join('\n')).toMatch(/job_logs_by_job/);
  });
});
