// The first schema: courses and their outline options, the generated tree (projects,
// lessons, tasks), generation jobs with leases, job logs, model calls, settings.
// Unique (parent, position) keys make a duplicate lesson or task impossible, whatever
// crashes or retries happen.
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up: (db) => {
    db.exec(`
      CREATE TABLE courses (
        id TEXT PRIMARY KEY,
        topic_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft','outline_approved','generating','generated','approved','published','failed','cancelled','rejected')),
        outline_json TEXT,
        chosen_option_id TEXT,
        outline_approved_by TEXT,
        outline_approved_at TEXT,
        outline_approval_note TEXT,
        course_approved_by TEXT,
        course_approved_at TEXT,
        course_approval_note TEXT,
        summary_json TEXT,
        published_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX courses_by_created ON courses (created_at);

      CREATE TABLE outline_options (
        id TEXT PRIMARY KEY,
        course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        outline_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (course_id, position)
      ) STRICT;

      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        UNIQUE (course_id, position)
      ) STRICT;

      CREATE TABLE lessons (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        objectives_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (project_id, position)
      ) STRICT;

      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        lesson_id TEXT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('exercise','quiz','reflection')),
        prompt TEXT NOT NULL,
        answer_key TEXT,
        UNIQUE (lesson_id, position)
      ) STRICT;

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        course_id TEXT NOT NULL UNIQUE REFERENCES courses (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('queued','generating_lessons','generating_tasks','finalizing','completed','failed','cancelled','paused')),
        current_step TEXT CHECK (current_step IN ('lessons','tasks','finalize','publish')),
        current_item TEXT,
        items_completed INTEGER NOT NULL DEFAULT 0,
        items_total INTEGER NOT NULL DEFAULT 0,
        error_message TEXT,
        failed_step TEXT CHECK (failed_step IN ('lessons','tasks','finalize','publish')),
        retry_count INTEGER NOT NULL DEFAULT 0,
        auto_publish INTEGER NOT NULL DEFAULT 0,
        priority INTEGER NOT NULL DEFAULT 0,
        run_after INTEGER,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        completed_at TEXT,
        lease_owner TEXT,
        lease_expires_at INTEGER
      ) STRICT;
      -- The claim query reads only runnable rows, best priority first: a partial index
      -- keeps it an index scan however many finished jobs pile up.
      CREATE INDEX jobs_claimable ON jobs (priority DESC, created_at, id)
        WHERE status IN ('queued','generating_lessons','generating_tasks','finalizing');
      CREATE INDEX jobs_by_created ON jobs (created_at);

      CREATE TABLE job_logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        ts TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info','warning','error','success')),
        message TEXT NOT NULL,
        details_json TEXT
      ) STRICT;
      CREATE INDEX job_logs_by_job ON job_logs (job_id, id);

      CREATE TABLE model_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT REFERENCES jobs (id) ON DELETE SET NULL,
        course_id TEXT REFERENCES courses (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        item_key TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        model TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok','error','invalid_output','aborted')),
        error_kind TEXT,
        error_message TEXT,
        request_id TEXT,
        started_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX model_calls_by_job ON model_calls (job_id);
      CREATE INDEX model_calls_by_course ON model_calls (course_id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      ) STRICT;
    `);
  },
};
