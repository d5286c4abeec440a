// A job's duration is the time it actually ran: a job that failed overnight and was retried
// in the morning, or one waiting for review, must not count the hours in between. run_ms
// holds the closed running stretches; run_started_at (epoch ms) the open one, if any.
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'job run time',
  up: (db) => {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN run_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN run_started_at INTEGER;
      -- Finished jobs keep the duration they showed before (first start to end): the best
      -- this database knows. Unfinished ones start counting from their next run.
      UPDATE jobs SET run_ms = MAX(0, CAST(ROUND((julianday(completed_at) - julianday(started_at)) * 86400000) AS INTEGER))
        WHERE started_at IS NOT NULL AND completed_at IS NOT NULL;
    `);
  },
};
