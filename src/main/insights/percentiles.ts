// Average and nearest-rank percentiles computed by SQLite over a set of values, optionally
// per group: the value at rank ⌈p·n⌉ of the sorted values (integer arithmetic: SQLite's
// ceil() is not in every build). Only the aggregates leave the database.
import type { DurationStats } from '../../shared/insights';

export interface StatsRow {
  grp: string;
  count: number;
  avg: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

const rank = (p: number) => `(${p} * n + 99) / 100`;

/**
 * A statement over `valuesSql`, which must yield columns `grp` (TEXT; a constant for one
 * group) and `x` (the value). One row per group.
 */
export function statsSql(valuesSql: string): string {
  return `WITH v AS (${valuesSql}),
    r AS (SELECT grp, x, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY x) AS rn, COUNT(*) OVER (PARTITION BY grp) AS n FROM v WHERE x IS NOT NULL)
    SELECT grp, COUNT(*) AS count, AVG(x) AS avg, MAX(x) AS max,
      MIN(CASE WHEN rn >= ${rank(50)} THEN x END) AS p50,
      MIN(CASE WHEN rn >= ${rank(95)} THEN x END) AS p95,
      MIN(CASE WHEN rn >= ${rank(99)} THEN x END) AS p99
    FROM r GROUP BY grp ORDER BY grp`;
}

export const EMPTY_STATS: DurationStats = { count: 0, avgMs: null, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null };

export function toStats(row: StatsRow | undefined): DurationStats {
  if (!row || row.count === 0) return EMPTY_STATS;
  return { count: row.count, avgMs: row.avg === null ? null : Math.round(row.avg), p50Ms: row.p50, p95Ms: row.p95, p99Ms: row.p99, maxMs: row.max };
}
