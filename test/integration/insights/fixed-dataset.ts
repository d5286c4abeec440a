// A small store whose every Insights figure is worked out by hand in insights.test.ts.
// Times are UTC; "now" is 2026-12-07T12:00Z. Rows are written with plain SQL, as they
// stand after the runner wrote them, so the test checks the queries and nothing else.
import type { Store } from '../../../src/main/db/store';

export const NOW = Date.parse('2026-12-07T12:00:00.000Z');
export const SONNET = 'claude-sonnet-4-5';
export const HAIKU = 'claude-haiku-4-5';

interface JobSeed {
  id: string;
  status: 'completed' | 'failed' | 'cancelled' | 'queued';
  created: string;
  completed?: string;
  runMs?: number;
  retryCount?: number;
  autoRetries?: number;
  failedStep?: string;
  cause?: string;
  deleted?: boolean;
}

export const JOBS: JobSeed[] = [
  { id: 'j1', status: 'completed', created: '2026-12-06T07:00:00.000Z', completed: '2026-12-06T09:00:00.000Z', runMs: 60_000 },
  { id: 'j2', status: 'completed', created: '2026-12-06T19:00:00.000Z', completed: '2026-12-06T23:30:00.000Z', runMs: 120_000 },
  { id: 'j3', status: 'completed', created: '2026-12-07T00:30:00.000Z', completed: '2026-12-07T02:00:00.000Z', runMs: 180_000, retryCount: 1, deleted: true },
  { id: 'j4', status: 'completed', created: '2026-12-07T03:00:00.000Z', completed: '2026-12-07T04:00:00.000Z', runMs: 600_000, autoRetries: 1 },
  { id: 'j5', status: 'failed', created: '2026-12-07T05:00:00.000Z', completed: '2026-12-07T05:30:00.000Z', failedStep: 'tasks', cause: 'rate_limit' },
  { id: 'j6', status: 'failed', created: '2026-12-07T06:00:00.000Z', completed: '2026-12-07T06:10:00.000Z', failedStep: 'lessons', cause: 'cut_off' },
  { id: 'j7', status: 'cancelled', created: '2026-12-07T07:00:00.000Z', completed: '2026-12-07T07:05:00.000Z' },
  { id: 'j8', status: 'queued', created: '2026-12-07T11:00:00.000Z' },
  // Outside the last 7 days: j10 within the last 30, j9 only in "everything".
  { id: 'j9', status: 'completed', created: '2026-11-01T09:00:00.000Z', completed: '2026-11-01T10:00:00.000Z', runMs: 999_999 },
  { id: 'j10', status: 'failed', created: '2026-11-20T09:00:00.000Z', completed: '2026-11-20T10:00:00.000Z', failedStep: 'finalize', cause: 'overload' },
];

interface CallSeed {
  job: string | null;
  step: string;
  at: string;
  latency: number;
  cost: number;
  model?: string;
  provider?: string;
  tier?: string;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  outcome?: string;
  errorKind?: string;
}

export const CALLS: CallSeed[] = [
  { job: 'j1', step: 'lessons', at: '2026-12-06T08:00:00.000Z', latency: 1_000, cost: 0.01, cacheRead: 300, cacheWrite: 100 },
  { job: 'j1', step: 'lessons', at: '2026-12-06T08:00:02.000Z', latency: 3_000, cost: 0.01, cacheRead: 300, cacheWrite: 100 },
  { job: 'j1', step: 'tasks', at: '2026-12-06T08:00:10.000Z', latency: 2_000, cost: 0.01 },
  { job: 'j1', step: 'finalize', at: '2026-12-06T08:00:20.000Z', latency: 500, cost: 0.01 },
  { job: 'j2', step: 'lessons', at: '2026-12-06T20:00:00.000Z', latency: 7_000, cost: 0.01 },
  { job: 'j2', step: 'tasks', at: '2026-12-06T23:30:00.000Z', latency: 4_000, cost: 0.01 },
  { job: 'j3', step: 'lessons', at: '2026-12-07T01:00:00.000Z', latency: 100_000, cost: 0, model: 'llama3', provider: 'openai-compatible' },
  { job: 'j5', step: 'tasks', at: '2026-12-07T05:00:00.000Z', latency: 50, cost: 0, input: 0, output: 0, outcome: 'error', errorKind: 'rate_limit' },
  { job: null, step: 'outline', at: '2026-12-07T10:00:00.000Z', latency: 9_000, cost: 0.005, model: HAIKU, tier: 'batch' },
  { job: 'j9', step: 'lessons', at: '2026-11-01T09:30:00.000Z', latency: 5_000, cost: 0.01 },
];

