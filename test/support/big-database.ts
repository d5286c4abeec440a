// A large database built in a few seconds with recursive SQL: N courses with one job each,
// logs and call records per job, some courses in the bin, a few versions. For housekeeping's
// tests (and a bench): what a cleanup removes is known exactly from the shape.
import type { Store } from '../../src/main/db/store';

export interface BigShape {
  jobs: number;
  logsPerJob: number;
  callsPerJob: number;
  /** Every n-th course is in the bin. */
  binEvery: number;
  /** Jobs whose index is below this finished `oldDays` ago; the rest finished today. */
  oldJobs: number;
  oldDays: number;
  /** Every n-th old job failed: its line `errorAt` (1-based) is an error, the job's last one. */
  failEvery: number;
}

export const BIG: BigShape = { jobs: 10_000, logsPerJob: 100, callsPerJob: 4, binEvery: 10, oldJobs: 8_000, oldDays: 60, failEvery: 4 };

/** `n` as a UUID-shaped id (the IPC accepts only UUIDs). */
const uuid = (prefix: string) => `printf('${prefix}-0000-4000-8000-%012d', n)`;

export function seedBig(store: Store, shape: BigShape = BIG, nowMs = Date.now()): void {
  const now = new Date(nowMs).toISOString();
  const old = new Date(nowMs - shape.oldDays * 86_400_000).toISOString();
  const db = store.db;
  db.exec('BEGIN');
  db.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :jobs)
     INSERT INTO courses (id, topic_json, status, created_at, updated_at, deleted_at)
     SELECT ${uuid('c0000000')}, json_object('topic', 'Topic ' || n, 'audience', 'a', 'level', 'beginner', 'projects', 3, 'language', 'English', 'notes', ''),
       'generated', :old, :old, CASE WHEN n % :binEvery = 0 THEN :now END FROM seq`,
  ).run({ jobs: shape.jobs, old, now, binEvery: shape.binEvery });
  db.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :jobs)
     INSERT INTO jobs (id, course_id, status, created_at, started_at, completed_at, error_message)
     SELECT ${uuid('a0000000')}, ${uuid('c0000000')},
       CASE WHEN n <= :oldJobs AND n % :failEvery = 0 THEN 'failed' ELSE 'completed' END,
       :old, :old, CASE WHEN n <= :oldJobs THEN :old ELSE :now END,
       CASE WHEN n <= :oldJobs AND n % :failEvery = 0 THEN 'boom' END
     FROM seq`,
  ).run({ jobs: shape.jobs, old, now, oldJobs: shape.oldJobs, failEvery: shape.failEvery });
  // Numbers are bound as reals: job numbers are cast, so `<=` compares whole numbers.
  // Failed jobs: their error is line logsPerJob - 5 (a few info lines follow it).
  db.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < :total - 1)
     INSERT INTO job_logs (job_id, ts, level, message)
     SELECT printf('a0000000-0000-4000-8000-%012d', CAST(n / :per AS INTEGER) + 1), :old,
       CASE WHEN (CAST(n / :per AS INTEGER) + 1) <= :oldJobs AND (CAST(n / :per AS INTEGER) + 1) % :failEvery = 0 AND n % :per = :per - 5 THEN 'error' ELSE 'info' END,
       'Step ' || (n % :per) || ' of the job went as planned, nothing to report here.'
     FROM seq`,
  ).run({ total: shape.jobs * shape.logsPerJob, per: shape.logsPerJob, old, oldJobs: shape.oldJobs, failEvery: shape.failEvery });
  db.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < :total - 1)
     INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
       latency_ms, cost_usd, outcome, error_kind, started_at, service_tier)
     SELECT printf('a0000000-0000-4000-8000-%012d', CAST(n / :per AS INTEGER) + 1), printf('c0000000-0000-4000-8000-%012d', CAST(n / :per AS INTEGER) + 1),
       CASE n % 3 WHEN 0 THEN 'lessons' WHEN 1 THEN 'tasks' ELSE 'finalize' END, 'item:' || n, 1, 'claude-sonnet-4-5',
       1000 + n % 97, 500 + n % 89, n % 7 * 100, n % 5 * 10, 1000 + n % 300, 0.0123 + (n % 13) * 0.001,
       CASE WHEN n % 11 = 0 THEN 'error' ELSE 'ok' END, CASE WHEN n % 11 = 0 THEN 'rate_limit' END,
       strftime('%Y-%m-%dT%H:%M:%fZ', :old, '+' || (n % 1440) || ' minutes'), CASE WHEN n % 2 = 0 THEN 'batch' ELSE 'standard' END
     FROM seq`,
  ).run({ total: shape.jobs * shape.callsPerJob, per: shape.callsPerJob, old });
  db.exec('COMMIT');
}
