// Reads the Insights of a period from the store: every figure is aggregated by SQLite
// (queries.ts); this file only turns the few rows that come back into the shared shape.
// Pure store reading, no Electron: the IPC handler, the CLI's `stats` and the bench call it.
import type Database from 'better-sqlite3';
import { FAILURE_CAUSES, type FailureCause } from '../../shared/failure-causes';
import type { Insights, UsageTotals } from '../../shared/insights';
import { toStats, type StatsRow } from './percentiles';
import { localDayModifier } from './period';
import {
  BY_CAUSE_SQL,
  CALL_COUNTS_SQL,
  CALL_RANK_SQL,
  COURSE_STATS_SQL,
  DISTRIBUTION_SQL,
  ENDED_BY_DAY_SQL,
  FAILED_BY_STEP_SQL,
  QUEUED_SQL,
  RUNS_SQL,
  STEP_STATS_SQL,
  USAGE_SQL,
} from './queries';

type Params = { since: string; tz: string };

interface UsageRow {
  day: string;
  provider: string;
  model: string;
  tier: string;
  calls: number;
  rate_limited: number;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  cost: number;
}

/** How many buckets the duration distribution has (the last one open-ended). */
export const DISTRIBUTION_BUCKETS = 12;

function prepare(db: Database.Database) {
  return {
    queued: db.prepare<Params, { queued: number; manual: number }>(QUEUED_SQL),
    endedByDay: db.prepare<Params, { day: string; status: 'completed' | 'failed' | 'cancelled'; n: number }>(ENDED_BY_DAY_SQL),
    failedByStep: db.prepare<Params, { step: string; n: number }>(FAILED_BY_STEP_SQL),
    byCause: db.prepare<Params, { cause: string; n: number }>(BY_CAUSE_SQL),
    course: db.prepare<Params, StatsRow>(COURSE_STATS_SQL),
    distribution: db.prepare<Params & { width: number; last: number }, { bucket: number; n: number }>(DISTRIBUTION_SQL),
    steps: db.prepare<Params, StatsRow>(STEP_STATS_SQL),
    callCounts: db.prepare<Params, { grp: string; count: number; avg: number; max: number }>(CALL_COUNTS_SQL),
    callRank: db.prepare<Params & { step: string; offset: number }, { x: number }>(CALL_RANK_SQL),
    usage: db.prepare<Params, UsageRow>(USAGE_SQL),
    runs: db.prepare<Params, { runs: number; auto_retries: number; provider_ms: number; network_ms: number; rate_limit_ms: number }>(RUNS_SQL),
  };
}

// Statements are prepared once per connection (the app's store lives as long as the process).
const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

export interface InsightsRequest {
  /** A name for the period, as the result reports it ('7d', 'all', the CLI's '12h'). */
  period: string;
  /** ISO start of the period, null for everything (period.ts periodStart). */
  since: string | null;
  tzOffsetMinutes: number;
  nowMs: number;
}

export function readInsights(db: Database.Database, req: InsightsRequest): Insights {
  let stmts = prepared.get(db);
  if (!stmts) prepared.set(db, (stmts = prepare(db)));
  const p: Params = { since: req.since ?? '', tz: localDayModifier(req.tzOffsetMinutes) };

  // One read transaction: every figure comes from the same moment of the file.
  return db.transaction(() => {
    const queued = stmts.queued.get(p)!;
    const ended = stmts.endedByDay.all(p);
    const count = (status: string) => ended.filter((r) => r.status === status).reduce((s, r) => s + r.n, 0);
    const completed = count('completed');
    const failed = count('failed');
    const cancelled = count('cancelled');
    const finished = completed + failed + cancelled;
    const rate = (n: number) => (finished === 0 ? null : n / finished);

    const course = toStats(stmts.course.get(p));
    const usage = summarizeUsage(stmts.usage.all(p));
    const runs = stmts.runs.get(p)!;
    const causes = new Map(stmts.byCause.all(p).map((r) => [r.cause, r.n]));

    return {
      period: req.period,
      since: req.since,
      generatedAt: new Date(req.nowMs).toISOString(),
      tzOffsetMinutes: req.tzOffsetMinutes,
      jobs: { queued: queued.queued, completed, failed, cancelled, successRate: rate(completed), failureRate: rate(failed), cancellationRate: rate(cancelled) },
      durations: {
        course,
        distribution: distribution(course.p99Ms, (width) => stmts.distribution.all({ ...p, width, last: DISTRIBUTION_BUCKETS - 1 })),
        steps: (['lessons', 'tasks', 'finalize'] as const).map((step) => ({ step, ...toStats(stmts.steps.all(p).find((r) => r.grp === step)) })),
        calls: stmts.callCounts.all(p).map((r) => {
          // Nearest rank ⌈p·n⌉, 0-based for OFFSET.
          const at = (pct: number) => stmts.callRank.get({ ...p, step: r.grp, offset: Math.ceil((pct * r.count) / 100) - 1 })?.x ?? null;
          return { kind: r.grp, ...toStats({ ...r, p50: at(50), p95: at(95), p99: at(99) }) };
        }),
      },
      failures: {
        byStep: stmts.failedByStep.all(p).map((r) => ({ step: r.step, count: r.n })),
        byCause: FAILURE_CAUSES.map((cause: FailureCause) => ({ cause, count: causes.get(cause) ?? 0 })),
      },
      retries: {
        automatic: runs.auto_retries,
        manual: queued.manual,
        rateLimited: usage.rateLimited,
        waitedMs: { provider: runs.provider_ms, network: runs.network_ms, rateLimit: runs.rate_limit_ms },
        runs: runs.runs,
      },
      usage: { totals: usage.totals, byDay: usage.byDay, bySplit: usage.bySplit },
      daily: daily(ended, usage.byDay),
    };
  })();
}

