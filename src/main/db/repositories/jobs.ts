// Generation jobs and their leases. A runner owns a job only while it holds an unexpired
// lease (owner + expiry, renewed by heartbeat); every write a runner makes for a job goes
// through `assertLease` inside the same transaction, so a runner that lost its lease (it
// slept, or was presumed dead) can never write over the one that took over.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AutoExport, AutoExportResult } from '../../../shared/course-export';
import type { JobStatus, JobStep, JobSummary } from '../../../shared/domain';
import type { FailureCause } from '../../../shared/failure-causes';
import { LeaseLostError } from '../errors';
import { parseJson, toJson } from '../json';

export interface JobRow {
  id: string;
  course_id: string;
  status: JobStatus;
  current_step: JobStep | null;
  current_item: string | null;
  items_completed: number;
  items_total: number;
  error_message: string | null;
  failed_step: JobStep | null;
  retry_count: number;
  auto_publish: number;
  priority: number;
  run_after: number | null;
  cancel_requested: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  stepwise: number;
  run_ms: number;
  run_started_at: number | null;
  auto_retries: number;
  retry_reason: string | null;
  economy: number;
  queue_group: string | null;
  auto_export_json: string | null;
  export_state: AutoExportResult['state'] | null;
  export_result_json: string | null;
  failure_cause: FailureCause | null;
}

interface SummaryRow extends JobRow {
  course_title: string | null;
  review_step: 'lessons' | 'tasks' | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number;
  calls: number;
  saved_usd: number;
  waiting_in_batch: string | null;
}

export interface EnqueueOptions {
  autoPublish?: boolean;
  priority?: number;
  /** Epoch ms before which the job must not start (overnight batches). */
  runAfter?: number | null;
  /** Pause after each step for review (the wizard's "Generate manually"). */
  stepwise?: boolean;
  /** Through the Message Batches API at half price. */
  economy?: boolean;
  /** The jobs queued together (a queue_groups row), for a per-batch budget. */
  queueGroup?: string | null;
  /** Write the course into a folder when the job completes. */
  autoExport?: AutoExport | null;
}

export interface JobListQuery {
  statuses?: readonly JobStatus[];
  search?: string;
  /** Only these jobs (those that exist). */
  ids?: readonly string[];
  limit?: number;
  /** Keyset paging in list order (newest first): only jobs after this one. */
  after?: JobCursor;
}

/** A position in list order: stable while jobs are added (at the top) or deleted. */
export interface JobCursor {
  createdAt: string;
  id: string;
}

export interface ProgressUpdate {
  status?: JobStatus;
  currentStep?: JobStep | null;
  currentItem?: string | null;
  itemsCompleted?: number;
  itemsTotal?: number;
}

const CLAIMABLE = `status IN ('queued','generating_lessons','generating_tasks','finalizing')`;

/**
 * The next job to claim (exported so a test can check its query plan). A lease that looks
 * expired may still be ours and running — after a sleep or a clock jump our own heartbeat
 * has not caught up yet — so the caller names the jobs it runs (`:running`, a JSON array).
 */
export const NEXT_CLAIMABLE_SQL = `SELECT id FROM jobs INDEXED BY jobs_claimable
  WHERE ${CLAIMABLE} AND (lease_owner IS NULL OR lease_expires_at <= :now OR lease_owner = :owner)
    AND (run_after IS NULL OR run_after <= :now)
    AND id NOT IN (SELECT value FROM json_each(:running))
    AND (:economy IS NULL OR economy = :economy)
  ORDER BY priority DESC, created_at, id LIMIT 1`;

/**
 * The review a paused stepwise job waits for, from what is stored (the same rule as the
 * runner's dueReview in runner/review-point.ts); null when it was paused mid-step instead.
 * Only paused stepwise rows pay for the subqueries.
 */
