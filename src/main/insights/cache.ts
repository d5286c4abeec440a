// The last Insights of each period and time zone, kept so that opening the page again
// costs a few index probes instead of the whole aggregation (135 ms for 7 days, 630 ms for
// everything on 10,000 jobs and 160,000 calls), while main would be blocked.
//
// A kept result is reused only when it is exactly what readInsights would return now:
// - nothing was written since: `total_changes()` counts every row this connection
//   inserted, updated or deleted (triggers included) and `PRAGMA data_version` changes when
//   another connection commits, so a new call, a job's end, a retry or a removal all miss;
// - the period's start, which slides with the clock, passed over no row: none of the times
//   the queries compare with `:since` lies between the kept start and the new one (one
//   probe of an index each), and the rolled-up ledger's hour of the start is the same.
// Then only `generatedAt` and `since` are renewed. Any write at all (a log line too) misses:
// while jobs run the page mostly reads afresh, which is what it did before.
import type Database from 'better-sqlite3';
import type { Insights } from '../../shared/insights';
import { readInsights, type InsightsRequest } from './insights';

/** Rows whose time lies in [:from, :to): any of them means the sliding start passed over data. */
const PASSED_OVER_SQL = `SELECT
    EXISTS (SELECT 1 FROM model_calls INDEXED BY model_calls_usage WHERE started_at >= :from AND started_at < :to)
    OR EXISTS (SELECT 1 FROM jobs INDEXED BY jobs_by_created WHERE created_at >= :from AND created_at < :to)
    OR EXISTS (SELECT 1 FROM jobs INDEXED BY jobs_by_completed WHERE completed_at >= :from AND completed_at < :to)
    OR EXISTS (SELECT 1 FROM run_reports INDEXED BY run_reports_by_end WHERE ended_at >= :from AND ended_at < :to) AS passed`;

interface Kept {
  stamp: string;
  since: string | null;
  insights: Insights;
}

export class InsightsCache {
  private readonly kept = new Map<string, Kept>();
  private stmts: { changes: Database.Statement<[], { n: number }>; passed: Database.Statement<{ from: string; to: string }, { passed: number }> } | null = null;
  hits = 0;

  constructor(private readonly db: Database.Database) {}

  read(req: InsightsRequest): Insights {
    this.stmts ??= { changes: this.db.prepare(`SELECT total_changes() AS n`), passed: this.db.prepare(PASSED_OVER_SQL) };
    const stamp = `${this.stmts.changes.get()!.n}:${this.db.pragma('data_version', { simple: true }) as number}`;
    const key = `${req.period}:${req.tzOffsetMinutes}`;
    const kept = this.kept.get(key);
    if (kept && kept.stamp === stamp && this.sameRows(kept.since, req.since)) {
      this.hits++;
      return { ...kept.insights, since: req.since, generatedAt: new Date(req.nowMs).toISOString() };
    }
    const insights = readInsights(this.db, req);
    // The stamp read before the read: a write in between (none can: main is one thread) would only miss next time.
    this.kept.set(key, { stamp, since: req.since, insights });
    return insights;
  }

  /** Whether a period starting at `to` covers exactly the rows a period starting at `from` did. */
  private sameRows(from: string | null, to: string | null): boolean {
    if (from === to) return true;
    if (from === null || to === null || to < from) return false;
    if (from.slice(0, 13) !== to.slice(0, 13)) return false; // call_rollups count whole hours
    return this.stmts!.passed.get({ from, to })!.passed === 0;
  }
}
