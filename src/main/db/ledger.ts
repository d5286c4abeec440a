// The ledger as every total beyond one course reads it: the live call records plus the
// rolled-up sums of courses removed for good (call_rollups, migration 011). A cleanup moves
// rows from the first into the second in one transaction, so no total changes. Rolled-up
// rows are whole hours (UTC): a window is counted by the hour each call was made in, exact
// for windows that start and end on the hour (a local day in a whole-hour time zone).

/**
 * One relation of summable rows: `calls` (1 per live record), tokens, cost, latency and the
 * keys both tables share. `since`/`until` (named parameters, ISO) bound it when given.
 */
export function ledgerRows({ since = false, until = false }: { since?: boolean; until?: boolean } = {}): string {
  const live = [since ? 'started_at >= :since' : '', until ? 'started_at <= :until' : ''].filter(Boolean);
  const rolled = [since ? 'hour >= substr(:since, 1, 13)' : '', until ? 'hour <= substr(:until, 1, 13)' : ''].filter(Boolean);
  const where = (parts: string[]) => (parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '');
  const index = since || until ? 'INDEXED BY model_calls_by_started' : '';
  return `(SELECT 1 AS calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, latency_ms,
             provider, model, service_tier, step, outcome, COALESCE(error_kind, '') AS error_kind, substr(started_at, 1, 13) AS hour
           FROM model_calls ${index} ${where(live)}
           UNION ALL
           SELECT calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, latency_ms,
             provider, model, service_tier, step, outcome, error_kind, hour
           FROM call_rollups ${where(rolled)})`;
}

/** Sums a `ledgerRows` relation: the figures every total shows. */
export const LEDGER_SUMS = `COALESCE(SUM(calls), 0) AS calls,
  COALESCE(SUM(input_tokens), 0) AS input, COALESCE(SUM(output_tokens), 0) AS output,
  COALESCE(SUM(cache_read_tokens), 0) AS cache_read, COALESCE(SUM(cache_write_tokens), 0) AS cache_write,
  COALESCE(SUM(cost_usd), 0) AS cost,
  -- A batch call is billed at half the standard price: what it saved equals its cost.
  COALESCE(SUM(CASE WHEN service_tier = 'batch' THEN cost_usd ELSE 0 END), 0) AS saved`;
