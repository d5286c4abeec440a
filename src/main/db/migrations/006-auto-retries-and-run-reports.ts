// Overnight runs that survive the night. A job that failed on a transient cause (an outage,
// a rate limit, a model that kept answering badly) is queued again by itself after a
// growing delay: `auto_retries` counts those (a person's Retry resets it) and
// `retry_reason` keeps the failure that scheduled the next one, for "retry 2 of 3 at 03:40".
// `run_reports` keeps the summary of each run (the morning report), read later by the app
// and `status --json`; `model_calls_by_started` lets it total a night's calls by time.
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'automatic retries and run reports',
  up: (db) => {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN auto_retries INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN retry_reason TEXT;
      CREATE TABLE run_reports (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('app', 'cli')),
        report_json TEXT NOT NULL
      );
      CREATE INDEX run_reports_by_end ON run_reports (ended_at);
      CREATE INDEX model_calls_by_started ON model_calls (started_at);
    `);
  },
};
