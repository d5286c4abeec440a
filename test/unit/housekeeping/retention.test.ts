// The retention rules on small hand-made databases: which log lines of which jobs go (never
// a job's last error, never a line of a job still queued, running or paused), which versions
// go (never a unit's current one, never one an approval is pinned to), and that the bin's
// "remove for good" sums call records into existing rollup rows.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { countBin, listBin, removeForGood } from '../../../src/main/housekeeping/bin';
import { describeCleanup } from '../../../src/main/housekeeping/cleanup';
import { countOldLogs, deleteOldLogs, logCutoff } from '../../../src/main/housekeeping/log-retention';
import { countSurplusVersions, deleteSurplusVersions } from '../../../src/main/housekeeping/version-retention';
import { openDatabase } from '../../../src/main/db/open';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const OLD = '2026-10-01T08:00:00.000Z';
const RECENT = '2026-12-06T08:00:00.000Z';

function store(): Store {
  return new Store(openDatabase(':memory:'), { clockMs: () => NOW });
}

function course(s: Store, id: string, deletedAt: string | null = null) {
  s.db.prepare(`INSERT INTO courses (id, topic_json, status, created_at, updated_at, deleted_at) VALUES (?, '{"topic":"T"}', 'generated', ?, ?, ?)`).run(id, OLD, OLD, deletedAt);
}

function job(s: Store, id: string, status: string, completedAt: string | null, lines: [string, string][]) {
  course(s, `c-${id}`);
  s.db.prepare(`INSERT INTO jobs (id, course_id, status, created_at, completed_at) VALUES (?, ?, ?, ?, ?)`).run(id, `c-${id}`, status, OLD, completedAt);
  for (const [level, message] of lines) s.db.prepare(`INSERT INTO job_logs (job_id, ts, level, message) VALUES (?, ?, ?, ?)`).run(id, OLD, level, message);
}

const messages = (s: Store, jobId: string) => s.db.prepare<[string], { message: string }>(`SELECT message FROM job_logs WHERE job_id = ? ORDER BY id`).all(jobId).map((r) => r.message);

describe('logs of finished jobs', () => {
  it('go after N days, except each job’s last error; unfinished and recent jobs keep every line', async () => {
    const s = store();
    job(s, 'failed-old', 'failed', OLD, [['info', 'start'], ['error', 'first error'], ['warning', 'retrying'], ['error', 'last error'], ['info', 'stopped']]);
    job(s, 'done-old', 'completed', OLD, [['info', 'start'], ['success', 'done']]);
    job(s, 'cancelled-old', 'cancelled', OLD, [['error', 'only error'], ['info', 'cancelled']]);
    job(s, 'done-recent', 'completed', RECENT, [['info', 'start'], ['success', 'done']]);
    job(s, 'paused', 'paused', null, [['info', 'start'], ['error', 'oops']]);
    // Queued again for an automatic retry: not finished, whatever its old completion said.
    job(s, 'retrying', 'queued', OLD, [['error', 'overloaded'], ['info', 'retry in 2m']]);

    const cutoff = logCutoff(NOW, 30);
    expect(countOldLogs(s, cutoff)).toEqual({ lines: 4 + 2 + 1, jobs: 3 });
    expect(await deleteOldLogs(s, cutoff)).toEqual({ lines: 7, jobs: 3 });
    expect(messages(s, 'failed-old')).toEqual(['last error']);
    expect(messages(s, 'done-old')).toEqual([]);
    expect(messages(s, 'cancelled-old')).toEqual(['only error']);
    expect(messages(s, 'done-recent')).toEqual(['start', 'done']);
    expect(messages(s, 'paused')).toEqual(['start', 'oops']);
    expect(messages(s, 'retrying')).toEqual(['overloaded', 'retry in 2m']);
    // Run again: nothing more to remove.
    expect(countOldLogs(s, cutoff)).toEqual({ lines: 0, jobs: 0 });
  });
});

function versions(s: Store, unitId: string, count: number, pinned: number[] = []) {
  for (let v = 1; v <= count; v++) {
    s.db
      .prepare(`INSERT INTO unit_versions (course_id, unit_kind, unit_id, version, body_json, reason, author_kind, author, created_at) VALUES ('c1', 'lesson', ?, ?, '{}', 'edited', 'person', 'Ada', ?)`)
      .run(unitId, v, OLD);
  }
  for (const v of pinned) s.db.prepare(`INSERT INTO approval_pins (course_id, unit_kind, unit_id, version) VALUES ('c1', 'lesson', ?, ?)`).run(unitId, v);
}

