// A store that looks like months of use, for the Insights benchmark (10,000 jobs, 160,000
// calls) and the Insights e2e flow (a few hundred): jobs over the last 40 days in a
// plausible mix of outcomes and failure causes, active times spread from 2 to 40 minutes,
// 16 calls a job across the steps (some economy, some on a local server, some 429s),
// hourly rollups of courses removed for good, and a run report a night. Deterministic
// (a fixed-seed generator), written with plain SQL after the app's own migrations.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface InsightsSeedPlan {
  jobs: number;
  callsPerJob: number;
  /** The newest job ends about an hour before this. */
  nowMs: number;
  /** Days the jobs spread over. */
  days?: number;
  /** Outline-option calls (no job) are added until the ledger holds this many live calls. */
  totalCalls?: number;
}

const CAUSES = ['validation', 'rate_limit', 'overload', 'network', 'cut_off', 'permission_credit', 'other'] as const;
const STEPS = ['lessons', 'tasks', 'finalize'] as const;

function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function seedInsights(db: Database.Database, plan: InsightsSeedPlan): { failedJobIds: Record<string, string[]> } {
  const rand = generator(17);
  const days = plan.days ?? 40;
  const span = days * 86_400_000;
  const first = plan.nowMs - 3_600_000 - span;
  const iso = (ms: number) => new Date(ms).toISOString();
  const failedJobIds: Record<string, string[]> = {};
  const course = db.prepare(`INSERT INTO courses (id, topic_json, status, outline_json, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const job = db.prepare(
    `INSERT INTO jobs (id, course_id, status, current_step, items_completed, items_total, error_message, failed_step, failure_cause, retry_count, auto_retries,
       created_at, started_at, completed_at, run_ms)
     VALUES (?, ?, ?, ?, 16, 16, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const call = db.prepare(
    `INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
       latency_ms, cost_usd, outcome, error_kind, started_at, service_tier, provider)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rollup = db.prepare(
    `INSERT OR IGNORE INTO call_rollups (hour, provider, model, service_tier, step, outcome, error_kind, calls, input_tokens, output_tokens,
       cache_read_tokens, cache_write_tokens, latency_ms, cost_usd)
     VALUES (?, 'anthropic', 'claude-sonnet-4-5', 'standard', 'lessons', 'ok', '', ?, ?, ?, ?, 0, ?, ?)`,
  );
  const report = db.prepare(`INSERT INTO run_reports (started_at, ended_at, source, report_json) VALUES (?, ?, 'app', ?)`);

  let calls = 0;
  const courses: { id: string; created: number }[] = [];
  db.transaction(() => {
    for (let i = 0; i < plan.jobs; i++) {
      const created = first + Math.floor((i / plan.jobs) * span);
      const r = rand();
      const status = r < 0.84 ? 'completed' : r < 0.94 ? 'failed' : r < 0.985 ? 'cancelled' : 'queued';
      const cause = status === 'failed' ? CAUSES[Math.floor(rand() * CAUSES.length)]! : null;
      const failedStep = status === 'failed' ? STEPS[Math.floor(rand() * 2.3)]! : null;
      // Active time: mostly 4–12 minutes, a long tail to 40.
      const runMs = Math.round(120_000 + rand() * 480_000 + (rand() < 0.1 ? rand() * 1_800_000 : 0));
      const manual = rand() < 0.05 ? 1 : 0;
      const auto = rand() < 0.08 ? 1 + Math.floor(rand() * 2) : 0;
      const courseId = randomUUID();
      const jobId = randomUUID();
      const title = `Insights course ${i + 1}`;
      course.run(
        courseId,
        JSON.stringify({ topic: title, audience: 'adults', level: 'beginner', projects: 5, language: 'English', notes: '' }),
        status === 'completed' ? 'generated' : status === 'queued' ? 'outline_approved' : status,
        JSON.stringify({ title, description: '', audience: 'adults', level: 'beginner', language: 'English', projects: [] }),
        iso(created),
        iso(created),
        rand() < 0.02 ? iso(created + 86_400_000) : null,
      );
      const started = created + 5_000;
      const ended = status === 'queued' ? null : iso(started + runMs + (auto > 0 ? 600_000 : 0));
      job.run(
        jobId,
        courseId,
        status,
        status === 'completed' ? 'finalize' : 'tasks',
        status === 'failed' ? `Failed: ${cause}` : null,
        failedStep,
        cause,
        manual,
        auto,
        iso(created),
        status === 'queued' ? null : iso(started),
        ended,
        status === 'queued' ? 0 : runMs,
      );
      if (cause) (failedJobIds[cause] ??= []).push(jobId);
      courses.push({ id: courseId, created });
      if (status === 'queued') continue;
      const economy = rand() < 0.25;
      const local = !economy && rand() < 0.1;
      for (let c = 0; c < plan.callsPerJob; c++) {
        const step = c < 5 ? 'lessons' : c < plan.callsPerJob - 1 ? 'tasks' : 'finalize';
        const at = started + Math.floor((c / plan.callsPerJob) * runMs);
        const limited = rand() < 0.01;
        const latency = limited ? 120 : Math.round(4_000 + rand() * (step === 'lessons' ? 40_000 : 15_000));
        const input = limited ? 0 : 1_800;
        const output = limited ? 0 : 1_200 + Math.floor(rand() * 2_000);
        const cacheRead = limited || c === 0 ? 0 : 1_500;
        const cacheWrite = c === 0 ? 1_500 : 0;
        const cost = local || limited ? 0 : ((input * 3 + output * 15 + cacheRead * 0.3 + cacheWrite * 3.75) / 1e6) * (economy ? 0.5 : 1);
        call.run(
          jobId,
          courseId,
          step,
          `item-${c}`,
          local ? 'qwen2.5:7b' : 'claude-sonnet-4-5',
          input,
          output,
          cacheRead,
          cacheWrite,
          latency,
          cost,
          limited ? 'error' : 'ok',
          limited ? 'rate_limit' : null,
          iso(at),
          economy ? 'batch' : 'standard',
          local ? 'openai-compatible' : 'anthropic',
        );
        calls++;
      }
    }
    for (let k = 0; calls < (plan.totalCalls ?? 0) && courses.length > 0; k++, calls++) {
      const c = courses[(k * 7919) % courses.length]!;
      call.run(null, c.id, 'outline', `option:${k % 3}`, 'claude-sonnet-4-5', 900, 1_500, 0, 900, Math.round(6_000 + rand() * 20_000), 0.03, 'ok', null, iso(c.created - 60_000), 'standard', 'anthropic');
    }
    // Courses removed for good: an hour's calls kept as one row, about one in every 20 hours.
    for (let h = 0; h < days * 24; h += 20) {
      const hour = iso(first + h * 3_600_000).slice(0, 13);
      rollup.run(hour, 16, 16 * 1_800, 16 * 2_000, 15 * 1_500, 16 * 20_000, 0.55);
    }
    for (let d = 0; d < days; d++) {
      const end = first + (d + 1) * 86_400_000 - 6 * 3_600_000;
      report.run(
        iso(end - 8 * 3_600_000),
        iso(end),
        JSON.stringify({
          completed: [],
          failed: [],
          autoRetries: Math.floor(rand() * 4),
          waited: { providerMs: Math.floor(rand() * 600_000), networkMs: Math.floor(rand() * 120_000), rateLimitMs: Math.floor(rand() * 60_000) },
          rateLimited: 0,
          calls: 0,
          usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
          costUsd: 0,
          savedUsd: 0,
        }),
      );
    }
  })();
  return { failedJobIds };
}
