// The course bin's last step: removing courses for good. Their call records are summed into
// call_rollups (per hour and per provider, model, tier, step, outcome, error kind) and then
// the course goes with everything under it, in one transaction per course: a crash leaves
// each course either whole in the bin or gone with its calls rolled up, never half of each.
import type Database from 'better-sqlite3';
import type { BinnedCourse } from '../../shared/storage';
import type { Store } from '../db/store';
import { courseTitle } from '../export/course-export';

const ROLL_UP = `
  INSERT INTO call_rollups (hour, provider, model, service_tier, step, outcome, error_kind, calls, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, latency_ms, cost_usd)
  SELECT substr(started_at, 1, 13), provider, model, service_tier, step, outcome, COALESCE(error_kind, ''), COUNT(*),
    SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(latency_ms), SUM(cost_usd)
  FROM model_calls WHERE course_id = ?
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (hour, provider, model, service_tier, step, outcome, error_kind) DO UPDATE SET
    calls = calls + excluded.calls, input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens, cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, latency_ms = latency_ms + excluded.latency_ms,
    cost_usd = cost_usd + excluded.cost_usd`;

function statements(db: Database.Database) {
  return {
    rollUp: db.prepare(ROLL_UP),
    dropCalls: db.prepare(`DELETE FROM model_calls WHERE course_id = ?`),
    calls: db.prepare<[string], { n: number; cost: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(cost_usd), 0) AS cost FROM model_calls WHERE course_id = ?`),
    binnedIds: db.prepare<[], { id: string }>(`SELECT id FROM courses WHERE deleted_at IS NOT NULL ORDER BY deleted_at, id`),
    isBinned: db.prepare<[string], { id: string }>(`SELECT id FROM courses WHERE id = ? AND deleted_at IS NOT NULL`),
  };
}

/** The bin, most recently deleted first, with what each course's calls cost. */
export function listBin(store: Store): BinnedCourse[] {
  const s = statements(store.db);
  return store.courses.binned().map((course) => {
    const spend = s.calls.get(course.id)!;
    return { id: course.id, title: courseTitle(course), deletedAt: course.deletedAt, costUsd: spend.cost, calls: spend.n };
  });
}

/** Courses in the bin (`ids`; absent: all of them) and their call records: what removing them for good touches. */
export function countBin(store: Store, ids?: readonly string[]): { courses: number; calls: number } {
  const s = statements(store.db);
  const chosen = ids ? ids.filter((id) => s.isBinned.get(id)) : s.binnedIds.all().map((r) => r.id);
  return { courses: chosen.length, calls: chosen.reduce((n, id) => n + s.calls.get(id)!.n, 0) };
}

/**
 * Removes courses in the bin for good (`ids`; absent: the whole bin). A course not in the
 * bin is left alone (it was restored meanwhile, or never deleted). One transaction per
 * course; `between` runs after each (the app yields to the event loop there).
 */
export async function removeForGood(
  store: Store,
  ids?: readonly string[],
  between: () => Promise<void> = async () => {},
): Promise<{ courses: number; callsRolledUp: number }> {
  const s = statements(store.db);
  const chosen = ids ? [...new Set(ids)] : s.binnedIds.all().map((r) => r.id);
  let courses = 0;
  let callsRolledUp = 0;
  for (const id of chosen) {
    const rolled = store.write(() => {
      if (!s.isBinned.get(id)) return null;
      s.rollUp.run(id);
      const calls = s.dropCalls.run(id).changes;
      store.courses.delete(id);
      return calls;
    });
    if (rolled !== null) {
      courses++;
      callsRolledUp += rolled;
    }
    await between();
  }
  return { courses, callsRolledUp };
}