const kept = (s: Store, unitId: string) => s.db.prepare<[string], { version: number }>(`SELECT version FROM unit_versions WHERE unit_id = ? ORDER BY version`).all(unitId).map((r) => r.version);

describe('versions', () => {
  it('keeps the last K of each unit, and every version an approval is pinned to', async () => {
    const s = store();
    course(s, 'c1');
    versions(s, 'a', 6, [2]);
    versions(s, 'b', 1);
    versions(s, 'c', 3, [3]);
    expect(countSurplusVersions(s, 2)).toBe(4); // a: 1, 3, 4 (2 is pinned); b: nothing; c: 1
    expect(await deleteSurplusVersions(s, 2)).toBe(4);
    expect(kept(s, 'a')).toEqual([2, 5, 6]);
    expect(kept(s, 'b')).toEqual([1]);
    expect(kept(s, 'c')).toEqual([2, 3]);
    // K = 1: the current (highest) version always stays.
    expect(await deleteSurplusVersions(s, 1)).toBe(2);
    expect(kept(s, 'a')).toEqual([2, 6]);
    expect(kept(s, 'c')).toEqual([3]);
    await expect(deleteSurplusVersions(s, 0)).rejects.toThrow(/at least one/);
  });
});

describe('removing courses for good', () => {
  it('sums their call records into the hour rows, adding to rows already there, and leaves courses outside the bin alone', async () => {
    const s = store();
    course(s, 'gone-1', RECENT);
    course(s, 'gone-2', RECENT);
    course(s, 'kept');
    const call = s.db.prepare(
      `INSERT INTO model_calls (course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, cost_usd, outcome, error_kind, started_at)
       VALUES (?, 'lessons', 'k', 1, 'm', ?, 10, 0, 0, 100, ?, ?, ?, ?)`,
    );
    call.run('gone-1', 100, 0.5, 'ok', null, '2026-12-01T10:15:00.000Z');
    call.run('gone-1', 200, 0.25, 'ok', null, '2026-12-01T10:45:00.000Z');
    call.run('gone-1', 50, 0.125, 'error', 'rate_limit', '2026-12-01T10:50:00.000Z');
    call.run('gone-2', 1000, 1, 'ok', null, '2026-12-01T10:05:00.000Z');
    call.run('kept', 7, 0.01, 'ok', null, '2026-12-01T10:05:00.000Z');
    const before = s.calls.ledgerTotals();

    expect(listBin(s).map((c) => [c.id, c.calls])).toEqual([
      ['gone-1', 3],
      ['gone-2', 1],
    ]);
    expect(countBin(s, ['gone-1', 'kept'])).toEqual({ courses: 1, calls: 3 });
    expect(await removeForGood(s, ['gone-1', 'kept'])).toEqual({ courses: 1, callsRolledUp: 3 });
    expect(await removeForGood(s)).toEqual({ courses: 1, callsRolledUp: 1 });
    const rows = s.db.prepare(`SELECT hour, outcome, error_kind, calls, input_tokens, cost_usd FROM call_rollups ORDER BY outcome`).all();
    expect(rows).toEqual([
      { hour: '2026-12-01T10', outcome: 'error', error_kind: 'rate_limit', calls: 1, input_tokens: 50, cost_usd: 0.125 },
      { hour: '2026-12-01T10', outcome: 'ok', error_kind: '', calls: 3, input_tokens: 1300, cost_usd: 1.75 },
    ]);
    expect(s.calls.ledgerTotals()).toEqual(before);
    expect(s.db.prepare(`SELECT id FROM courses`).all()).toEqual([{ id: 'kept' }]);
    // Hours: a window that starts on the hour counts the rolled-up calls of that hour.
    expect(s.calls.ledgerTotals('2026-12-01T10:00:00.000Z').calls).toBe(5);
    expect(s.calls.ledgerTotals('2026-12-01T11:00:00.000Z').calls).toBe(0);
  });

  it('says what a cleanup will remove and what it removed', () => {
    expect(describeCleanup({ dryRun: true, logLines: 1204, logJobs: 12, versions: 1, courses: 2, callsRolledUp: 30 })).toBe(
      'Will remove 1,204 log lines of 12 jobs, 1 old version, 2 deleted courses (their 30 call records kept as totals).',
    );
    expect(describeCleanup({ dryRun: false, logLines: 0, logJobs: 0, versions: 0, courses: 0, callsRolledUp: 0 })).toBe('Nothing was removed.');
  });
});

describe('new database files', () => {
  it('are made in incremental auto-vacuum mode', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    const plain = new Database(':memory:');
    expect(plain.pragma('auto_vacuum', { simple: true })).toBe(0);
  });
});
