// What the Insights page, `insights.get` and `course-studio stats --json` show: one shape,
// computed in SQLite by src/main/insights/. Keys are stable (the CLI's JSON is documented
// in the README); durations are milliseconds, money is US dollars.
import { z } from 'zod';
import type { FailureCause } from './failure-causes';

export const INSIGHTS_PERIODS = ['24h', '7d', '30d', 'all'] as const;
export type InsightsPeriod = (typeof INSIGHTS_PERIODS)[number];

export const INSIGHTS_PERIOD_LABELS: Record<InsightsPeriod, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  all: 'Everything',
};

/** Milliseconds each period reaches back; null: everything stored. */
export const INSIGHTS_PERIOD_MS: Record<InsightsPeriod, number | null> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  all: null,
};

export const insightsInputSchema = z
  .object({
    period: z.enum(INSIGHTS_PERIODS),
    /**
     * The user's local time minus UTC, in minutes (Central European winter time: 60), which
     * is `-new Date().getTimezoneOffset()`. Days in the per-day figures are local days.
     */
    tzOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60),
  })
  .strict();
export type InsightsInput = z.infer<typeof insightsInputSchema>;

/** Count, average and nearest-rank percentiles (the value at rank ⌈p·n⌉); null when count is 0. */
export interface DurationStats {
  count: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface UsageTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Cache reads ÷ all prompt tokens (input + cache reads + cache writes); null with no prompt tokens. */
  cacheShare: number | null;
  costUsd: number;
}

export interface Insights {
  /** One of INSIGHTS_PERIODS, or the CLI's `--since` (12h, 90d). */
  period: string;
  /** ISO start of the period (null: everything), and when the figures were read. */
  since: string | null;
  generatedAt: string;
  tzOffsetMinutes: number;
  jobs: {
    /** Jobs created in the period. */
    queued: number;
    /** Jobs that ended in the period, by how (a job retried after failing counts once, as it stands now). */
    completed: number;
    failed: number;
    cancelled: number;
    /** completed ÷ (completed + failed + cancelled); null when none ended. */
    successRate: number | null;
    failureRate: number | null;
    cancellationRate: number | null;
  };
  durations: {
    /** Active time (jobs.run_ms: running stretches only, not paused, scheduled or failed-and-waiting time) of jobs completed in the period. */
    course: DurationStats;
    /** Completed jobs' active time in equal buckets up to the P99 (the last bucket is open-ended). */
    distribution: { fromMs: number; toMs: number | null; count: number }[];
    /** Per job step: the span from the step's first call to its last answer, in completed jobs that needed no retry. */
    steps: ({ step: 'lessons' | 'tasks' | 'finalize' } & DurationStats)[];
    /** Per call kind (model_calls.step): latency of answered calls (outcome ok) made in the period. */
    calls: ({ kind: string } & DurationStats)[];
  };
  failures: {
    /** Failed jobs by the step they failed in ('none': before any step). */
    byStep: { step: string; count: number }[];
    /** Failed jobs by cause, plus the cancelled jobs; every cause listed, zeros included. */
    byCause: { cause: FailureCause; count: number }[];
  };
  retries: {
    /** Automatic job retries scheduled in runs that ended in the period (run reports). */
    automatic: number;
    /** A person's Retry of jobs created in the period (jobs.retry_count). */
    manual: number;
    /** Model calls answered 429 in the period (live and rolled-up call records). */
    rateLimited: number;
    /** Time runs that ended in the period waited, from their run reports. */
    waitedMs: { provider: number; network: number; rateLimit: number };
    runs: number;
  };
  usage: {
    totals: UsageTotals;
    byDay: ({ day: string } & UsageTotals)[];
    /** By provider, model and tier ('standard' | 'batch'), most expensive first. */
    bySplit: ({ provider: string; model: string; tier: string } & UsageTotals)[];
  };
  /** Local days with any job ending or any call: the charts' x axis. */
  daily: { day: string; completed: number; failed: number; cancelled: number; costUsd: number }[];
}
