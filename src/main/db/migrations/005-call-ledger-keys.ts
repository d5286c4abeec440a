// A model call whose row could not be written when it landed (the database locked by another
// process, the disk full) is kept in a journal file beside the database and written later,
// possibly by the next start after a crash. Each such row carries the key it has in the
// journal, so a row written just before a crash that left the journal behind is not written
// a second time (and its cost not counted twice).
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'call ledger keys',
  up: (db) => {
    db.exec(`
      ALTER TABLE model_calls ADD COLUMN ledger_key TEXT;
      CREATE UNIQUE INDEX model_calls_by_ledger_key ON model_calls (ledger_key) WHERE ledger_key IS NOT NULL;
    `);
  },
};
