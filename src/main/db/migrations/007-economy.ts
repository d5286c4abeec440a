// Economy mode, the estimate and the budget (issue 14).
// - `jobs.economy`: the job's units travel through the Message Batches API at half price.
// - `jobs.queue_group`: the jobs queued together (one batch review, one `queue` run), so a
//   budget "per queued batch" can be held; `queue_groups.budget_usd` is that cap.
// - `model_calls.service_tier`: 'standard' or 'batch', as the API reported it; the cost
//   column is already at that tier's price, so what a batch call saved equals its cost.
// - `economy_batches` / `economy_units`: the crash-safe record of every batch. A batch row is
//   written (with its units and their custom_ids) before `create` is sent, and its API id
//   right after; a restart that finds a row without an id looks for the batch on the API
//   before it creates another (see runner/batches.ts).
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'economy batches, service tier, queue groups',
  up: (db) => {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN economy INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN queue_group TEXT;
      ALTER TABLE model_calls ADD COLUMN service_tier TEXT NOT NULL DEFAULT 'standard';
      CREATE TABLE queue_groups (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        label TEXT NOT NULL,
        budget_usd REAL
      ) STRICT;
      CREATE INDEX jobs_by_queue_group ON jobs (queue_group);
      CREATE TABLE economy_batches (
        id TEXT PRIMARY KEY,
        prefix TEXT NOT NULL UNIQUE,
        api_batch_id TEXT UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('intent', 'submitted', 'ended', 'done', 'abandoned')),
        request_count INTEGER NOT NULL,
        intent_at TEXT NOT NULL,
        submitted_at TEXT,
        ended_at TEXT,
        expires_at TEXT,
        processing_status TEXT,
        counts_json TEXT,
        error TEXT
      ) STRICT;
      CREATE INDEX economy_batches_by_state ON economy_batches (state);
      CREATE TABLE economy_units (
        custom_id TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL REFERENCES economy_batches (id) ON DELETE CASCADE,
        job_id TEXT,
        unit_key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting', 'handed', 'discarded')),
        result_type TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX economy_units_by_unit ON economy_units (unit_key, created_at);
      CREATE INDEX economy_units_by_batch ON economy_units (batch_id);
      -- The queue's "waiting in batch" per economy job, and a cancelled job's units.
      CREATE INDEX economy_units_by_job ON economy_units (job_id, state);
    `);
  },
};
