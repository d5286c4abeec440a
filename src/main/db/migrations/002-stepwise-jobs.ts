// Jobs started from the wizard's "Generate manually" pause after each step so a person
// can review lessons before tasks are written, and tasks before the course is finalized.
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'stepwise jobs',
  up: (db) => {
    db.exec(`ALTER TABLE jobs ADD COLUMN stepwise INTEGER NOT NULL DEFAULT 0`);
  },
};