const REVIEW_STEP = `CASE WHEN j.stepwise = 1 AND j.status = 'paused' AND c.summary_json IS NULL
    AND EXISTS (SELECT 1 FROM projects p WHERE p.course_id = j.course_id)
    AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.course_id = j.course_id AND NOT EXISTS (SELECT 1 FROM lessons l WHERE l.project_id = p.id))
  THEN CASE
    WHEN EXISTS (SELECT 1 FROM lessons l JOIN projects p ON p.id = l.project_id
                 WHERE p.course_id = j.course_id AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.lesson_id = l.id))
      THEN CASE WHEN j.current_step IN ('tasks', 'finalize', 'publish') THEN NULL ELSE 'lessons' END
    ELSE CASE WHEN j.current_step IN ('finalize', 'publish') THEN NULL ELSE 'tasks' END
  END END`;

const COURSE_TITLE = `COALESCE(json_extract(c.outline_json, '$.title'), json_extract(c.topic_json, '$.topic'))`;

/**
 * Summaries of the jobs `pageSql` selects (a query yielding `id`s, already filtered, ordered
 * and limited). The page is picked first and usage is summed only over its jobs' calls:
 * summing before the join made SQLite total every model call ever made for each read (about
 * 0.1 s of blocked main process with 10,000 finished jobs), and the title's JSON is parsed
 * only for rows that are returned.
 */
const summariesOf = (pageSql: string) => `
  WITH page AS (${pageSql})
  SELECT j.*,
    ${COURSE_TITLE} AS course_title,
    ${REVIEW_STEP} AS review_step,
    COALESCE(SUM(m.input_tokens), 0) AS input_tokens, COALESCE(SUM(m.output_tokens), 0) AS output_tokens,
    COALESCE(SUM(m.cache_read_tokens), 0) AS cache_read_tokens, COALESCE(SUM(m.cache_write_tokens), 0) AS cache_write_tokens,
    COALESCE(SUM(m.cost_usd), 0) AS cost_usd, COUNT(m.job_id) AS calls,
    -- A batch call is billed at half the standard price: what it saved equals its cost.
    COALESCE(SUM(CASE WHEN m.service_tier = 'batch' THEN m.cost_usd ELSE 0 END), 0) AS saved_usd,
    CASE WHEN j.economy = 1 THEN (SELECT u.batch_id FROM economy_units u JOIN economy_batches b ON b.id = u.batch_id
      WHERE u.job_id = j.id AND u.state = 'waiting' AND b.state IN ('intent', 'submitted', 'ended') ORDER BY u.created_at DESC LIMIT 1) END AS waiting_in_batch
  FROM page p
  JOIN jobs j ON j.id = p.id
  JOIN courses c ON c.id = j.course_id
  LEFT JOIN model_calls m ON m.job_id = j.id
  GROUP BY j.id
  ORDER BY j.created_at DESC, j.id`;

/** The open running stretch's length if it ends at `end` (never negative: the clock may have been set back). */
const CLOSE_STRETCH_AT = (end: string) => `CASE WHEN run_started_at IS NULL THEN 0 ELSE MAX(0, ${end} - run_started_at) END`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The job's auto-export as asked for, or null. */
export function autoExportOf(row: Pick<JobRow, 'auto_export_json'>): AutoExport | null {
  return parseJson<AutoExport>(row.auto_export_json, 'jobs.auto_export_json');
}

/**
 * What the auto-export did: while pending, only the folder is known; afterwards the stored
 * outcome. The state column decides, so a pending export never shows an earlier run's files.
 */
export function autoExportResultOf(row: Pick<JobRow, 'auto_export_json' | 'export_state' | 'export_result_json'>): AutoExportResult | null {
  if (row.export_state === null) return null;
  if (row.export_state === 'pending') {
    return { state: 'pending', folder: autoExportOf(row)?.folder ?? '', at: null, files: [], failures: [] };
  }
  return parseJson<AutoExportResult>(row.export_result_json, 'jobs.export_result_json');
}

