// How a run of a job ends, whichever transport its units took: completed (and published, its
// auto-export marked pending),
// or — from the error or the stop that ended it — cancelled, paused (by a person, for a
// stepwise review, for a full disk), given back (a queue pause, a shutdown, a database kept
// locked), lost with its lease, queued again for an automatic retry, or failed. The units
// already stored are always kept: only the job's and the course's rows change here.
import { MAX_AUTO_RETRIES, type JobStep } from '../../shared/domain';
import { failureCauseOf } from '../../shared/failure-causes';
import { ProviderError } from '../ai/provider';
import { LeaseLostError, isBusyError, isDiskFullError } from '../db/errors';
import { ReviewPause, UnitError, findCause, isTransientFailure } from './job-errors';
import type { ExecutionOutcome, JobRun } from './job-run';
import { dueReview, type ReviewStep } from './review-point';

/** Every step is stored: the course is generated (or published) and the job finished. */
export function complete(job: JobRun): ExecutionOutcome {
  const { store } = job.deps;
  const row = store.jobs.get(job.jobId)!;
  let published = false;
  job.write(() => {
    store.jobs.assertLease(job.jobId, job.deps.owner);
    if (row.auto_publish === 1) {
      (job.deps.publish ?? ((id: string) => store.courses.publish(id)))(job.courseId);
      published = true;
    } else {
      store.courses.setStatus(job.courseId, 'generated');
    }
    store.jobs.finish(job.jobId, 'completed');
    // Its files are written once this commits (job-export.ts); until then the export is pending.
    if (row.auto_export_json !== null) store.jobs.markExportPending(job.jobId);
  });
  const totals = store.calls.courseTotals(job.courseId);
  job.log('success', published ? 'Completed and published' : 'Completed: ready for review', {
    calls: totals.calls,
    costUsd: Number(totals.costUsd.toFixed(6)),
  });
  job.deps.emit({ type: 'job.completed', jobId: job.jobId });
  return 'completed';
}

/** Decides what an interrupted or failed run leaves behind. Stored units are always kept. */
export function settle(job: JobRun, thrown: unknown): ExecutionOutcome {
  const { store } = job.deps;
  const error = job.firstFailure ?? thrown;
  const review = reviewReached(job, error);
  if (review) return pauseForReview(job, review);
  if (findCause(error, isDiskFullError)) return pauseForDisk(job);
  const reason = findCause(error, (e) => e instanceof LeaseLostError) ? 'lease-lost' : job.stopReason;
  switch (reason) {
    case 'lease-lost':
    case 'abandon':
      return 'lost';
    case 'cancel':
      job.write(() => {
        store.jobs.finish(job.jobId, 'cancelled');
        store.courses.setStatus(job.courseId, 'cancelled');
      });
      job.log('warning', `Cancelled; ${job.completed}/${job.total} units kept`);
      job.deps.emit({ type: 'job.cancelled', jobId: job.jobId });
      return 'cancelled';
    case 'pause':
      store.jobs.release(job.jobId, job.deps.owner, 'paused');
      job.log('info', `Paused at ${job.completed}/${job.total}`);
      job.deps.emit({ type: 'job.paused', jobId: job.jobId });
      return 'paused';
    case 'queue-pause':
      store.jobs.release(job.jobId, job.deps.owner, 'queued');
      job.log('info', `Queue paused; this job continues from ${job.completed}/${job.total} when it resumes`);
      // The job itself is not paused (it has nothing to resume): it waits in the queue.
      job.deps.emit({ type: 'job.queued', jobId: job.jobId, courseId: job.courseId });
      return 'released';
    case 'shutdown':
      store.jobs.release(job.jobId, job.deps.owner);
      job.log('info', `Runner stopped; ${job.completed}/${job.total} units kept, the job will resume`);
      return 'released';
    default:
      return findCause(error, isBusyError) ? releaseWhileLocked(job) : fail(job, error);
  }
}

/**
 * The review this run stops at, if it reached one. A review point wins over a pause or a
 * quit that landed with the step's last units: the job waits there for a person, instead
 * of going on to the next step when resumed. A cancel, a lost lease or a failure wins.
 */
function reviewReached(job: JobRun, error: unknown): ReviewStep | null {
  if (!job.stepwise || job.firstFailure !== null) return null;
  if (job.stopReason === 'cancel' || job.stopReason === 'lease-lost' || job.stopReason === 'abandon') return null;
  if (error instanceof ReviewPause) return error.step;
  if (job.stopReason === null || findCause(error, (e) => e instanceof LeaseLostError || isDiskFullError(e))) return null;
  return dueReview(job.deps.store.courses.tree(job.courseId)!, job.deps.store.jobs.get(job.jobId)!.current_step);
}