/** A width that reads well on an axis (1, 2 or 5 × a power of ten, at least one second) for about `buckets - 1` buckets up to the P99. */
export function bucketWidth(p99Ms: number, buckets = DISTRIBUTION_BUCKETS): number {
  const raw = Math.max(1_000, p99Ms / (buckets - 1));
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((f) => f * power >= raw)!;
  return step * power;
}

function distribution(p99: number | null, read: (width: number) => { bucket: number; n: number }[]): Insights['durations']['distribution'] {
  if (p99 === null) return [];
  const width = bucketWidth(p99);
  const counts = new Map(read(width).map((r) => [r.bucket, r.n]));
  const top = Math.max(...counts.keys());
  return Array.from({ length: top + 1 }, (_, i) => ({
    fromMs: i * width,
    toMs: i === DISTRIBUTION_BUCKETS - 1 ? null : (i + 1) * width,
    count: counts.get(i) ?? 0,
  }));
}

function emptyTotals(): UsageTotals {
  return { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheShare: null, costUsd: 0 };
}

function add(into: UsageTotals, r: UsageRow): void {
  into.calls += r.calls;
  into.inputTokens += r.input;
  into.outputTokens += r.output;
  into.cacheReadTokens += r.cache_read;
  into.cacheWriteTokens += r.cache_write;
  into.costUsd += r.cost;
}

function withShare<T extends UsageTotals>(t: T): T {
  const prompt = t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens;
  return { ...t, cacheShare: prompt === 0 ? null : t.cacheReadTokens / prompt };
}

/** Folds SQLite's rows (already summed per day × provider × model × tier: a handful) into totals, days and splits. */
function summarizeUsage(rows: UsageRow[]) {
  const totals = emptyTotals();
  const days = new Map<string, UsageTotals>();
  const splits = new Map<string, { provider: string; model: string; tier: string } & UsageTotals>();
  let rateLimited = 0;
  for (const r of rows) {
    add(totals, r);
    rateLimited += r.rate_limited;
    let day = days.get(r.day);
    if (!day) days.set(r.day, (day = emptyTotals()));
    add(day, r);
    const key = JSON.stringify([r.provider, r.model, r.tier]);
    let split = splits.get(key);
    if (!split) splits.set(key, (split = { provider: r.provider, model: r.model, tier: r.tier, ...emptyTotals() }));
    add(split, r);
  }
  return {
    totals: withShare(totals),
    rateLimited,
    byDay: [...days.entries()].map(([day, t]) => withShare({ day, ...t })),
    bySplit: [...splits.values()].map(withShare).sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls),
  };
}

function daily(ended: { day: string; status: string; n: number }[], usage: ({ day: string } & UsageTotals)[]): Insights['daily'] {
  const days = new Map<string, Insights['daily'][number]>();
  const at = (day: string) => {
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, completed: 0, failed: 0, cancelled: 0, costUsd: 0 }));
    return d;
  };
  for (const r of ended) at(r.day)[r.status as 'completed' | 'failed' | 'cancelled'] += r.n;
  for (const u of usage) at(u.day).costUsd += u.costUsd;
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}


