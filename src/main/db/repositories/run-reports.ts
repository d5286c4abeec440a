// The morning report: one row per run of the queue, written when the run ends. Its figures
// come from what is stored (jobs finished in the run, the call ledger's rows), except the
// time spent waiting, which only the runner saw.
import type Database from 'better-sqlite3';
import { LEDGER_SUMS, ledgerRows } from '../ledger';
import { z } from 'zod';
import type { JobStep, RunReport } from '../../../shared/domain';

export type RunReportDraft = Omit<RunReport, 'id'>;

interface Totals {
  calls: number;
  rate_limited: number;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  cost: number;
  saved: number;
}

const storedReport = z.object({
  completed: z.array(z.object({ jobId: z.string(), courseTitle: z.string() })),
  failed: z.array(z.object({ jobId: z.string(), courseTitle: z.string(), reason: z.string(), step: z.string().nullable() })),
  autoRetries: z.number(),
  waited: z.object({ providerMs: z.number(), networkMs: z.number(), rateLimitMs: z.number() }),
  rateLimited: z.number(),
  calls: z.number(),
  usage: z.object({ input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number() }),
  costUsd: z.number(),
  // Reports stored before economy mode do not have it: nothing was saved then.
  savedUsd: z.number().default(0),
});

const TITLE = `COALESCE(json_extract(c.outline_json, '$.title'), json_extract(c.topic_json, '$.topic'), '(untitled)')`;

export class RunReportRepository {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      finished: db.prepare<{ from: string; to: string }, { id: string; title: string; status: string; error: string | null; step: JobStep | null }>(
        `SELECT j.id, ${TITLE} AS title, j.status, j.error_message AS error, j.failed_step AS step
           FROM jobs j JOIN courses c ON c.id = j.course_id
          WHERE j.status IN ('completed', 'failed') AND j.completed_at >= :from AND j.completed_at <= :to
          ORDER BY j.completed_at, j.id`,
      ),
      // The ledger with the rolled-up calls of courses removed for good (by the hour they were made in).
      totals: db.prepare<{ since: string; until: string }, Totals>(
        `SELECT ${LEDGER_SUMS}, COALESCE(SUM(CASE WHEN error_kind = 'rate_limit' THEN calls ELSE 0 END), 0) AS rate_limited
         FROM ${ledgerRows({ since: true, until: true })}`,
      ),
      insert: db.prepare(`INSERT INTO run_reports (started_at, ended_at, source, report_json) VALUES (?, ?, ?, ?)`),
      latest: db.prepare<[], { id: number; started_at: string; ended_at: string; source: 'app' | 'cli'; report_json: string }>(
        `SELECT * FROM run_reports ORDER BY ended_at DESC, id DESC LIMIT 1`,
      ),
    };
  }

  /** The stored figures of a run from `from` to `to` (ISO): jobs that ended in it and the calls made in it. */
  measure(from: string, to: string): Pick<RunReportDraft, 'completed' | 'failed' | 'rateLimited' | 'calls' | 'usage' | 'costUsd' | 'savedUsd'> {
    const finished = this.stmts.finished.all({ from, to });
    const t = this.stmts.totals.get({ since: from, until: to })!;
    return {
      completed: finished.filter((j) => j.status === 'completed').map((j) => ({ jobId: j.id, courseTitle: j.title })),
      failed: finished
        .filter((j) => j.status === 'failed')
        .map((j) => ({ jobId: j.id, courseTitle: j.title, reason: j.error ?? 'Failed', step: j.step })),
      rateLimited: t.rate_limited,
      calls: t.calls,
      usage: { input: t.input, output: t.output, cacheRead: t.cache_read, cacheWrite: t.cache_write },
      costUsd: t.cost,
      savedUsd: t.saved,
    };
  }

  insert(report: RunReportDraft): RunReport {
    const { source, startedAt, endedAt, ...figures } = report;
    const id = Number(this.stmts.insert.run(startedAt, endedAt, source, JSON.stringify(figures)).lastInsertRowid);
    return { id, ...report };
  }

  /** The last run's report; null when there is none (or its row cannot be read). */
  latest(): RunReport | null {
    const row = this.stmts.latest.get();
    if (!row) return null;
    let figures;
    try {
      figures = storedReport.parse(JSON.parse(row.report_json));
    } catch {
      return null;
    }
    return { id: row.id, source: row.source, startedAt: row.started_at, endedAt: row.ended_at, ...figures, failed: figures.failed.map((f) => ({ ...f, step: f.step as JobStep | null })) };
  }
}
