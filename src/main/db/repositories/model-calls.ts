// One row per model request attempt (successful or not): tokens, latency, cost, outcome.
// Costs are summed from here for jobs and courses, so a retried call is paid for once per attempt.
// Every attempt that reached the API is recorded, even one whose job (or course) was deleted
// meanwhile: it then counts for the course (or for nothing), as a deleted job's calls do.
import type { ServiceTier } from '../../../shared/economy';
import type Database from 'better-sqlite3';
import type { TokenUsage } from '../../../shared/domain';
import type { CallAttemptRecord } from '../../ai/structured-call';
import type { ProviderKind } from '../../ai/provider';
import { LEDGER_SUMS, ledgerRows } from '../ledger';

/** Which unit of which course (and job, for queued work) an attempt was for. */
export interface CallUnit {
  jobId: string | null;
  courseId: string;
  step: string;
  itemKey: string;
}

export interface ModelCallRecord {
  jobId: string | null;
  courseId: string | null;
  step: string;
  itemKey: string;
  attempt: number;
  /** Who served the call; absent: 'anthropic'. */
  provider?: ProviderKind;
  model: string;
  usage: TokenUsage;
  /** The tokens were counted from the text, not reported by the server. */
  usageEstimated?: boolean;
  latencyMs: number;
  costUsd: number;
  /** 'batch' calls are billed at half price (their cost is already at that price). */
  serviceTier: ServiceTier;
  outcome: 'ok' | 'error' | 'invalid_output' | 'aborted';
  errorKind: string | null;
  errorMessage: string | null;
  requestId: string | null;
  startedAt: string;
}

export interface UsageTotals {
  usage: TokenUsage;
  costUsd: number;
  calls: number;
  /** What batch-priced calls saved against standard prices: half price, so their cost. */
  savedUsd: number;
}

export class ModelCallRepository {
  private readonly insert;
  private readonly totalsByCourse;
  private readonly okCount;
  private readonly ledger;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens,
         cache_write_tokens, latency_ms, cost_usd, outcome, error_kind, error_message, request_id, started_at, ledger_key, service_tier,
         provider, usage_estimated)
       VALUES ((SELECT id FROM jobs WHERE id = @jobId), (SELECT id FROM courses WHERE id = @courseId), @step, @itemKey, @attempt, @model, @input, @output, @cacheRead, @cacheWrite, @latencyMs, @costUsd,
         @outcome, @errorKind, @errorMessage, @requestId, @startedAt, @ledgerKey, @serviceTier, @provider, @usageEstimated)
       ON CONFLICT (ledger_key) WHERE ledger_key IS NOT NULL DO NOTHING`,
    );
    this.totalsByCourse = db.prepare<[string], { i: number; o: number; cr: number; cw: number; cost: number; saved: number; n: number }>(
      `SELECT COALESCE(SUM(input_tokens),0) i, COALESCE(SUM(output_tokens),0) o, COALESCE(SUM(cache_read_tokens),0) cr,
         COALESCE(SUM(cache_write_tokens),0) cw, COALESCE(SUM(cost_usd),0) cost,
         COALESCE(SUM(CASE WHEN service_tier = 'batch' THEN cost_usd ELSE 0 END),0) saved, COUNT(*) n
       FROM model_calls WHERE course_id = ?`,
    );
    this.ledger = db.prepare<{ since: string | null }, { i: number; o: number; cr: number; cw: number; cost: number; saved: number; calls: number }>(
      `SELECT input i, output o, cache_read cr, cache_write cw, cost, saved, calls FROM (SELECT ${LEDGER_SUMS} FROM ${ledgerRows()}
         WHERE :since IS NULL OR hour >= substr(:since, 1, 13)) `,
    );
    this.okCount = db.prepare<[string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM model_calls WHERE course_id = ? AND step = ? AND item_key = ? AND outcome = 'ok'`,
    );
  }

  /**
   * `ledgerKey`: the row's key in the call journal (runner/call-ledger), for a row written
   * late; a row with a key already stored is skipped, so a journal replayed twice counts once.
   */
  record(rec: ModelCallRecord, ledgerKey: string | null = null): void {
    this.insert.run({
      ...rec,
      ledgerKey,
      provider: rec.provider ?? 'anthropic',
      usageEstimated: rec.usageEstimated ? 1 : 0,
      input: rec.usage.input,
      output: rec.usage.output,
      cacheRead: rec.usage.cacheRead,
      cacheWrite: rec.usage.cacheWrite,
      latencyMs: Math.round(rec.latencyMs),
    });
  }

  /** One attempt as the retry policy reports it (`onAttempt`), for the given unit. */
  recordAttempt(unit: CallUnit, rec: CallAttemptRecord): void {
    this.record(attemptRecord(unit, rec));
  }

  courseTotals(courseId: string): UsageTotals {
    const r = this.totalsByCourse.get(courseId)!;
    return { usage: { input: r.i, output: r.o, cacheRead: r.cr, cacheWrite: r.cw }, costUsd: r.cost, calls: r.n, savedUsd: r.saved };
  }

  /**
   * Every call ever recorded (`since`: from that hour on), those of courses removed for
   * good included: the same before and after any cleanup.
   */
  ledgerTotals(since: string | null = null): UsageTotals {
    const r = this.ledger.get({ since })!;
    return { usage: { input: r.i, output: r.o, cacheRead: r.cr, cacheWrite: r.cw }, costUsd: r.cost, calls: r.calls, savedUsd: r.saved };
  }

  /** How many successful calls produced this unit (used by tests and the soak to prove no repeats). */
  successfulCalls(courseId: string, step: string, itemKey: string): number {
    return this.okCount.get(courseId, step, itemKey)!.n;
  }
}

/** Said in the row of an attempt whose output tokens the API never reported (see ai/streamed-usage). */
export const ESTIMATED_OUTPUT_NOTE = 'Output tokens estimated from the answer received before the stream broke off.';

/** The row for one attempt as the retry policy reports it (`onAttempt`). */
export function attemptRecord(unit: CallUnit, rec: CallAttemptRecord): ModelCallRecord {
  // A failed Claude stream's estimate is worth a word in its row; a local server that
  // reports no usage is estimated every time, which the usage_estimated column says.
  const note = rec.usageEstimated && (rec.provider ?? 'anthropic') === 'anthropic' ? ESTIMATED_OUTPUT_NOTE : null;
  return {
    ...unit,
    attempt: rec.attempt,
    provider: rec.provider ?? 'anthropic',
    model: rec.model,
    usage: rec.usage,
    usageEstimated: rec.usageEstimated ?? false,
    latencyMs: rec.latencyMs,
    costUsd: rec.costUsd,
    serviceTier: rec.serviceTier,
    outcome: rec.outcome,
    errorKind: rec.errorKind,
    errorMessage: note && rec.errorMessage ? `${rec.errorMessage} ${note}` : (note ?? rec.errorMessage),
    requestId: rec.requestId,
    startedAt: new Date(rec.startedAt).toISOString(),
  };
}

/**
 * The row for a valid answer that was never stored (the job's lease was lost, the job was
 * deleted, the database stayed locked): paid for all the same. Not an `ok` row, because
 * `ok` means "this answer is what is stored", and the unit is generated again.
 */
export function unstoredAnswerRecord(unit: CallUnit, rec: CallAttemptRecord, reason: string): ModelCallRecord {
  return {
    ...attemptRecord(unit, rec),
    outcome: 'error',
    errorKind: 'not_stored',
    errorMessage: `The answer arrived but was not stored: ${reason}`,
  };
}
