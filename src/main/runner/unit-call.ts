// One unit's model call and its commit: everything the live and the economy path share for
// a unit. The gateway (ai/gateway.ts) picks the transport per call — live (request slots,
// provider health) or, for an economy job's unit carrying its routing key, a Message Batch
// (transports/batch.ts) — under the same retries, validation and repair. So nothing here
// asks which transport ran: the drain check, the budget reservation, the ledger's rows and
// the commit of the unit with its call in one transaction are the same for both, and the
// steps that decide which units exist (job-execution.ts) are written once.
import type { JobStep } from '../../shared/domain';
import { isAbortError } from '../ai/clock';
import type { CallAttemptRecord } from '../ai/structured-call';
import { LeaseLostError, isBusyError, isDiskFullError } from '../db/errors';
import { attemptRecord, unstoredAnswerRecord, type CallUnit, type ModelCallRecord } from '../db/repositories/model-calls';
import type { UnitHooks } from '../generation/units';
import type { Reservation } from './budget';
import { DrainSignal, UnitError, findCause } from './job-errors';
import type { JobRun } from './job-run';

/**
 * A unit's write waiting on another process's lock (each try already waits the busy
 * timeout) is tried this many times, a little apart, before the job is given back.
 */
const LOCKED_WRITE_TRIES = 4;
const LOCKED_WRITE_PAUSE_MS = 100;

/** A unit's validated answer and the call that produced it, waiting to be stored. */
export interface UnitAnswer<T> {
  value: T;
  unit: CallUnit;
  success: CallAttemptRecord | null;
  /** The budget reservation of the successful attempt, released once its cost is stored. */
  reservation?: Reservation | null;
}

/**
 * One model call for one unit, with its accounting, retries logged, and the drain check.
 * Failed attempts are recorded at once; the successful one only by `storeUnit`, inside
 * the transaction that stores the unit, so the ledger's "successful call" always means
 * "stored": a crash between the answer and the commit leaves neither, and the unit's
 * regeneration after a restart is not a repeated completed call.
 */
export async function callUnit<T>(
  job: JobRun,
  step: JobStep,
  itemKey: string,
  label: string,
  call: (h: UnitHooks) => Promise<T>,
): Promise<UnitAnswer<T>> {
  const { store } = job.deps;
  const unit: CallUnit = { jobId: job.jobId, courseId: job.courseId, step, itemKey };
  let announced = false;
  let success: CallAttemptRecord | null = null;
  let reservation: Reservation | null = null;
  const hooks: UnitHooks = {
    signal: job.abort.signal,
    drain: job.drain.signal,
    waitWhileBlocked: true,
    // The unit's key outlives this run: a restarted job's call finds its request by it.
    ...(job.economy ? { economy: { jobId: job.jobId, unitKey: `${job.jobId}/${step}/${itemKey}` } } : {}),
    beforeSend: () => {
      if (job.draining) throw new DrainSignal();
      reservation = reserve(job, step, reservation);
      if (!announced) {
        announced = true;
        try {
          job.write(() => store.jobs.updateProgress(job.jobId, job.deps.owner, { currentStep: step, currentItem: label }));
        } catch (error) {
          // Only the label of what runs: a database another process keeps locked must not
          // stop the call. A lost lease or a full disk still does.
          if (!isBusyError(error)) throw error;
        }
        job.deps.emit({ type: 'item.started', jobId: job.jobId, step, item: itemKey });
      }
    },
    onAttempt: (rec: CallAttemptRecord) => {
      if (rec.outcome === 'ok') success = rec;
      else recordCall(job, attemptRecord(unit, rec));
      // A failed attempt's cost is in the ledger now; a retry reserves again.
      if (rec.outcome !== 'ok') reservation = reserve(job, null, reservation);
    },
    onRetry: ({ attempt, delayMs, error, held }) => {
      job.deps.emit({ type: 'job.retrying', jobId: job.jobId, attempt, delayMs, reason: error.message });
      if (held) {
        // A 429 or the provider's outage: the call waits with every other and goes again; it
        // spends none of its retries (the outage itself is logged once per job by the runner).
        job.log('info', `${label} waits and is sent again, not counted as a retry: ${error.message}`, { step, item: itemKey, kind: error.kind, held: true });
        return;
      }
      job.log('warning', `Retrying ${label} in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1}): ${error.message}`, {
        step,
        item: itemKey,
        kind: error.kind,
      });
    },
  };
  try {
    const value = await call(hooks);
    return { value, unit, success, reservation };
  } catch (error) {
    job.deps.budget?.release(reservation);
    const wrapped = new UnitError(step, itemKey, error);
    if (!findCause(error, (e) => e instanceof DrainSignal) && !isAbortError(error)) job.drainOnFailure(wrapped);
    throw wrapped;
  }
}

/**
 * Stores a unit with the call that produced it, in one transaction that checks the lease.
 * An answer that cannot be stored (the lease was lost, the job deleted, the database stayed
 * locked) was paid for all the same: its call is recorded on its own, and the error thrown.
 */
export async function storeUnit(job: JobRun, answer: UnitAnswer<unknown>, save: () => void): Promise<void> {
  const { store, owner } = job.deps;
  try {
    await writeWaitingForLock(job, () => {
      store.jobs.assertLease(job.jobId, owner);
      save();
      if (answer.success) store.calls.recordAttempt(answer.unit, answer.success);
    });
  } catch (error) {
    if (answer.success) recordCall(job, unstoredAnswerRecord(answer.unit, answer.success, whyNotStored(job, error)));
    throw error;
  } finally {
    job.deps.budget?.release(answer.reservation);
  }
}

/**
 * Releases the unit's previous reservation and, for an attempt about to be sent (`step`),
 * reserves its expected cost. Over a cap the runner pauses the queue (this job drains) and
 * the attempt is not sent: the job waits in the queue with everything stored kept.
 */
function reserve(job: JobRun, step: JobStep | null, previous: Reservation | null): Reservation | null {
  const budget = job.deps.budget;
  if (!budget) return null;
  budget.release(previous);
  if (step === null) return null;
  const check = budget.reserve(job.jobId, step);
  if (!check.ok) throw new DrainSignal();
  return check.reservation;
}

function whyNotStored(job: JobRun, error: unknown): string {
  if (error instanceof LeaseLostError) {
    return job.deps.store.jobs.get(job.jobId) ? 'another runner took the job over.' : 'the job was deleted while it ran.';
  }
  if (isBusyError(error)) return 'another process kept the database locked.';
  if (isDiskFullError(error)) return 'the disk is full.';
  return error instanceof Error ? error.message : String(error);
}

/** One call's row, in its own transaction; kept by the ledger until the store takes it if it cannot now. */
function recordCall(job: JobRun, rec: ModelCallRecord): void {
  job.deps.ledger.record(rec, (fn) => job.write(fn));
}

/**
 * A unit's write, tried again while another process (the app, the CLI) holds the database
 * locked: a wait, never a failure of the job. Given up after a few tries, the job stops
 * starting calls and is given back to be taken again (see job-outcome's settle). SQLITE_BUSY
 * comes from BEGIN IMMEDIATE, before `fn` runs, so a new try never repeats part of it.
 */
async function writeWaitingForLock(job: JobRun, fn: () => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return job.write(fn);
    } catch (error) {
      if (!isBusyError(error) || job.abort.signal.aborted) throw error;
      if (attempt >= LOCKED_WRITE_TRIES) {
        job.drainOnFailure(error);
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, LOCKED_WRITE_PAUSE_MS * attempt));
  }
}
