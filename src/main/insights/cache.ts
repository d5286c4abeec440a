// The last Insights of each period and time zone, kept so that opening the page again
// costs a few index probes instead of the whole aggregation (135 ms for 7 days, 630 ms for
// everything on 10,000 jobs and 160,000 calls). The cache lives in main, on the app's
// connection; the reading itself may happen elsewhere (reader.ts: a worker with its own
// connection to the same file).
//
// A kept result is reused only when it is exactly what readInsights would return now:
// - nothing was written since: `total_changes()` counts every row the app's connection
//   inserted, updated or deleted (triggers included) and `PRAGMA data_version` changes when
//   any other connection commits (the CLI's, another process's), so a new call, a job's end,
//   a retry or a removal all miss. The stamp is taken before the read is sent: the reader's
//   transaction begins after it, so it sees at least everything the stamp counts; a write
//   in between changes the stamp and only makes the next open read again;
// - the period's start, which slides with the clock, passed over no row: none of the times
//   the queries compare with `:since` lies between the kept start and the new one (one
//   probe of an index each), and the rolled-up ledger's hour of the start is the same.
// Then only `generatedAt` and `since` are renewed. Any write at all (a log line too) misses:
// while jobs run the page mostly reads afresh, which is what it did before.
// Two opens of one period while its read is under way share that read.
import type Database from 'better-sqlite3';
import type { Insights } from '../../shared/insights';
import type { InsightsRequest } from './insights';
import { inThreadInsightsReader, type InsightsReader } from './reader';

/** Rows whose time lies in [:from, :to): any of them means the sliding start passed over data. */
const PASSED_OVER_SQL = `SELECT
    EXISTS (SELECT 1 FROM model_calls INDEXED BY model_calls_usage WHERE started_at >= :from AND started_at < :to)
    OR EXISTS (SELECT 1 FROM jobs INDEXED BY jobs_by_created WHERE created_at >= :from AND created_at < :to)
    OR EXISTS (SELECT 1 FROM jobs INDEXED BY jobs_by_completed WHERE completed_at >= :from AND completed_at < :to)
    OR EXISTS (SELECT 1 FROM run_reports INDEXED BY run_reports_by_end WHERE ended_at >= :from AND ended_at < :to) AS passed`;

/** The first of those times at or after :from: the start can slide up to it and pass over nothing. */
const NEXT_ROW_SQL = `SELECT MIN(t) AS t FROM (
    SELECT (SELECT started_at FROM model_calls INDEXED BY model_calls_usage WHERE started_at >= :from ORDER BY started_at LIMIT 1) AS t
    UNION ALL SELECT (SELECT created_at FROM jobs INDEXED BY jobs_by_created WHERE created_at >= :from ORDER BY created_at LIMIT 1)
    UNION ALL SELECT (SELECT completed_at FROM jobs INDEXED BY jobs_by_completed WHERE completed_at >= :from ORDER BY completed_at LIMIT 1)
    UNION ALL SELECT (SELECT ended_at FROM run_reports INDEXED BY run_reports_by_end WHERE ended_at >= :from ORDER BY ended_at LIMIT 1))`;

interface Kept {
  stamp: string;
  since: string | null;
  insights: Insights;
}

const keyOf = (req: InsightsRequest) => `${req.period}:${req.tzOffsetMinutes}`;

export class InsightsCache {
  private readonly kept = new Map<string, Kept>();
  private readonly reading = new Map<string, { stamp: string; done: Promise<unknown> }>();
  private stmts: {
    changes: Database.Statement<[], { n: number }>;
    passed: Database.Statement<{ from: string; to: string }, { passed: number }>;
    next: Database.Statement<{ from: string }, { t: string | null }>;
  } | null = null;
  /** Opens answered from kept figures. */
  hits = 0;
  /** Reads the reader did (each open that missed, and each warming that found the figures out of date). */
  reads = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly reader: InsightsReader = inThreadInsightsReader(db),
  ) {}

  async read(req: InsightsRequest): Promise<Insights> {
    const key = keyOf(req);
    for (let waited = false; ; waited = true) {
      const stamp = this.stamp();
      const kept = this.kept.get(key);
      if (kept && kept.stamp === stamp && this.sameRows(kept.since, req.since)) {
        this.hits++;
        return { ...kept.insights, since: req.since, generatedAt: new Date(req.nowMs).toISOString() };
      }
      // A read of this period under way since the same stamp (the warming, the page's early
      // request): its figures are kept when it ends, and are this open's if the start did not pass a row.
      const under = this.reading.get(key);
      if (!waited && under && under.stamp === stamp) {
        await under.done;
        continue;
      }
      const read = this.reader(req);
      const entry = { stamp, done: read.catch(() => undefined) };
      this.reading.set(key, entry);
      try {
        const insights = await read;
        this.reads++;
        this.kept.set(key, { stamp, since: req.since, insights });
        return insights;
      } finally {
        if (this.reading.get(key) === entry) this.reading.delete(key);
      }
    }
  }

  /**
   * The earliest period start (epoch ms) for which the kept figures of this period no longer
   * hold, if nothing is written: a start past the first row at or after the kept start, or
   * in the next hour (call_rollups). Null when none are kept or the period has no start.
   */
  staleFrom(req: InsightsRequest): number | null {
    const kept = this.kept.get(keyOf(req));
    if (!kept || kept.since === null) return null;
    const next = this.statements().next.get({ from: kept.since })!.t;
    const hourAfter = Math.floor(Date.parse(kept.since) / 3_600_000 + 1) * 3_600_000;
    return Math.min(next === null ? Infinity : Date.parse(next) + 1, hourAfter);
  }

  /** Whether the kept figures of this period would answer it now (no read). */
  isFresh(req: InsightsRequest): boolean {
    const kept = this.kept.get(keyOf(req));
    return kept !== undefined && kept.stamp === this.stamp() && this.sameRows(kept.since, req.since);
  }

  private statements() {
    return (this.stmts ??= {
      changes: this.db.prepare(`SELECT total_changes() AS n`),
      passed: this.db.prepare(PASSED_OVER_SQL),
      next: this.db.prepare(NEXT_ROW_SQL),
    });
  }

  private stamp(): string {
    return `${this.statements().changes.get()!.n}:${this.db.pragma('data_version', { simple: true }) as number}`;
  }

  /** Whether a period starting at `to` covers exactly the rows a period starting at `from` did. */
  private sameRows(from: string | null, to: string | null): boolean {
    if (from === to) return true;
    if (from === null || to === null || to < from) return false;
    if (from.slice(0, 13) !== to.slice(0, 13)) return false; // call_rollups count whole hours
    return this.statements().passed.get({ from, to })!.passed === 0;
  }
}
