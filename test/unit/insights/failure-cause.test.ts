// A failed job's cause: mapped from the provider's error kind, stored with the failure,
// cleared by a person's Retry, backfilled by migration 012 from the last error log line;
// and the Insights queries read through their indexes.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';
import { Store } from '../../../src/main/db/store';
import { CALL_COUNTS_SQL, CALL_RANK_SQL, COURSE_STATS_SQL, ENDED_BY_DAY_SQL, STEP_STATS_SQL, USAGE_SQL } from '../../../src/main/insights/queries';
import { parseSince } from '../../../src/main/insights/period';
import { failureCauseOf } from '../../../src/shared/failure-causes';
import { seedApprovedCourse } from '../../support/engine';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.close();
});

describe('failure causes', () => {
  it('maps every provider error kind', () => {
    const kinds = ['rate_limit', 'overloaded', 'server', 'network', 'timeout', 'invalid_output', 'auth', 'permission', 'bad_request', 'not_found', 'spend_limit', 'aborted'];
    expect(kinds.map((k) => failureCauseOf(k))).toEqual([
      'rate_limit', 'overload', 'overload', 'network', 'network', 'validation', 'permission_credit', 'permission_credit', 'other', 'other', 'permission_credit', 'other',
    ]);
    expect(failureCauseOf('invalid_output', true)).toBe('cut_off');
    expect(failureCauseOf(null)).toBe('other');
  });

  it('is stored with a failure, shown in the job summary, and cleared by a retry', () => {
    const store = Store.open(':memory:');
    open.push(store);
    const courseId = seedApprovedCourse(store, 'Rust');
    const job = store.write(() => store.jobs.enqueue(courseId));
    store.write(() => store.jobs.finish(job.id, 'failed', 'Too many requests', 'tasks', 'rate_limit'));
    expect(store.jobs.summary(job.id)).toMatchObject({ status: 'failed', failureCause: 'rate_limit', failedStep: 'tasks' });
    store.write(() => store.jobs.retry(job.id));
    expect(store.db.prepare(`SELECT failure_cause FROM jobs WHERE id = ?`).get(job.id)).toEqual({ failure_cause: null });
    expect(store.jobs.summary(job.id)!.failureCause).toBeNull();
    store.write(() => store.jobs.finish(job.id, 'cancelled'));
    expect(store.jobs.summary(job.id)!.failureCause).toBe('cancelled');
  });

  it('migration 012 gives jobs that failed before it the cause of their last error', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 11));
    const failed = (id: string, logs: [string, string, object | null][]) => {
      db.prepare(`INSERT INTO courses (id, topic_json, status, created_at, updated_at) VALUES (?, '{}', 'failed', 't', 't')`).run(`c-${id}`);
      db.prepare(`INSERT INTO jobs (id, course_id, status, created_at) VALUES (?, ?, 'failed', 't')`).run(id, `c-${id}`);
      for (const [level, message, details] of logs) {
        db.prepare(`INSERT INTO job_logs (job_id, ts, level, message, details_json) VALUES (?, 't', ?, ?, ?)`).run(id, level, message, details && JSON.stringify(details));
      }
    };
    failed('a', [['error', 'Failed during lessons: overloaded', { kind: 'overloaded' }], ['error', 'Failed during tasks: 429', { kind: 'rate_limit' }]]);
    failed('b', [['error', "Failed during lessons: The model's answer was cut off at 8,192 output tokens", { kind: 'invalid_output' }]]);
    failed('c', [['error', 'Failed: out of shape', { kind: 'invalid_output' }]]);
    failed('d', [['error', 'Failed: could not read the course', { step: null }]]);
    failed('e', [['info', 'nothing useful', null]]);
    migrate(db);
    const causes = db.prepare(`SELECT id, failure_cause AS cause FROM jobs ORDER BY id`).all();
    expect(causes).toEqual([
      { id: 'a', cause: 'rate_limit' },
      { id: 'b', cause: 'cut_off' },
      { id: 'c', cause: 'validation' },
      { id: 'd', cause: 'other' },
      { id: 'e', cause: 'other' },
    ]);
  });
});

describe('the Insights queries', () => {
  it('read jobs and calls of a period through their indexes, never the whole table', () => {
    const store = Store.open(':memory:');
    open.push(store);
    const plan = (sql: string, extra: object = {}) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ since: '2026-01-01', tz: '+0 minutes', ...extra }) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(ENDED_BY_DAY_SQL)).toMatch(/jobs USING (COVERING )?INDEX jobs_by_completed/);
    expect(plan(COURSE_STATS_SQL)).toMatch(/INDEX jobs_by_completed/);
    expect(plan(CALL_COUNTS_SQL)).toMatch(/model_calls USING COVERING INDEX model_calls_latency/);
    expect(plan(CALL_COUNTS_SQL)).not.toMatch(/TEMP B-TREE/);
    expect(plan(CALL_RANK_SQL, { step: 'lessons', offset: 3 })).toMatch(/model_calls USING COVERING INDEX model_calls_latency/);
    expect(plan(CALL_RANK_SQL, { step: 'lessons', offset: 3 })).not.toMatch(/TEMP B-TREE/);
    expect(plan(USAGE_SQL)).toMatch(/model_calls USING COVERING INDEX model_calls_usage/);
    expect(plan(STEP_STATS_SQL)).toMatch(/COVERING INDEX model_calls_job_steps/);
    expect(plan(USAGE_SQL)).toMatch(/call_rollups USING (COVERING )?INDEX sqlite_autoindex_call_rollups_1/);
  });

  it('--since takes hours, days or all, and says what it wants otherwise', () => {
    expect(parseSince('7d')).toEqual({ ms: 7 * 86_400_000 });
    expect(parseSince('12h')).toEqual({ ms: 12 * 3_600_000 });
    expect(parseSince('all')).toEqual({ ms: null });
    expect(parseSince('7w')).toEqual({ error: expect.stringContaining('"7w"') });
    expect(parseSince('0d')).toHaveProperty('error');
  });
});