function pauseForReview(job: JobRun, step: ReviewStep): ExecutionOutcome {
  const { store } = job.deps;
  try {
    store.write(() => {
      // The row names the step whose output waits, whichever step the run stopped in.
      store.jobs.updateProgress(job.jobId, job.deps.owner, { currentStep: step });
      store.jobs.release(job.jobId, job.deps.owner, 'paused');
    });
  } catch (error) {
    if (error instanceof LeaseLostError) return 'lost';
    // Still leased and runnable: the next run finds the finished step and pauses then.
    if (isDiskFullError(error)) return pauseForDisk(job);
    if (isBusyError(error)) return releaseWhileLocked(job);
    throw error;
  }
  const next = step === 'lessons' ? 'tasks' : 'the course summary';
  job.log('info', `The ${step} are ready for review; continue to generate ${next}`, { step });
  job.deps.emit({ type: 'job.paused', jobId: job.jobId });
  return 'paused';
}

/**
 * Another process (the app, the CLI, a sqlite3 shell) kept the database locked through
 * every try: not the job's failure.
 * The job is given back as it stands (everything stored kept) and taken again, by this
 * runner or another, once the database is free.
 */
function releaseWhileLocked(job: JobRun): ExecutionOutcome {
  try {
    job.deps.store.jobs.release(job.jobId, job.deps.owner);
  } catch {
    // Still locked: this runner's lease lets it take the job again; another's, once it expires.
  }
  job.log(
    'warning',
    `Another process kept the database locked for too long; stopped at ${job.completed}/${job.total} ` +
      'with everything stored kept, and the job continues when the database is free',
  );
  return 'released';
}

/** Keeps the job runnable (lease given back, status unchanged) so it resumes when space returns. */
function pauseForDisk(job: JobRun): ExecutionOutcome {
  try {
    job.deps.store.jobs.release(job.jobId, job.deps.owner);
  } catch {
    // Still full: the lease simply expires and this or another runner takes the job back.
  }
  job.log('warning', `The disk is full; paused at ${job.completed}/${job.total} with everything stored kept`);
  return 'disk-full';
}

function fail(job: JobRun, error: unknown): ExecutionOutcome {
  // (Transient failures first go back to the queue by themselves: scheduleAutoRetry.)
  const { store } = job.deps;
  const step = error instanceof UnitError ? error.step : null;
  const original = error instanceof UnitError ? error.original : error;
  let message = original instanceof Error ? original.message : String(original);
  const details: Record<string, unknown> = { step, item: error instanceof UnitError ? error.item : null };
  if (original instanceof ProviderError) {
    details.kind = original.kind;
    details.status = original.status;
    details.requestId = original.requestId;
  }
  if (isTransientFailure(original)) {
    const scheduled = scheduleAutoRetry(job, message, step, details);
    if (scheduled) return scheduled;
    if (typeof details.autoRetries === 'number') message = `${message} (after ${details.autoRetries} automatic retries)`;
  }
  try {
    store.write(() => {
      // The cause the Insights page counts and the queue filters by.
      const cause = original instanceof ProviderError ? failureCauseOf(original.kind, original.outputLimit !== null) : failureCauseOf(null);
      store.jobs.finish(job.jobId, 'failed', message, step, cause);
      store.courses.setStatus(job.courseId, 'failed');
    });
  } catch (writeError) {
    // The disk may still be full: leave the row leased; it expires and the job is retried.
    console.error('could not record the failure of job', job.jobId, writeError);
    return 'failed';
  }
  job.log('error', `Failed${step ? ` during ${step}` : ''}: ${message}`, details);
  job.deps.emit({ type: 'job.failed', jobId: job.jobId, error: message, step });
  return 'failed';
}

/**
 * Queues the job again by itself after the next delay, from the failed step, unless its
 * automatic retries are spent (then it fails, and says so). Null: fail as usual.
 */
function scheduleAutoRetry(job: JobRun, message: string, step: JobStep | null, details: Record<string, unknown>): ExecutionOutcome | null {
  const delays = job.deps.autoRetryDelaysMs;
  const { store } = job.deps;
  if (!delays || delays.length === 0) return null;
  const used = store.jobs.get(job.jobId)?.auto_retries ?? 0;
  if (used >= MAX_AUTO_RETRIES) {
    details.autoRetries = used;
    return null;
  }
  const n = used + 1;
  const at = store.clockMs() + delays[Math.min(n - 1, delays.length - 1)]!;
  try {
    const held = store.write(() => store.jobs.scheduleRetry(job.jobId, job.deps.owner, at, message, step));
    if (!held) return 'lost';
  } catch (writeError) {
    console.error('could not schedule the automatic retry of job', job.jobId, writeError);
    return null;
  }
  const when = new Date(at);
  job.log(
    'warning',
    `Failed${step ? ` during ${step}` : ''}: ${message} Automatic retry ${n} of ${MAX_AUTO_RETRIES} at ${clockTime(when)}, from ${step ?? 'where it stopped'}; ${job.completed}/${job.total} units kept`,
    { ...details, autoRetry: n, retryAt: when.toISOString() },
  );
  job.deps.emit({ type: 'job.queued', jobId: job.jobId, courseId: job.courseId });
  return 'retry-scheduled';
}

/** 03:40 in the machine's time zone: what a person reading the log at night compares with their clock. */
export function clockTime(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
