// Quizzes an LMS grades by itself: a quiz task holds its typed questions (multiple choice,
// multiple response, true/false, short answer, essay) as JSON checked by
// shared/quiz.ts on every read. NULL is a quiz task written before this version — one
// free-text question with its answer key, kept exactly as it was: it still reads, edits
// and exports (as an essay question) until someone regenerates it in the new form.
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'typed quiz questions',
  up: (db) => {
    db.exec(`ALTER TABLE tasks ADD COLUMN questions_json TEXT`);
  },
};
