// The crash-safe record of economy batches (runner/batches.ts). A batch is written with its
// units, as an intent, before `create` is sent; its API id right after. Units are matched to
// the jobs' calls by `unit_key` (job, step, item), and to result lines by `custom_id`.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { EconomyBatchView } from '../../../shared/economy';

export type BatchState = EconomyBatchView['state'];
export type UnitState = 'waiting' | 'handed' | 'discarded';

export interface BatchRow {
  id: string;
  prefix: string;
  api_batch_id: string | null;
  state: BatchState;
  request_count: number;
  intent_at: string;
  submitted_at: string | null;
  ended_at: string | null;
  expires_at: string | null;
  processing_status: string | null;
  counts_json: string | null;
  error: string | null;
}

export interface UnitRow {
  custom_id: string;
  batch_id: string;
  job_id: string | null;
  unit_key: string;
  state: UnitState;
  result_type: string | null;
  created_at: string;
}

export interface NewUnit {
  customId: string;
  jobId: string;
  unitKey: string;
}

const countsSchema = z.object({
  processing: z.number(),
  succeeded: z.number(),
  errored: z.number(),
  canceled: z.number(),
  expired: z.number(),
});

export class EconomyBatchRepository {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      insertBatch: db.prepare(
        `INSERT INTO economy_batches (id, prefix, state, request_count, intent_at) VALUES (@id, @prefix, 'intent', @count, @at)`,
      ),
      insertUnit: db.prepare(
        `INSERT INTO economy_units (custom_id, batch_id, job_id, unit_key, state, created_at) VALUES (@customId, @batchId, @jobId, @unitKey, 'waiting', @at)`,
      ),
      submitted: db.prepare(
        `UPDATE economy_batches SET api_batch_id = @apiId, state = 'submitted', submitted_at = @at, expires_at = @expiresAt,
           processing_status = @status, counts_json = @counts WHERE id = @id`,
      ),
      progress: db.prepare(`UPDATE economy_batches SET processing_status = @status, counts_json = @counts WHERE id = @id`),
      ended: db.prepare(
        `UPDATE economy_batches SET state = 'ended', ended_at = @at, processing_status = 'ended', counts_json = @counts WHERE id = @id AND state IN ('intent', 'submitted')`,
      ),
      setState: db.prepare(`UPDATE economy_batches SET state = @state, error = COALESCE(@error, error) WHERE id = @id`),
      get: db.prepare<[string], BatchRow>(`SELECT * FROM economy_batches WHERE id = ?`),
      byState: db.prepare<[string], BatchRow>(`SELECT * FROM economy_batches WHERE state = ? ORDER BY intent_at, id`),
      knownApiIds: db.prepare<[], { api_batch_id: string }>(`SELECT api_batch_id FROM economy_batches WHERE api_batch_id IS NOT NULL`),
      units: db.prepare<[string], UnitRow>(`SELECT * FROM economy_units WHERE batch_id = ? ORDER BY custom_id`),
      unit: db.prepare<[string], UnitRow>(`SELECT * FROM economy_units WHERE custom_id = ?`),
      latestForUnit: db.prepare<[string], UnitRow & { batch_state: BatchState }>(
        `SELECT u.*, b.state AS batch_state FROM economy_units u JOIN economy_batches b ON b.id = u.batch_id
          WHERE u.unit_key = ? ORDER BY u.created_at DESC, u.rowid DESC LIMIT 1`,
      ),
      setUnit: db.prepare(`UPDATE economy_units SET state = @state, result_type = COALESCE(@resultType, result_type) WHERE custom_id = @customId`),
      discardJob: db.prepare(`UPDATE economy_units SET state = 'discarded' WHERE job_id = ? AND state = 'waiting'`),
      openUnits: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM economy_units WHERE batch_id = ? AND state = 'waiting'`),
      list: db.prepare<[number], BatchRow & { job_ids: string }>(
        `SELECT b.*, (SELECT json_group_array(DISTINCT u.job_id) FROM economy_units u WHERE u.batch_id = b.id AND u.job_id IS NOT NULL) AS job_ids
           FROM economy_batches b ORDER BY b.intent_at DESC, b.id DESC LIMIT ?`,
      ),
    };
  }

  /** The intent: the batch and its units, in one transaction, before anything is sent. */
  insertIntent(batch: { id: string; prefix: string; at: string }, units: readonly NewUnit[]): void {
    this.db.transaction(() => {
      this.stmts.insertBatch.run({ id: batch.id, prefix: batch.prefix, count: units.length, at: batch.at });
      for (const u of units) this.stmts.insertUnit.run({ ...u, batchId: batch.id, at: batch.at });
    })();
  }

  markSubmitted(id: string, apiId: string, at: string, expiresAt: string | null, status: string, counts: unknown): void {
    this.stmts.submitted.run({ id, apiId, at, expiresAt, status, counts: JSON.stringify(counts ?? null) });
  }

  markProgress(id: string, status: string, counts: unknown): void {
    this.stmts.progress.run({ id, status, counts: JSON.stringify(counts ?? null) });
  }

  markEnded(id: string, at: string, counts: unknown): void {
    this.stmts.ended.run({ id, at, counts: JSON.stringify(counts ?? null) });
  }

  setState(id: string, state: BatchState, error: string | null = null): void {
    this.stmts.setState.run({ id, state, error });
  }

  get(id: string): BatchRow | null {
    return this.stmts.get.get(id) ?? null;
  }

  withState(state: BatchState): BatchRow[] {
    return this.stmts.byState.all(state);
  }

  knownApiIds(): Set<string> {
    return new Set(this.stmts.knownApiIds.all().map((r) => r.api_batch_id));
  }

  units(batchId: string): UnitRow[] {
    return this.stmts.units.all(batchId);
  }

  unit(customId: string): UnitRow | null {
    return this.stmts.unit.get(customId) ?? null;
  }

  /** The newest request made for a unit (its latest attempt), with its batch's state. */
  latestForUnit(unitKey: string): (UnitRow & { batch_state: BatchState }) | null {
    return this.stmts.latestForUnit.get(unitKey) ?? null;
  }

  setUnit(customId: string, state: UnitState, resultType: string | null = null): void {
    this.stmts.setUnit.run({ customId, state, resultType });
  }

  /** A cancelled or deleted job: its waiting units' answers will not be committed. */
  discardJob(jobId: string): void {
    this.stmts.discardJob.run(jobId);
  }

  openUnits(batchId: string): number {
    return this.stmts.openUnits.get(batchId)!.n;
  }

  list(limit = 200): EconomyBatchView[] {
    return this.stmts.list.all(limit).map((r) => ({
      id: r.id,
      apiBatchId: r.api_batch_id,
      state: r.state,
      requests: r.request_count,
      processingStatus: r.processing_status,
      counts: parseCounts(r.counts_json),
      createdAt: r.submitted_at ?? r.intent_at,
      endsBy: r.expires_at,
      endedAt: r.ended_at,
      jobIds: (JSON.parse(r.job_ids) as (string | null)[]).filter((j): j is string => j !== null),
      error: r.error,
    }));
  }
}

function parseCounts(json: string | null): EconomyBatchView['counts'] {
  if (!json) return null;
  try {
    const parsed = countsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
