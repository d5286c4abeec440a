// Local models (issue 16): the call ledger says who served each call.
// - `model_calls.provider`: 'anthropic' or 'openai-compatible' (a local server). Local calls
//   cost $0 but are rows like any other, so insights and estimates can tell them apart.
// - `model_calls.usage_estimated`: 1 when the tokens were counted from the text because the
//   server reported none (many local servers), or the stream broke off before it did.
// Numbered 010: 008 and 009 were taken by work in progress on other branches.
import type { Migration } from './types';

export const migration010: Migration = {
  version: 10,
  name: 'call provider and estimated usage',
  up: (db) => {
    db.exec(`
      ALTER TABLE model_calls ADD COLUMN provider TEXT NOT NULL DEFAULT 'anthropic';
      ALTER TABLE model_calls ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
