// Publishing to the organisation's backend (issue 4). Publishing writes an outbox row in the
// same transaction as the course's published state, so a publish is never lost: the sync
// worker pushes outbox rows when it can and only then marks them done. course_sync holds
// what this app knows of each course on the backend: the remote id (the local one, or a
// duplicate's), the version it last pushed, and the push ids of its own unfinished pushes,
// which is how it tells its own half-done push from someone else's edit.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'sync outbox',
  up: (db) => {
    db.exec(`
      CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('publish')),
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','failed','conflict')),
        -- Skip the conflict check: the person chose to overwrite the backend's copy.
        force INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- The worker's "next due entry" query reads only pending rows.
      CREATE INDEX sync_outbox_due ON sync_outbox (next_attempt_at, id) WHERE state = 'pending';
      CREATE INDEX sync_outbox_by_course ON sync_outbox (course_id, id);

      CREATE TABLE course_sync (
        course_id TEXT PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('pending','synced','failed','conflict')),
        remote_id TEXT NOT NULL,
        remote_version INTEGER,
        -- The backend's version when a conflict was found: keep-theirs adopts it.
        conflict_version INTEGER,
        push_ids_json TEXT NOT NULL DEFAULT '[]',
        synced_at TEXT,
        error TEXT,
        note TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT REFERENCES courses (id) ON DELETE CASCADE,
        ts TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info','warning','error','success')),
        message TEXT NOT NULL,
        details_json TEXT
      ) STRICT;
      CREATE INDEX sync_log_by_course ON sync_log (course_id, id);
    `);
  },
};
