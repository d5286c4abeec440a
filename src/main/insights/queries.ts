// The SQL behind the Insights page. Every figure is aggregated by SQLite; what comes back
// is a few rows per group or per day. `:since` is the period's ISO start ('' for
// everything: every ISO time sorts after it), `:tz` the local-day modifier (period.ts).
//
// What counts:
// - Jobs of courses in the bin (courses.deleted_at set) count like any other: the work
//   was done and its cost spent. Jobs of courses removed for good are gone with them; their
//   calls live on, summed per hour, in call_rollups, so tokens and cost still count them.
// - Token and cost totals read model_calls UNION ALL call_rollups. A rollup hour counts
//   whole when the period starts inside it (rollups keep no finer time). Latency
//   percentiles need single calls, so they read the live rows only.
import { statsSql } from './percentiles';

/** Jobs created in the period, and the person's retries of them. */
export const QUEUED_SQL = `SELECT COUNT(*) AS queued, COALESCE(SUM(retry_count), 0) AS manual
  FROM jobs INDEXED BY jobs_by_created WHERE created_at >= :since`;

/** Jobs that ended in the period, per local day and status. Retried jobs have no end until they end again. */
export const ENDED_BY_DAY_SQL = `SELECT date(completed_at, :tz) AS day, status, COUNT(*) AS n
  FROM jobs INDEXED BY jobs_by_completed
  WHERE completed_at >= :since AND status IN ('completed', 'failed', 'cancelled')
  GROUP BY day, status ORDER BY day`;

/** Failed jobs by step, and failed or cancelled jobs by cause (a cancelled job's cause is its status). */
export const FAILED_BY_STEP_SQL = `SELECT COALESCE(failed_step, 'none') AS step, COUNT(*) AS n
  FROM jobs INDEXED BY jobs_by_completed WHERE completed_at >= :since AND status = 'failed'
  GROUP BY step ORDER BY n DESC, step`;

export const BY_CAUSE_SQL = `SELECT CASE status WHEN 'cancelled' THEN 'cancelled' ELSE COALESCE(failure_cause, 'other') END AS cause, COUNT(*) AS n
  FROM jobs INDEXED BY jobs_by_completed WHERE completed_at >= :since AND status IN ('failed', 'cancelled')
  GROUP BY cause`;

/** Active time (run_ms: running stretches only) of the jobs completed in the period. */
export const COURSE_VALUES_SQL = `SELECT '' AS grp, run_ms AS x FROM jobs INDEXED BY jobs_by_completed
  WHERE completed_at >= :since AND status = 'completed'`;
export const COURSE_STATS_SQL = statsSql(COURSE_VALUES_SQL);

/** Completed jobs' active time per bucket of `:width` ms, the last (`:last`) open-ended. */
// Parameters arrive as REAL from better-sqlite3: the bucket is cast to an integer.
export const DISTRIBUTION_SQL = `SELECT CAST(MIN(x / :width, :last) AS INTEGER) AS bucket, COUNT(*) AS n FROM (${COURSE_VALUES_SQL}) GROUP BY bucket ORDER BY bucket`;

/**
 * Per job step, the span from its first call's start to its last call's answer, in the
 * period's completed jobs that ran through without a retry. No column records a step's
 * active time; this span is the closest honest measure: requests overlap inside a step, so
 * summed latencies would overstate it, and a retried job's span would include the hours
 * between its failure and the retry, so those jobs are left out. A pause in the middle of
 * a step is counted (stepwise reviews fall between steps and are not).
 */
export const STEP_STATS_SQL = statsSql(`
  SELECT step AS grp, CAST(ROUND(MAX(t + latency_ms) - MIN(t)) AS INTEGER) AS x FROM (
    -- Each call's start in ms, parsed once (days counted from 2026 keep the double exact to the ms).
    SELECT m.job_id, m.step, (julianday(m.started_at) - 2461000) * 86400000.0 AS t, m.latency_ms
    FROM jobs j INDEXED BY jobs_by_completed JOIN model_calls m INDEXED BY model_calls_job_steps ON m.job_id = j.id
    WHERE j.completed_at >= :since AND j.status = 'completed' AND j.retry_count = 0 AND j.auto_retries = 0
      AND m.step IN ('lessons', 'tasks', 'finalize'))
  GROUP BY job_id, step`);

/**
 * Per call kind (model_calls.step), the latency of answered calls started in the period:
 * live rows only. Window functions would sort every call of the period; instead the count
 * comes from the index (outcome, step, latency) in order, and each percentile is one walk
 * of that index to its rank (CALL_RANK_SQL).
 */
export const CALL_COUNTS_SQL = `SELECT step AS grp, COUNT(*) AS count, AVG(latency_ms) AS avg, MAX(latency_ms) AS max
  FROM model_calls INDEXED BY model_calls_latency WHERE outcome = 'ok' AND started_at >= :since
  GROUP BY step ORDER BY step`;
/** The latency at 0-based rank `:offset` among one kind's answered calls of the period. */
export const CALL_RANK_SQL = `SELECT latency_ms AS x FROM model_calls INDEXED BY model_calls_latency
  WHERE outcome = 'ok' AND step = :step AND started_at >= :since ORDER BY latency_ms LIMIT 1 OFFSET :offset`;

/** The call ledger, live and rolled up, per local day, provider, model and tier. */
export const USAGE_SQL = `SELECT day, provider, model, tier, SUM(calls) AS calls, SUM(rate_limited) AS rate_limited,
    SUM(input) AS input, SUM(output) AS output, SUM(cache_read) AS cache_read, SUM(cache_write) AS cache_write, SUM(cost) AS cost
  FROM (
    SELECT date(started_at, :tz) AS day, provider, model, service_tier AS tier, 1 AS calls, error_kind IS 'rate_limit' AS rate_limited,
      input_tokens AS input, output_tokens AS output, cache_read_tokens AS cache_read, cache_write_tokens AS cache_write, cost_usd AS cost
    FROM model_calls INDEXED BY model_calls_usage WHERE started_at >= :since
    UNION ALL
    SELECT date(hour || ':00:00Z', :tz), provider, model, service_tier, calls, CASE WHEN error_kind = 'rate_limit' THEN calls ELSE 0 END,
      input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd
    FROM call_rollups WHERE hour >= substr(:since, 1, 13)
  )
  GROUP BY day, provider, model, tier ORDER BY day`;

/** What the runs that ended in the period recorded: automatic retries and time waited (run_reports). */
export const RUNS_SQL = `SELECT COUNT(*) AS runs,
    COALESCE(SUM(json_extract(report_json, '$.autoRetries')), 0) AS auto_retries,
    COALESCE(SUM(json_extract(report_json, '$.waited.providerMs')), 0) AS provider_ms,
    COALESCE(SUM(json_extract(report_json, '$.waited.networkMs')), 0) AS network_ms,
    COALESCE(SUM(json_extract(report_json, '$.waited.rateLimitMs')), 0) AS rate_limit_ms
  FROM run_reports WHERE ended_at >= :since AND json_valid(report_json)`;
