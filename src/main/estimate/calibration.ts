// Characters per input token. Input tokens are not counted by the API here (countTokens
// would be a request per call, and the estimate must cost nothing): they are approximated
// from the characters of the text each call sends. Until the database has generated a
// course, DEFAULT_CHARS_PER_TOKEN is used; after, the ratio is measured on the newest
// finished courses: the characters their calls would send (rebuilt from the stored outline
// and lessons with the same plan as the estimate) against the input tokens the API billed
// for those calls. The fake Messages API used by the tests counts 4 characters a token
// (test/support/fake-anthropic/usage.ts), so against it the measured ratio is ≈ 4 and the
// default is 12 % high on input; Claude's tokenizer on English prose, Markdown and JSON
// schemas comes closer to 3.5.
import type { Store } from '../db/store';
import type { StructuredOutputMode } from '../ai/config';
import type { QuizShape } from '../generation/units';
import { planCourse, type PlannedCall } from './calls';

export const DEFAULT_CHARS_PER_TOKEN = 3.5;
/** Role markers and the assistant turn the API adds to every request (the fake counts the same). */
export const TURN_OVERHEAD_TOKENS = 4;
/** Finished courses measured: enough to average out one odd course, few enough to stay quick. */
const CALIBRATION_COURSES = 10;
/** A measured ratio outside this is a sign of something else (another tokenizer, a broken row): not used. */
const SANE = [2, 6] as const;

export interface Calibration {
  charsPerToken: number;
  /** Measured on this database's courses (true) or the default (false). */
  measured: boolean;
}

export const sentChars = (c: PlannedCall): number => c.prefixChars + c.contextChars + c.promptChars;

export function calibrate(store: Store, mode: StructuredOutputMode, quiz: QuizShape): Calibration {
  const courses = store.db
    .prepare<[number], { id: string }>(
      `SELECT id FROM courses WHERE status IN ('generated', 'approved', 'published') AND summary_json IS NOT NULL
        ORDER BY updated_at DESC LIMIT ?`,
    )
    .all(CALIBRATION_COURSES);
  const billed = store.db.prepare<[string], { tokens: number; calls: number }>(
    `SELECT COALESCE(SUM(input_tokens + cache_read_tokens + cache_write_tokens), 0) AS tokens, COUNT(*) AS calls
       FROM model_calls
      WHERE course_id = ? AND outcome = 'ok' AND step IN ('lessons', 'tasks', 'finalize') AND item_key NOT LIKE 'regenerate:%'
        AND provider = 'anthropic'`,
  );
  let chars = 0;
  let tokens = 0;
  for (const { id } of courses) {
    const tree = store.courses.tree(id);
    if (!tree?.outline) continue;
    const plan = planCourse(tree.outline, mode, quiz, (pi, li) => tree.projects[pi]?.lessons[li] ?? null);
    const row = billed.get(id)!;
    // A course edited or regenerated in part since no longer matches its calls one for one.
    if (row.calls !== plan.length) continue;
    chars += plan.reduce((n, c) => n + sentChars(c), 0);
    tokens += row.tokens - TURN_OVERHEAD_TOKENS * row.calls;
  }
  const ratio = tokens > 0 ? chars / tokens : NaN;
  return ratio >= SANE[0] && ratio <= SANE[1] ? { charsPerToken: ratio, measured: true } : { charsPerToken: DEFAULT_CHARS_PER_TOKEN, measured: false };
}
