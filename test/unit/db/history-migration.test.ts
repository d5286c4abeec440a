// Migration 011: every unit stored before it gets a first version holding exactly its
// columns, and a course approved before it is pinned to those versions.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';

function versionTenWithCourses(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
  const t = '2026-12-01T10:00:00.000Z';
  db.exec(`
    INSERT INTO courses (id, topic_json, status, created_at, updated_at, course_approved_at, course_approved_by)
      VALUES ('approved', '{}', 'approved', '${t}', '${t}', '${t}', 'Ada'), ('draft', '{}', 'generated', '${t}', '${t}', NULL, NULL);
    INSERT INTO projects (id, course_id, position, title, description) VALUES ('p1', 'approved', 0, 'P', 'd'), ('p2', 'draft', 0, 'P', 'd');
    INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at)
      VALUES ('l1', 'p1', 0, 'Joins', '# Joins\n\ntext', '["a","b"]', '${t}', '2026-12-02T00:00:00.000Z'),
             ('l2', 'p2', 0, 'Damaged', 'x', 'not json', '${t}', '${t}');
    INSERT INTO tasks (id, lesson_id, position, kind, prompt, answer_key, questions_json)
      VALUES ('t1', 'l1', 0, 'quiz', 'Q?', NULL, '[{"type":"essay"}]'), ('t2', 'l2', 0, 'exercise', 'Do', 'key', NULL);
  `);
  return db;
}

describe('migration 011 (version history)', () => {
  it('gives every stored lesson and task a first version with its columns as they were', () => {
    const db = versionTenWithCourses();
    migrate(db);
    const rows = db
      .prepare(`SELECT course_id, unit_kind, unit_id, version, body_json, reason, author_kind, created_at FROM unit_versions ORDER BY unit_id`)
      .all() as { body_json: string }[];
    expect(rows.map((r) => ({ ...r, body_json: JSON.parse(r.body_json) as unknown }))).toEqual([
      {
        course_id: 'approved', unit_kind: 'lesson', unit_id: 'l1', version: 1, reason: 'migrated', author_kind: 'app', created_at: '2026-12-02T00:00:00.000Z',
        body_json: { title: 'Joins', content: '# Joins\n\ntext', objectives_json: '["a","b"]' },
      },
      {
        course_id: 'draft', unit_kind: 'lesson', unit_id: 'l2', version: 1, reason: 'migrated', author_kind: 'app', created_at: '2026-12-01T10:00:00.000Z',
        body_json: { title: 'Damaged', content: 'x', objectives_json: 'not json' },
      },
      {
        course_id: 'approved', unit_kind: 'task', unit_id: 't1', version: 1, reason: 'migrated', author_kind: 'app', created_at: '2026-12-02T00:00:00.000Z',
        body_json: { kind: 'quiz', prompt: 'Q?', answer_key: null, questions_json: '[{"type":"essay"}]' },
      },
      {
        course_id: 'draft', unit_kind: 'task', unit_id: 't2', version: 1, reason: 'migrated', author_kind: 'app', created_at: '2026-12-01T10:00:00.000Z',
        body_json: { kind: 'exercise', prompt: 'Do', answer_key: 'key', questions_json: null },
      },
    ]);
  });

  it('pins only the approved course to the versions it holds', () => {
    const db = versionTenWithCourses();
    migrate(db);
    expect(db.prepare(`SELECT course_id, unit_kind, unit_id, version FROM approval_pins ORDER BY unit_id`).all()).toEqual([
      { course_id: 'approved', unit_kind: 'lesson', unit_id: 'l1', version: 1 },
      { course_id: 'approved', unit_kind: 'task', unit_id: 't1', version: 1 },
    ]);
    expect(db.prepare(`SELECT COUNT(*) n FROM courses WHERE deleted_at IS NOT NULL`).get()).toEqual({ n: 0 });
  });
});
