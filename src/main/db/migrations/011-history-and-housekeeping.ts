// Version history, approval pins, a course bin and the rolled-up ledger (issue 17). One
// migration for the tables the history, insights and housekeeping code share, so each of
// them is written against the same shapes.
// - `unit_versions`: every state a lesson's or task's content has had. `body_json` is a
//   snapshot of the row's content columns, named as the columns are (lesson: title,
//   content, objectives_json; task: kind, prompt, answer_key, questions_json), so a restore
//   writes them back as they were, even text that no longer passes today's checks. No foreign
//   key on `unit_id`: a unit's history outlives the row (a deleted task still shows what it
//   said); the course's deletion takes it.
// - `approval_pins`: the version of every unit a course approval covered, so "changed since
//   approval" is a comparison of two numbers per unit.
// - `courses.deleted_at`: a deleted course waits in the bin until it is removed for good.
// - `call_rollups`: the call records of courses removed for good, summed per hour and per
//   (provider, model, tier, step, outcome, error kind). Cost and token totals read the live
//   rows plus these, so no cleanup changes a total. Hours (UTC, 'YYYY-MM-DDTHH') let a total
//   "per day" be taken in any whole-hour time zone.
// Every unit already stored gets its first version ('migrated'); courses approved before
// this version are pinned to it (what they hold now is the best record of what was approved).
import type { Migration } from './types';

export const migration011: Migration = {
  version: 11,
  name: 'version history, approval pins, course bin, call rollups',
  up: (db) => {
    db.exec(`
      ALTER TABLE courses ADD COLUMN deleted_at TEXT;
      CREATE INDEX courses_deleted ON courses (deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE unit_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        unit_kind TEXT NOT NULL CHECK (unit_kind IN ('lesson', 'task')),
        unit_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        body_json TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('generated', 'regenerated', 'edited', 'synced', 'restored', 'migrated')),
        author_kind TEXT NOT NULL CHECK (author_kind IN ('person', 'model', 'sync', 'app')),
        author TEXT NOT NULL,
        restored_from INTEGER,
        created_at TEXT NOT NULL,
        UNIQUE (unit_kind, unit_id, version)
      ) STRICT;
      CREATE INDEX unit_versions_by_course ON unit_versions (course_id, unit_kind, unit_id);

      CREATE TABLE approval_pins (
        course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        unit_kind TEXT NOT NULL CHECK (unit_kind IN ('lesson', 'task')),
        unit_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (course_id, unit_kind, unit_id)
      ) STRICT;

      CREATE TABLE call_rollups (
        hour TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        service_tier TEXT NOT NULL,
        step TEXT NOT NULL,
        outcome TEXT NOT NULL,
        error_kind TEXT NOT NULL DEFAULT '',
        calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        PRIMARY KEY (hour, provider, model, service_tier, step, outcome, error_kind)
      ) STRICT;

      INSERT INTO unit_versions (course_id, unit_kind, unit_id, version, body_json, reason, author_kind, author, created_at)
        SELECT p.course_id, 'lesson', l.id, 1,
               json_object('title', l.title, 'content', l.content, 'objectives_json', l.objectives_json),
               'migrated', 'app', 'Course Studio', l.updated_at
        FROM lessons l JOIN projects p ON p.id = l.project_id;
      INSERT INTO unit_versions (course_id, unit_kind, unit_id, version, body_json, reason, author_kind, author, created_at)
        SELECT p.course_id, 'task', t.id, 1,
               json_object('kind', t.kind, 'prompt', t.prompt, 'answer_key', t.answer_key, 'questions_json', t.questions_json),
               'migrated', 'app', 'Course Studio', l.updated_at
        FROM tasks t JOIN lessons l ON l.id = t.lesson_id JOIN projects p ON p.id = l.project_id;
      INSERT INTO approval_pins (course_id, unit_kind, unit_id, version)
        SELECT v.course_id, v.unit_kind, v.unit_id, 1
        FROM unit_versions v JOIN courses c ON c.id = v.course_id
        WHERE c.course_approved_at IS NOT NULL;
    `);
  },
};