function toSummary(r: SummaryRow): JobSummary {
  return {
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.course_title ?? '(untitled)',
    status: r.status,
    currentStep: r.current_step,
    currentItem: r.current_item,
    itemsCompleted: r.items_completed,
    itemsTotal: r.items_total,
    errorMessage: r.error_message,
    failedStep: r.failed_step,
    failureCause: r.status === 'cancelled' ? 'cancelled' : r.status === 'failed' ? (r.failure_cause ?? 'other') : null,
    retryCount: r.retry_count,
    autoPublish: r.auto_publish === 1,
    stepwise: r.stepwise === 1,
    priority: r.priority,
    runAfter: iso(r.run_after),
    createdAt: r.created_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    activeMs: r.run_ms,
    runningSince: iso(r.run_started_at),
    reviewStep: r.review_step,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: iso(r.lease_expires_at),
    usage: { input: r.input_tokens, output: r.output_tokens, cacheRead: r.cache_read_tokens, cacheWrite: r.cache_write_tokens },
    costUsd: r.cost_usd,
    calls: r.calls,
    autoRetries: r.auto_retries,
    retryReason: r.retry_reason,
    economy: r.economy === 1,
    waitingInBatch: r.waiting_in_batch,
    savedUsd: r.saved_usd,
    queueGroup: r.queue_group,
    autoExport: autoExportOf(r),
    autoExportResult: autoExportResultOf(r),
  };
}