export function seedFixedDataset(store: Store): void {
  const db = store.db;
  store.write(() => {
    const course = db.prepare(`INSERT INTO courses (id, topic_json, status, created_at, updated_at, deleted_at) VALUES (?, ?, 'generated', ?, ?, ?)`);
    const job = db.prepare(
      `INSERT INTO jobs (id, course_id, status, created_at, completed_at, run_ms, retry_count, auto_retries, failed_step, failure_cause)
       VALUES (@id, @course, @status, @created, @completed, @runMs, @retryCount, @autoRetries, @failedStep, @cause)`,
    );
    for (const j of [...JOBS, { id: 'outline-only', created: '2026-12-07T09:00:00.000Z' }]) {
      course.run(`c-${j.id}`, JSON.stringify({ topic: `Topic ${j.id}` }), j.created, j.created, 'deleted' in j && j.deleted ? '2026-12-07T08:00:00.000Z' : null);
    }
    for (const j of JOBS) {
      job.run({
        id: j.id,
        course: `c-${j.id}`,
        status: j.status,
        created: j.created,
        completed: j.completed ?? null,
        runMs: j.runMs ?? 0,
        retryCount: j.retryCount ?? 0,
        autoRetries: j.autoRetries ?? 0,
        failedStep: j.failedStep ?? null,
        cause: j.cause ?? null,
      });
    }
    const call = db.prepare(
      `INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
         latency_ms, cost_usd, outcome, error_kind, started_at, service_tier, provider)
       VALUES (@job, @course, @step, 'k', 1, @model, @input, @output, @cacheRead, @cacheWrite, @latency, @cost, @outcome, @errorKind, @at, @tier, @provider)`,
    );
    for (const c of CALLS) {
      call.run({
        job: c.job,
        course: c.job ? `c-${c.job}` : 'c-outline-only',
        step: c.step,
        model: c.model ?? SONNET,
        input: c.input ?? 100,
        output: c.output ?? 50,
        cacheRead: c.cacheRead ?? 0,
        cacheWrite: c.cacheWrite ?? 0,
        latency: c.latency,
        cost: c.cost,
        outcome: c.outcome ?? 'ok',
        errorKind: c.errorKind ?? null,
        at: c.at,
        tier: c.tier ?? 'standard',
        provider: c.provider ?? 'anthropic',
      });
    }
    // The calls of courses removed for good, summed per hour by housekeeping.
    const rollup = db.prepare(
      `INSERT INTO call_rollups (hour, provider, model, service_tier, step, outcome, error_kind, calls, input_tokens, output_tokens,
         cache_read_tokens, cache_write_tokens, latency_ms, cost_usd)
       VALUES (?, 'anthropic', ?, 'standard', ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)`,
    );
    rollup.run('2026-12-05T23', SONNET, 'lessons', 'ok', '', 10, 1_000, 500, 50_000, 0.5);
    rollup.run('2026-12-07T09', SONNET, 'tasks', 'error', 'rate_limit', 3, 0, 0, 150, 0);
    rollup.run('2026-10-01T00', SONNET, 'lessons', 'ok', '', 5, 500, 250, 25_000, 1.0);

    const report = db.prepare(`INSERT INTO run_reports (started_at, ended_at, source, report_json) VALUES (?, ?, 'app', ?)`);
    const figures = (autoRetries: number, providerMs: number, networkMs: number, rateLimitMs: number) =>
      JSON.stringify({ completed: [], failed: [], autoRetries, waited: { providerMs, networkMs, rateLimitMs }, rateLimited: 0, calls: 0, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0, savedUsd: 0 });
    report.run('2026-12-07T00:00:00.000Z', '2026-12-07T06:00:00.000Z', figures(2, 60_000, 30_000, 5_000));
    report.run('2026-11-01T00:00:00.000Z', '2026-11-01T11:00:00.000Z', figures(5, 1_000, 1_000, 1_000));
  });
}
