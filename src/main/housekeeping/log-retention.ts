// Old logs of finished jobs. A job is finished when it completed, failed or was cancelled
// (a failed job waiting for its automatic retry is queued again, so it is not); its logs may
// go once it finished more than N days ago. One line of each job always stays: its last
// error, the newest line at level 'error' (highest id), which says why the job failed even
// after a retry has cleared jobs.error_message. Running, queued and paused jobs keep every line.
import type Database from 'better-sqlite3';
import type { Store } from '../db/store';

const DAY_MS = 86_400_000;

/** The rows deleted per transaction: each holds the writer for a few milliseconds. */
const ROWS_PER_TRANSACTION = 5_000;

function statements(db: Database.Database) {
  // MATERIALIZED: each job's last error is looked up once, not once per log line.
  const oldJobs = `old AS MATERIALIZED (
      SELECT j.id, (SELECT MAX(e.id) FROM job_logs e WHERE e.job_id = j.id AND e.level = 'error') AS keep
      FROM jobs j WHERE j.status IN ('completed', 'failed', 'cancelled') AND j.completed_at < :cutoff)`;
  return {
    count: db.prepare<{ cutoff: string }, { lines: number; jobs: number }>(
      `WITH ${oldJobs}
       SELECT COUNT(*) AS lines, COUNT(DISTINCT old.id) AS jobs FROM old JOIN job_logs l ON l.job_id = old.id WHERE l.id IS NOT old.keep`,
    ),
    jobs: db.prepare<{ cutoff: string }, { id: string; keep: number | null }>(`WITH ${oldJobs} SELECT id, keep FROM old ORDER BY id`),
    deleteOfJob: db.prepare<{ job: string; keep: number | null }>(`DELETE FROM job_logs WHERE job_id = :job AND id IS NOT :keep`),
  };
}

export function logCutoff(nowMs: number, days: number): string {
  return new Date(nowMs - days * DAY_MS).toISOString();
}

/** The log lines (and their jobs) a deletion with this cutoff would remove. */
export function countOldLogs(store: Store, cutoff: string): { lines: number; jobs: number } {
  return statements(store.db).count.get({ cutoff })!;
}

/**
 * Deletes them, a few thousand lines per transaction, `between` after each (the app yields
 * there, and stops early when `stop` says so). A crash between transactions loses nothing
 * that should stay: each one deletes only lines the rule allows.
 */
export async function deleteOldLogs(
  store: Store,
  cutoff: string,
  between: () => Promise<void> = async () => {},
): Promise<{ lines: number; jobs: number }> {
  const s = statements(store.db);
  const jobs = s.jobs.all({ cutoff });
  let lines = 0;
  let touched = 0;
  for (let i = 0; i < jobs.length; ) {
    const start = i;
    const batch = store.write(() => {
      let deleted = 0;
      for (; i < jobs.length && deleted < ROWS_PER_TRANSACTION; i++) {
        const changes = s.deleteOfJob.run({ job: jobs[i]!.id, keep: jobs[i]!.keep }).changes;
        deleted += changes;
        if (changes > 0) touched++;
      }
      return deleted;
    });
    lines += batch;
    if (i === start) break;
    await between();
  }
  return { lines, jobs: touched };
}
