// One run of a claimed job: the state its parts share — the steps (job-execution.ts), one
// unit's call and commit (unit-call.ts) and how the run ends (job-outcome.ts). It holds the
// job's ids and dependencies, the cancel and drain signals, why the run was asked to stop,
// the failure that started the drain, the progress counts, the lease heartbeat, and the
// one path for the job's writes and log lines. Nothing in it depends on the transport.
import { setMaxListeners } from 'node:events';
import type { LogLevel } from '../../shared/domain';
import type { RunnerEventBody } from '../../shared/events';
import type { ModelGateway } from '../ai/gateway';
import { isBusyError, isDiskFullError } from '../db/errors';
import type { JobRow } from '../db/repositories/jobs';
import type { Store } from '../db/store';
import type { BudgetGuard } from './budget';
import type { CallLedger } from './call-ledger';
import { DrainSignal } from './job-errors';

export type StopReason = 'cancel' | 'pause' | 'queue-pause' | 'shutdown' | 'lease-lost' | 'abandon';

export type ExecutionOutcome = 'completed' | 'failed' | 'retry-scheduled' | 'cancelled' | 'paused' | 'released' | 'lost' | 'disk-full';

export interface ExecutionDeps {
  store: Store;
  gateway: ModelGateway;
  emit: (event: RunnerEventBody) => void;
  owner: string;
  leaseMs: number;
  /** Where a paid-for call goes when the store cannot take it at once (locked, full). */
  ledger: CallLedger;
  /** Hook for the publishing outbox (issue: sync); default marks the course published. */
  publish?: (courseId: string) => void;
  /** Writes a completed job's auto-export files, if it has one pending (job-export.ts); never throws. */
  exportCompleted?: (jobId: string) => Promise<unknown>;
  /**
   * Delays before the 1st, 2nd and 3rd automatic retry of a job that failed on a transient
   * cause (the last repeats if shorter). Absent: no automatic retries.
   */
  autoRetryDelaysMs?: readonly number[];
  /** The spending caps: each attempt reserves its expected cost before it is sent (budget.ts). */
  budget?: BudgetGuard;
  /** A source material's stored bytes by hash, for a course that sends its PDFs as pages. */
  readMaterial?: (sha256: string) => Uint8Array;
}

export class JobRun {
  readonly jobId: string;
  readonly courseId: string;
  /** Its units go through the Message Batches API (the economy transport). */
  readonly economy: boolean;
  /** Reviewed step by step: it pauses after its lessons and after its tasks. */
  readonly stepwise: boolean;
  /** Aborts requests in flight: a cancel, a shutdown, a lost lease. */
  readonly abort = new AbortController();
  /**
   * Aborted once the job must start no new call (a failure, a pause): in-flight calls still
   * land and are kept; calls waiting (network, rate limit, back-off, key) stop at once.
   */
  readonly drain = new AbortController();
  stopReason: StopReason | null = null;
  /** The failure that started the drain; later units fail only because of the drain. */
  firstFailure: unknown = null;
  completed = 0;
  total = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly deps: ExecutionDeps,
    row: JobRow,
  ) {
    this.jobId = row.id;
    this.courseId = row.course_id;
    this.economy = row.economy === 1;
    this.stepwise = row.stepwise === 1;
    // Every overlapping unit listens for the job's cancel; dozens at once is expected, not a leak.
    setMaxListeners(0, this.abort.signal, this.drain.signal);
  }

  get draining(): boolean {
    return this.drain.signal.aborted;
  }

  /** Starts no new call from now on. */
  startDrain(): void {
    this.drain.abort(new DrainSignal());
  }

  /** Starts no new call because of `error`, which is what the run reports unless an earlier failure came first. */
  drainOnFailure(error: unknown): void {
    this.startDrain();
    this.firstFailure ??= error;
  }

  /** Asks the job to stop. Cancel, shutdown and a lost lease abort in-flight requests; pauses let them land. */
  stop(reason: StopReason): void {
    if (this.stopReason === null || reason === 'cancel' || reason === 'lease-lost' || reason === 'abandon') this.stopReason = reason;
    this.startDrain();
    if (reason !== 'pause' && reason !== 'queue-pause') this.abort.abort(reason);
  }

  /** Every write of this job. A full disk stops new calls at once; the runner pauses the queue. */
  write(fn: () => void): void {
    try {
      this.deps.store.write(fn);
    } catch (error) {
      if (isDiskFullError(error)) this.drainOnFailure(error);
      throw error;
    }
  }

  log(level: LogLevel, message: string, details: Record<string, unknown> | null = null): void {
    try {
      const entry = this.deps.store.logs.append(this.jobId, level, message, details);
      this.deps.emit({ type: 'log', jobId: this.jobId, entry });
    } catch (error) {
      // A full disk is reported once, through the queue state, and a lock held elsewhere
      // passes; anything else is a bug worth printing.
      if (!isDiskFullError(error) && !isBusyError(error)) console.error('could not write a job log line:', error);
    }
  }

  emitProgress(): void {
    const percent = this.total === 0 ? 0 : Math.round((this.completed / this.total) * 100);
    this.deps.emit({ type: 'progress', jobId: this.jobId, completed: this.completed, total: this.total, percent });
  }

  /** Renews the lease while the run lasts; a lease taken over or a cancel asked for elsewhere stops the job. */
  startHeartbeat(): void {
    const every = Math.max(50, Math.floor(this.deps.leaseMs / 3));
    this.heartbeat = setInterval(() => {
      try {
        const { held, cancelRequested } = this.deps.store.jobs.renew(this.jobId, this.deps.owner, this.deps.leaseMs);
        if (!held) this.stop('lease-lost');
        else if (cancelRequested) this.stop('cancel');
      } catch (error) {
        console.error('lease renewal failed for job', this.jobId, error);
      }
    }, every);
    this.heartbeat.unref?.();
  }

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }
}
