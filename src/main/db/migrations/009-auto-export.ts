// Auto-export on job completion (issue 15): a job can write its course into a folder, in
// one or more formats, once it completes.
// - `jobs.auto_export_json`: what was asked for, {folder, formats}; NULL: no export.
// - `jobs.export_state`: 'pending' from the transaction that completes the job until its
//   files are written, then 'done', 'partial' or 'failed'. A runner that starts finds the
//   exports a stopped process left pending (the partial index) and writes them then.
// - `jobs.export_result_json`: the outcome, {state, folder, at, files, failures}; its file
//   names are also what a later run of the same export may overwrite (export/auto-export.ts).
import type { Migration } from './types';

export const migration009: Migration = {
  version: 9,
  name: 'auto-export on job completion',
  up: (db) => {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN auto_export_json TEXT;
      ALTER TABLE jobs ADD COLUMN export_state TEXT CHECK (export_state IN ('pending', 'done', 'partial', 'failed'));
      ALTER TABLE jobs ADD COLUMN export_result_json TEXT;
      CREATE INDEX jobs_export_pending ON jobs (id) WHERE export_state = 'pending';
    `);
  },
};