export class JobRepository {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    private readonly clockMs: () => number,
  ) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO jobs (id, course_id, status, auto_publish, priority, run_after, stepwise, created_at, economy, queue_group, auto_export_json)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare<[string], JobRow>(`SELECT * FROM jobs WHERE id = ?`),
      byCourse: db.prepare<[string], JobRow>(`SELECT * FROM jobs WHERE course_id = ?`),
      summary: db.prepare<{ id: string }, SummaryRow>(summariesOf(`SELECT :id AS id`)),
      nextClaimable: db.prepare<{ now: number; owner: string; running: string; economy: number | null }, { id: string }>(NEXT_CLAIMABLE_SQL),
      nextRunAfter: db.prepare<[], { run_after: number | null }>(
        `SELECT MIN(run_after) AS run_after FROM jobs WHERE ${CLAIMABLE} AND run_after IS NOT NULL`,
      ),
      // A stretch still open here was cut short by a crash: it is closed at the old lease's
      // last renewal (its expiry less one lease), the last moment the job is known to have run.
      take: db.prepare(
        `UPDATE jobs SET lease_owner = :owner, lease_expires_at = :expires, started_at = COALESCE(started_at, :startedAt),
           run_ms = run_ms + ${CLOSE_STRETCH_AT('MIN(:now, COALESCE(lease_expires_at - :leaseMs, :now))')}, run_started_at = :now
         WHERE id = :id`,
      ),
      renew: db.prepare(
        `UPDATE jobs SET lease_expires_at = :expires WHERE id = :id AND lease_owner = :owner`,
      ),
      owner: db.prepare<[string], { lease_owner: string | null; cancel_requested: number; status: JobStatus }>(
        `SELECT lease_owner, cancel_requested, status FROM jobs WHERE id = ?`,
      ),
      finish: db.prepare(
        `UPDATE jobs SET status = :status, error_message = :error, failed_step = :failedStep, failure_cause = :cause, current_item = NULL,
           completed_at = :completedAt, lease_owner = NULL, lease_expires_at = NULL, cancel_requested = 0,
           run_ms = run_ms + ${CLOSE_STRETCH_AT(':now')}, run_started_at = NULL
         WHERE id = :id`,
      ),
      release: db.prepare(
        `UPDATE jobs SET status = COALESCE(:status, status), lease_owner = NULL, lease_expires_at = NULL, current_item = NULL,
           run_ms = run_ms + ${CLOSE_STRETCH_AT(':now')}, run_started_at = NULL
         WHERE id = :id AND lease_owner = :owner`,
      ),
      requestCancel: db.prepare(`UPDATE jobs SET cancel_requested = 1 WHERE id = ?`),
      // A person's Retry starts the automatic count afresh, and a job waiting for an
      // automatic retry goes now.
      retry: db.prepare(
        `UPDATE jobs SET status = 'queued', error_message = NULL, failure_cause = NULL, retry_count = retry_count + 1, completed_at = NULL,
           cancel_requested = 0, lease_owner = NULL, lease_expires_at = NULL, auto_retries = 0, retry_reason = NULL,
           run_after = CASE WHEN auto_retries > 0 THEN NULL ELSE run_after END
         WHERE id = ?`,
      ),
      scheduleRetry: db.prepare(
        `UPDATE jobs SET status = 'queued', run_after = :runAfter, auto_retries = auto_retries + 1, retry_reason = :reason,
           failed_step = :failedStep, current_item = NULL, lease_owner = NULL, lease_expires_at = NULL,
           run_ms = run_ms + ${CLOSE_STRETCH_AT(':now')}, run_started_at = NULL
         WHERE id = :id AND lease_owner = :owner`,
      ),
      retriesScheduled: db.prepare<{ now: number }, { n: number; next: number | null }>(
        `SELECT COUNT(*) AS n, MIN(run_after) AS next FROM jobs
           WHERE status = 'queued' AND auto_retries > 0 AND run_after > :now`,
      ),
      delete: db.prepare(`DELETE FROM jobs WHERE id = ?`),
      leasesOwnedBy: db.prepare<[string], { id: string; lease_owner: string }>(
        `SELECT id, lease_owner FROM jobs WHERE lease_owner LIKE ? ESCAPE '\\'`,
      ),
      expireLease: db.prepare(`UPDATE jobs SET lease_expires_at = 0 WHERE id = ? AND lease_owner = ?`),
      pauseQueued: db.prepare(`UPDATE jobs SET status = 'paused' WHERE id = ? AND status = 'queued'`),
      unpause: db.prepare(`UPDATE jobs SET status = 'queued', current_step = COALESCE(?, current_step) WHERE id = ? AND status = 'paused'`),
      setPriority: db.prepare(`UPDATE jobs SET priority = ? WHERE id = ?`),
      pendingWork: db.prepare<{ now: number; owner: string; running: string }, { n: number }>(
        `SELECT COUNT(*) AS n FROM jobs WHERE ${CLAIMABLE}
           AND (lease_owner IS NULL OR lease_expires_at <= :now OR lease_owner = :owner)
           AND id NOT IN (SELECT value FROM json_each(:running))`,
      ),
      unpauseAll: db.prepare(`UPDATE jobs SET status = 'queued' WHERE status = 'paused'`),
      counts: db.prepare<[], { status: JobStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status`),
      exportPending: db.prepare(`UPDATE jobs SET export_state = 'pending' WHERE id = ? AND auto_export_json IS NOT NULL`),
      exportResult: db.prepare(`UPDATE jobs SET export_state = :state, export_result_json = :result WHERE id = :id`),
      pendingExports: db.prepare<[], { id: string }>(`SELECT id FROM jobs WHERE export_state = 'pending' AND status = 'completed' ORDER BY completed_at, id`),
    };
  }

  enqueue(courseId: string, options: EnqueueOptions = {}): JobRow {
    const id = randomUUID();
    this.stmts.insert.run(
      id,
      courseId,
      options.autoPublish ? 1 : 0,
      options.priority ?? 0,
      options.runAfter ?? null,
      options.stepwise ? 1 : 0,
      new Date(this.clockMs()).toISOString(),
      options.economy ? 1 : 0,
      options.queueGroup ?? null,
      options.autoExport ? toJson(options.autoExport) : null,
    );
    return this.get(id)!;
  }

  get(id: string): JobRow | null {
    return this.stmts.get.get(id) ?? null;
  }

  byCourse(courseId: string): JobRow | null {
    return this.stmts.byCourse.get(courseId) ?? null;
  }

  summary(id: string): JobSummary | null {
    const row = this.stmts.summary.get({ id });
    return row ? toSummary(row) : null;
  }

  list(query: JobListQuery = {}): JobSummary[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.statuses && query.statuses.length > 0) {
      where.push(`j.status IN (${query.statuses.map((_, i) => `:s${i}`).join(',')})`);
      query.statuses.forEach((s, i) => (params[`s${i}`] = s));
    }
    if (query.search && query.search.trim() !== '') {
      where.push(`${COURSE_TITLE} LIKE :search ESCAPE '\\'`);
      params.search = `%${query.search.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    }
    if (query.ids) {
      where.push(`j.id IN (SELECT value FROM json_each(:ids))`);
      params.ids = JSON.stringify(query.ids);
    }
    if (query.after) {
      where.push(`(j.created_at < :afterCreated OR (j.created_at = :afterCreated AND j.id > :afterId))`);
      params.afterCreated = query.after.createdAt;
      params.afterId = query.after.id;
    }
    // A literal, not a bound parameter: with the limit known when the statement is prepared,
    // the first page of 100 out of 10,000 jobs is read in a quarter of the time (2.6 ms, not 11).
    const limit = query.limit === undefined ? -1 : Math.max(0, Math.trunc(query.limit));
    const page = `SELECT j.id FROM jobs j JOIN courses c ON c.id = j.course_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY j.created_at DESC, j.id LIMIT ${limit}`;
    return (this.db.prepare(summariesOf(page)).all(params) as SummaryRow[]).map(toSummary);
  }

  counts(): Partial<Record<JobStatus, number>> {
    return Object.fromEntries(this.stmts.counts.all().map((r) => [r.status, r.n]));
  }

  /**
   * Atomically takes the best runnable job whose lease is free, expired, or left by this
   * owner, skipping the jobs this owner is running (`running`). BEGIN IMMEDIATE takes
   * SQLite's write lock before reading, so two processes cannot pick the same row.
   */
  /** `economy`: only economy jobs (true), only live ones (false), or either (absent). */
  claim(owner: string, leaseMs: number, running: readonly string[] = [], economy?: boolean): JobRow | null {
    return this.db
      .transaction(() => {
        const now = this.clockMs();
        const next = this.stmts.nextClaimable.get({ now, owner, running: JSON.stringify(running), economy: economy === undefined ? null : economy ? 1 : 0 });
        if (!next) return null;
        this.stmts.take.run({ id: next.id, owner, now, leaseMs, expires: now + leaseMs, startedAt: new Date(now).toISOString() });
        return this.get(next.id);
      })
      .immediate();
  }

  /**
   * Whether any runnable job (now or scheduled for later) is not held by another owner's
   * live lease and is not one `owner` is running: work this runner could still do.
   */
  hasPendingWork(owner = '', running: readonly string[] = []): boolean {
    return this.stmts.pendingWork.get({ now: this.clockMs(), owner, running: JSON.stringify(running) })!.n > 0;
  }

  /** Epoch ms of the earliest scheduled start among waiting jobs, for the runner's timer. */
  nextRunAfter(): number | null {
    return this.stmts.nextRunAfter.get()?.run_after ?? null;
  }

  /** Extends the lease; false when this owner no longer holds it. Also reports a cancel asked for by another process. */
  renew(id: string, owner: string, leaseMs: number): { held: boolean; cancelRequested: boolean } {
    const changes = this.stmts.renew.run({ id, owner, expires: this.clockMs() + leaseMs }).changes;
    const row = this.stmts.owner.get(id);
    return { held: changes === 1, cancelRequested: row?.cancel_requested === 1 };
  }

  /** Call inside a transaction before writing anything for a job. */
  assertLease(id: string, owner: string): void {
    const row = this.stmts.owner.get(id);
    if (!row || row.lease_owner !== owner) throw new LeaseLostError(id);
  }

  updateProgress(id: string, owner: string, update: ProgressUpdate): void {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id, owner };
    const columns: Record<keyof ProgressUpdate, string> = {
      status: 'status',
      currentStep: 'current_step',
      currentItem: 'current_item',
      itemsCompleted: 'items_completed',
      itemsTotal: 'items_total',
    };
    for (const [key, column] of Object.entries(columns) as [keyof ProgressUpdate, string][]) {
      if (update[key] !== undefined) {
        sets.push(`${column} = :${key}`);
        params[key] = update[key];
      }
    }
    if (sets.length === 0) return;
    const changes = this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = :id AND lease_owner = :owner`).run(params).changes;
    if (changes !== 1) throw new LeaseLostError(id);
  }

  /** Ends a job for good (completed, failed, cancelled) and drops the lease. A failure without a cause counts as 'other'. */
  finish(
    id: string,
    status: 'completed' | 'failed' | 'cancelled',
    error: string | null = null,
    failedStep: JobStep | null = null,
    cause: Exclude<FailureCause, 'cancelled'> | null = null,
  ): void {
    const now = this.clockMs();
    const failureCause = status === 'failed' ? (cause ?? 'other') : null;
    this.stmts.finish.run({ id, status, error, failedStep, cause: failureCause, now, completedAt: new Date(now).toISOString() });
  }

  /** Gives the lease back, keeping the job resumable (shutdown, pause). */
  release(id: string, owner: string, status: JobStatus | null = null): boolean {
    return this.stmts.release.run({ id, owner, status, now: this.clockMs() }).changes === 1;
  }

  /** In the transaction that completes the job: its files are to be written (a job without an auto-export is left alone). */
  markExportPending(id: string): void {
    this.stmts.exportPending.run(id);
  }

  /** The auto-export's outcome, once its files are written (or could not be). */
  setExportResult(id: string, result: AutoExportResult): void {
    this.stmts.exportResult.run({ id, state: result.state, result: toJson(result) });
  }

  /** Completed jobs whose files are still to be written: a process stopped between the two. */
  pendingExports(): string[] {
    return this.stmts.pendingExports.all().map((r) => r.id);
  }

  requestCancel(id: string): void {
    this.stmts.requestCancel.run(id);
  }

  retry(id: string): void {
    this.stmts.retry.run(id);
  }

  /**
   * Queues a job that failed on a transient cause again by itself, at `runAfter`, from the
   * step that failed. False when this owner no longer holds it.
   */
  scheduleRetry(id: string, owner: string, runAfter: number, reason: string, failedStep: JobStep | null): boolean {
    return this.stmts.scheduleRetry.run({ id, owner, runAfter, reason, failedStep, now: this.clockMs() }).changes === 1;
  }

  /** Jobs waiting for an automatic retry, and when the first of them goes. */
  retriesScheduled(): { count: number; next: number | null } {
    const row = this.stmts.retriesScheduled.get({ now: this.clockMs() })!;
    return { count: row.n, next: row.next };
  }

  delete(id: string): void {
    this.stmts.delete.run(id);
  }

  pauseQueued(id: string): boolean {
    return this.stmts.pauseQueued.run(id).changes === 1;
  }

  /** Puts a paused job back in the queue; `currentStep`, if given, is the step it continues at. */
  unpause(id: string, currentStep: JobStep | null = null): boolean {
    return this.stmts.unpause.run(currentStep, id).changes === 1;
  }

  setPriority(id: string, priority: number): void {
    this.stmts.setPriority.run(priority, id);
  }

  /**
   * Leases held by owners whose id starts with `prefix` (this machine). The runner expires
   * those whose process is gone, so a crash on this machine resumes at the next start
   * instead of after the lease runs out.
   */
  leasesWithOwnerPrefix(prefix: string): { id: string; owner: string }[] {
    const pattern = `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return this.stmts.leasesOwnedBy.all(pattern).map((r) => ({ id: r.id, owner: r.lease_owner }));
  }

  expireLease(id: string, owner: string): void {
    this.stmts.expireLease.run(id, owner);
  }
}
