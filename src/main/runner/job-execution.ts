// Runs one claimed job: lessons for every project and tasks for every lesson overlap under
// the shared request limit (a project's tasks start as soon as its lessons land), then the
// finalize call, then the optional publish. Each unit is committed in its own transaction
// as it arrives, and everything already stored is skipped, so a resumed job continues from
// where it stopped — after a crash, a quit, a pause, a retry or a failure.
import { setMaxListeners } from 'node:events';
import { MAX_AUTO_RETRIES, type CourseTree, type JobStep, type LogLevel, type Outline } from '../../shared/domain';
import type { RunnerEventBody } from '../../shared/events';
import { isAbortError } from '../ai/clock';
import type { ModelGateway } from '../ai/gateway';
import { ProviderError } from '../ai/provider';
import type { CallAttemptRecord } from '../ai/structured-call';
import { LeaseLostError, isBusyError, isDiskFullError } from '../db/errors';
import type { JobRow } from '../db/repositories/jobs';
import { attemptRecord, unstoredAnswerRecord, type CallUnit, type ModelCallRecord } from '../db/repositories/model-calls';
import type { Store } from '../db/store';
import { generateCourseSummary, generateLessonTasks, generateProjectLessons, type UnitHooks } from '../generation/units';
import type { BudgetGuard, Reservation } from './budget';
import type { CallLedger } from './call-ledger';
import { dueReview, type ReviewStep } from './review-point';

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
  /**
   * Delays before the 1st, 2nd and 3rd automatic retry of a job that failed on a transient
   * cause (the last repeats if shorter). Absent: no automatic retries.
   */
  autoRetryDelaysMs?: readonly number[];
  /** The spending caps: each attempt reserves its expected cost before it is sent (budget.ts). */
  budget?: BudgetGuard;
}

/**
 * Whether a job that failed with this error is worth trying again later by itself: the
 * provider's trouble (overload, 5xx, network, timeouts, rate limits) or a model that kept
 * answering out of shape. Not a rejected key, no credit, a request the API calls invalid,
 * or an answer cut off at the configured output limit: those need a person.
 */
export function isTransientFailure(error: unknown): error is ProviderError {
  if (!(error instanceof ProviderError)) return false;
  switch (error.kind) {
    case 'rate_limit':
    case 'overloaded':
    case 'server':
    case 'network':
    case 'timeout':
      return true;
    case 'invalid_output':
      return error.outputLimit === null;
    default:
      return false;
  }
}

/**
 * A unit's write waiting on another process's lock (each try already waits the busy
 * timeout) is tried this many times, a little apart, before the job is given back.
 */
const LOCKED_WRITE_TRIES = 4;
const LOCKED_WRITE_PAUSE_MS = 100;

/** A unit's validated answer and the call that produced it, waiting to be stored. */
interface UnitAnswer<T> {
  value: T;
  unit: CallUnit;
  success: CallAttemptRecord | null;
  /** The budget reservation of the successful attempt, released once its cost is stored. */
  reservation?: Reservation | null;
}

const STEP_OF_STATUS = { generating_lessons: 'lessons', generating_tasks: 'tasks', finalizing: 'finalize' } as const satisfies Record<string, JobStep>;

/** Thrown inside a request slot when the job is draining: the call is never sent. */
class DrainSignal extends Error {
  constructor() {
    super('draining');
    this.name = 'DrainSignal';
  }
}

/** A stepwise job finished a step: it waits (paused) for a person to review and continue. */
class ReviewPause extends Error {
  constructor(readonly step: ReviewStep) {
    super(`paused for review after ${step}`);
    this.name = 'ReviewPause';
  }
}

/** Tags a unit's failure with the step it belongs to, so a retry knows where it stopped. */
class UnitError extends Error {
  constructor(
    readonly step: JobStep,
    readonly item: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
  }
}

/** Errors travel wrapped (UnitError → ProviderError → cause); this finds one by predicate along the chain. */
function findCause(error: unknown, predicate: (e: unknown) => boolean): unknown {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    if (predicate(e)) return e;
    e = e instanceof UnitError ? e.original : (e as { cause?: unknown }).cause;
  }
  return null;
}

export class JobExecution {
  readonly jobId: string;
  readonly courseId: string;
  /** Its units go through the Message Batches API (the economy transport). */
  readonly economy: boolean;
  private readonly stepwise: boolean;
  private readonly abort = new AbortController();
  private stopReason: StopReason | null = null;
  /**
   * Set once the job must start no new call (a failure, a pause): in-flight calls still land
   * and are kept; calls waiting (network, rate limit, back-off, key) stop at once.
   */
  private readonly drain = new AbortController();
  private get draining(): boolean {
    return this.drain.signal.aborted;
  }
  private set draining(value: boolean) {
    if (value) this.drain.abort(new DrainSignal());
  }
  /** The failure that started the drain; later units fail only because of the drain. */
  private firstFailure: unknown = null;
  private completed = 0;
  private total = 0;
  private lessonsPending = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: ExecutionDeps,
    job: JobRow,
  ) {
    this.jobId = job.id;
    this.courseId = job.course_id;
    this.economy = job.economy === 1;
    this.stepwise = job.stepwise === 1;
    // Every overlapping unit listens for the job's cancel; dozens at once is expected, not a leak.
    setMaxListeners(0, this.abort.signal, this.drain.signal);
  }

  /** Asks the job to stop. Cancel, shutdown and a lost lease abort in-flight requests; pauses let them land. */
  stop(reason: StopReason): void {
    if (this.stopReason === null || reason === 'cancel' || reason === 'lease-lost' || reason === 'abandon') this.stopReason = reason;
    this.draining = true;
    if (reason !== 'pause' && reason !== 'queue-pause') this.abort.abort(reason);
  }

  async run(): Promise<ExecutionOutcome> {
    this.startHeartbeat();
    try {
      await this.generate();
      return this.complete();
    } catch (error) {
      return this.settle(error);
    } finally {
      if (this.heartbeat) clearInterval(this.heartbeat);
    }
  }

  private async generate(): Promise<void> {
    const { store } = this.deps;
    const course = store.courses.require(this.courseId);
    if (!course.outline || !course.outlineApproval) {
      throw new UnitError('lessons', 'outline', new Error('The course outline has not been approved, so there is nothing to generate yet.'));
    }
    const outline = course.outline;
    store.write(() => {
      store.jobs.assertLease(this.jobId, this.deps.owner);
      store.courses.ensureProjects(this.courseId, outline);
      store.courses.setStatus(this.courseId, 'generating');
    });
    const tree = store.courses.tree(this.courseId)!;
    this.countProgress(tree, outline);
    // A step finished by an earlier run that stopped before its review (a crash, a full
    // disk) is reviewed now, before the row says the next step has started.
    this.pauseIfReviewDue(tree);
    const status = this.lessonsPending > 0 ? 'generating_lessons' : this.completed < this.total - 1 ? 'generating_tasks' : 'finalizing';
    // The step is stored with the status: a window opened before the first call of a
    // continued step must not still read the step it was paused after.
    const currentStep = STEP_OF_STATUS[status];
    this.write(() =>
      store.jobs.updateProgress(this.jobId, this.deps.owner, { status, currentStep, itemsTotal: this.total, itemsCompleted: this.completed }),
    );
    this.deps.emit({ type: 'job.started', jobId: this.jobId, status });
    this.log(
      'info',
      this.completed > 0 ? `Resuming: ${this.completed}/${this.total} units already stored` : `Started: ${this.total} units to generate`,
      { owner: this.deps.owner },
    );
    this.emitProgress();

    if (!this.stepwise) {
      await this.lessonsAndTasks(tree, outline, 'both');
    } else {
      // Reviewed step by step: all lessons, pause; all tasks, pause; then finalize.
      await this.lessonsAndTasks(tree, outline, 'lessons');
      const refreshed = store.courses.tree(this.courseId)!;
      this.pauseIfReviewDue(refreshed);
      await this.lessonsAndTasks(refreshed, outline, 'tasks');
      this.pauseIfReviewDue(store.courses.tree(this.courseId)!);
    }
    if (!tree.summary) await this.finalize(outline);
  }

  /** Stepwise jobs stop at a finished step until a person continues (see review-point). */
  private pauseIfReviewDue(tree: CourseTree): void {
    if (!this.stepwise) return;
    const review = dueReview(tree, this.deps.store.jobs.get(this.jobId)!.current_step);
    if (review) throw new ReviewPause(review);
  }

  private countProgress(tree: CourseTree, outline: Outline): void {
    const plannedLessons = outline.projects.reduce((n, p) => n + p.lessons.length, 0);
    this.total = outline.projects.length + plannedLessons + 1;
    this.lessonsPending = tree.projects.filter((p) => p.lessons.length === 0).length;
    this.completed =
      tree.projects.length -
      this.lessonsPending +
      tree.projects.reduce((n, p) => n + p.lessons.filter((l) => l.tasks.length > 0).length, 0) +
      (tree.summary ? 1 : 0);
  }

  /**
   * Every project's lessons and every lesson's tasks, overlapping; settles all before
   * failing. `phase` limits it to one step (stepwise jobs).
   */
  private async lessonsAndTasks(tree: CourseTree, outline: Outline, phase: 'both' | 'lessons' | 'tasks'): Promise<void> {
    const { store } = this.deps;
    if (this.lessonsPending > 0 && phase !== 'tasks') this.deps.emit({ type: 'step.started', jobId: this.jobId, step: 'lessons' });
    let tasksStarted = false;
    const work = tree.projects.map(async (project, pi) => {
      let lessons = project.lessons;
      if (lessons.length === 0) {
        if (phase === 'tasks') return;
        const answer = await this.unit('lessons', `project:${pi}`, project.title, (h) =>
          generateProjectLessons(this.deps.gateway, outline, pi, h),
        );
        const generated = answer.value;
        await this.storeUnit(answer, () => {
          store.courses.insertLessons(project.id, generated);
          this.completed++;
          this.lessonsPending--;
          // Only a job that goes on to tasks is at the tasks step now. A stepwise job pauses
          // with its lessons for review, and the stored row must say so to every window
          // opened later (the live events never claim tasks here).
          const onToTasks = this.lessonsPending === 0 && phase === 'both';
          store.jobs.updateProgress(this.jobId, this.deps.owner, {
            itemsCompleted: this.completed,
            ...(onToTasks ? { status: 'generating_tasks' as const, currentStep: 'tasks' as const } : {}),
          });
        });
        this.unitDone('lessons', `project:${pi}`, `Stored ${generated.length} lessons for "${project.title}"`);
        if (this.lessonsPending === 0) this.deps.emit({ type: 'step.completed', jobId: this.jobId, step: 'lessons' });
        lessons = store.courses.tree(this.courseId)!.projects[pi]!.lessons;
      }
      if (phase === 'lessons') return;
      // Settle every task call before failing: a call already sent finishes (and is stored
      // and paid for) rather than running on after the job is marked failed.
      const tasks = await Promise.allSettled(
        lessons.map(async (lesson, li) => {
          if (lesson.tasks.length > 0) return;
          if (!tasksStarted) {
            tasksStarted = true;
            this.deps.emit({ type: 'step.started', jobId: this.jobId, step: 'tasks' });
          }
          const answer = await this.unit('tasks', `lesson:${pi}.${li}`, lesson.title, (h) =>
            generateLessonTasks(this.deps.gateway, outline, pi, li, lesson, h),
          );
          const tasks = answer.value;
          await this.storeUnit(answer, () => {
            store.courses.insertTasks(lesson.id, tasks);
            this.completed++;
            store.jobs.updateProgress(this.jobId, this.deps.owner, { itemsCompleted: this.completed });
          });
          this.unitDone('tasks', `lesson:${pi}.${li}`, `Stored ${tasks.length} tasks for "${lesson.title}"`);
        }),
      );
      const failed = tasks.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
    const results = await Promise.allSettled(work);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    if (tasksStarted) this.deps.emit({ type: 'step.completed', jobId: this.jobId, step: 'tasks' });
  }

  private async finalize(outline: Outline): Promise<void> {
    const { store } = this.deps;
    this.write(() =>
      store.jobs.updateProgress(this.jobId, this.deps.owner, { status: 'finalizing', currentStep: 'finalize' }),
    );
    this.deps.emit({ type: 'step.started', jobId: this.jobId, step: 'finalize' });
    const answer = await this.unit('finalize', 'course', 'Course summary', (h) =>
      generateCourseSummary(this.deps.gateway, outline, h),
    );
    await this.storeUnit(answer, () => {
      store.courses.setSummary(this.courseId, answer.value);
      this.completed++;
      store.jobs.updateProgress(this.jobId, this.deps.owner, { itemsCompleted: this.completed });
    });
    this.unitDone('finalize', 'course', 'Stored the course summary');
    this.deps.emit({ type: 'step.completed', jobId: this.jobId, step: 'finalize' });
  }

  /**
   * One model call for one unit, with its accounting, retries logged, and the drain check.
   * Failed attempts are recorded at once; the successful one only by `storeUnit`, inside
   * the transaction that stores the unit, so the ledger's "successful call" always means
   * "stored": a crash between the answer and the commit leaves neither, and the unit's
   * regeneration after a restart is not a repeated completed call.
   */
  private async unit<T>(step: JobStep, itemKey: string, label: string, call: (h: UnitHooks) => Promise<T>): Promise<UnitAnswer<T>> {
    const { store } = this.deps;
    const unit: CallUnit = { jobId: this.jobId, courseId: this.courseId, step, itemKey };
    let announced = false;
    let success: CallAttemptRecord | null = null;
    let reservation: Reservation | null = null;
    const hooks: UnitHooks = {
      signal: this.abort.signal,
      drain: this.drain.signal,
      waitWhileBlocked: true,
      // The unit's key outlives this run: a restarted job's call finds its request by it.
      ...(this.economy ? { economy: { jobId: this.jobId, unitKey: `${this.jobId}/${step}/${itemKey}` } } : {}),
      beforeSend: () => {
        if (this.draining) throw new DrainSignal();
        reservation = this.reserve(step, reservation);
        if (!announced) {
          announced = true;
          try {
            this.write(() => store.jobs.updateProgress(this.jobId, this.deps.owner, { currentStep: step, currentItem: label }));
          } catch (error) {
            // Only the label of what runs: a database another process keeps locked must not
            // stop the call. A lost lease or a full disk still does.
            if (!isBusyError(error)) throw error;
          }
          this.deps.emit({ type: 'item.started', jobId: this.jobId, step, item: itemKey });
        }
      },
      onAttempt: (rec: CallAttemptRecord) => {
        if (rec.outcome === 'ok') success = rec;
        else this.recordCall(attemptRecord(unit, rec));
        // A failed attempt's cost is in the ledger now; a retry reserves again.
        if (rec.outcome !== 'ok') reservation = this.reserve(null, reservation);
      },
      onRetry: ({ attempt, delayMs, error, held }) => {
        this.deps.emit({ type: 'job.retrying', jobId: this.jobId, attempt, delayMs, reason: error.message });
        if (held) {
          // A 429 or the provider's outage: the call waits with every other and goes again; it
          // spends none of its retries (the outage itself is logged once per job by the runner).
          this.log('info', `${label} waits and is sent again, not counted as a retry: ${error.message}`, { step, item: itemKey, kind: error.kind, held: true });
          return;
        }
        this.log('warning', `Retrying ${label} in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1}): ${error.message}`, {
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
      this.deps.budget?.release(reservation);
      const wrapped = new UnitError(step, itemKey, error);
      if (!findCause(error, (e) => e instanceof DrainSignal) && !isAbortError(error)) {
        this.draining = true;
        this.firstFailure ??= wrapped;
      }
      throw wrapped;
    }
  }

  /**
   * Stores a unit with the call that produced it, in one transaction that checks the lease.
   * An answer that cannot be stored (the lease was lost, the job deleted, the database stayed
   * locked) was paid for all the same: its call is recorded on its own, and the error thrown.
   */
  private async storeUnit(answer: UnitAnswer<unknown>, save: () => void): Promise<void> {
    const { store, owner } = this.deps;
    try {
      await this.writeWaitingForLock(() => {
        store.jobs.assertLease(this.jobId, owner);
        save();
        if (answer.success) store.calls.recordAttempt(answer.unit, answer.success);
      });
    } catch (error) {
      if (answer.success) this.recordCall(unstoredAnswerRecord(answer.unit, answer.success, this.whyNotStored(error)));
      throw error;
    } finally {
      this.deps.budget?.release(answer.reservation);
    }
  }

  /**
   * Releases the unit's previous reservation and, for an attempt about to be sent (`step`),
   * reserves its expected cost. Over a cap the runner pauses the queue (this job drains) and
   * the attempt is not sent: the job waits in the queue with everything stored kept.
   */
  private reserve(step: JobStep | null, previous: Reservation | null): Reservation | null {
    const budget = this.deps.budget;
    if (!budget) return null;
    budget.release(previous);
    if (step === null) return null;
    const check = budget.reserve(this.jobId, step);
    if (!check.ok) throw new DrainSignal();
    return check.reservation;
  }

  private whyNotStored(error: unknown): string {
    if (error instanceof LeaseLostError) {
      return this.deps.store.jobs.get(this.jobId)
        ? 'another runner took the job over.'
        : 'the job was deleted while it ran.';
    }
    if (isBusyError(error)) return 'another process kept the database locked.';
    if (isDiskFullError(error)) return 'the disk is full.';
    return error instanceof Error ? error.message : String(error);
  }

  /** One call's row, in its own transaction; kept by the ledger until the store takes it if it cannot now. */
  private recordCall(rec: ModelCallRecord): void {
    this.deps.ledger.record(rec, (fn) => this.write(fn));
  }

  /**
   * A unit's write, tried again while another process (the app, the CLI) holds the database
   * locked: a wait, never a failure of the job. Given up after a few tries, the job stops
   * starting calls and is given back to be taken again (see settle). SQLITE_BUSY comes from
   * BEGIN IMMEDIATE, before `fn` runs, so a new try never repeats part of it.
   */
  private async writeWaitingForLock(fn: () => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.write(fn);
      } catch (error) {
        if (!isBusyError(error) || this.abort.signal.aborted) throw error;
        if (attempt >= LOCKED_WRITE_TRIES) {
          this.draining = true;
          this.firstFailure ??= error;
          throw error;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, LOCKED_WRITE_PAUSE_MS * attempt));
    }
  }

  private unitDone(step: JobStep, itemKey: string, message: string): void {
    this.deps.emit({ type: 'item.completed', jobId: this.jobId, step, item: itemKey });
    this.log('success', message, { step, item: itemKey });
    this.emitProgress();
  }

  private complete(): ExecutionOutcome {
    const { store } = this.deps;
    const job = store.jobs.get(this.jobId)!;
    let published = false;
    this.write(() => {
      store.jobs.assertLease(this.jobId, this.deps.owner);
      if (job.auto_publish === 1) {
        (this.deps.publish ?? ((id: string) => store.courses.publish(id)))(this.courseId);
        published = true;
      } else {
        store.courses.setStatus(this.courseId, 'generated');
      }
      store.jobs.finish(this.jobId, 'completed');
    });
    const totals = store.calls.courseTotals(this.courseId);
    this.log('success', published ? 'Completed and published' : 'Completed: ready for review', {
      calls: totals.calls,
      costUsd: Number(totals.costUsd.toFixed(6)),
    });
    this.deps.emit({ type: 'job.completed', jobId: this.jobId });
    return 'completed';
  }

  /** Decides what an interrupted or failed run leaves behind. Stored units are always kept. */
  private settle(thrown: unknown): ExecutionOutcome {
    const { store } = this.deps;
    const error = this.firstFailure ?? thrown;
    const review = this.reviewReached(error);
    if (review) return this.pauseForReview(review);
    if (findCause(error, isDiskFullError)) return this.pauseForDisk();
    const reason = findCause(error, (e) => e instanceof LeaseLostError) ? 'lease-lost' : this.stopReason;
    switch (reason) {
      case 'lease-lost':
      case 'abandon':
        return 'lost';
      case 'cancel':
        this.write(() => {
          store.jobs.finish(this.jobId, 'cancelled');
          store.courses.setStatus(this.courseId, 'cancelled');
        });
        this.log('warning', `Cancelled; ${this.completed}/${this.total} units kept`);
        this.deps.emit({ type: 'job.cancelled', jobId: this.jobId });
        return 'cancelled';
      case 'pause':
        store.jobs.release(this.jobId, this.deps.owner, 'paused');
        this.log('info', `Paused at ${this.completed}/${this.total}`);
        this.deps.emit({ type: 'job.paused', jobId: this.jobId });
        return 'paused';
      case 'queue-pause':
        store.jobs.release(this.jobId, this.deps.owner, 'queued');
        this.log('info', `Queue paused; this job continues from ${this.completed}/${this.total} when it resumes`);
        // The job itself is not paused (it has nothing to resume): it waits in the queue.
        this.deps.emit({ type: 'job.queued', jobId: this.jobId, courseId: this.courseId });
        return 'released';
      case 'shutdown':
        store.jobs.release(this.jobId, this.deps.owner);
        this.log('info', `Runner stopped; ${this.completed}/${this.total} units kept, the job will resume`);
        return 'released';
      default:
        return findCause(error, isBusyError) ? this.releaseWhileLocked() : this.fail(error);
    }
  }

  /**
   * The review this run stops at, if it reached one. A review point wins over a pause or a
   * quit that landed with the step's last units: the job waits there for a person, instead
   * of going on to the next step when resumed. A cancel, a lost lease or a failure wins.
   */
  private reviewReached(error: unknown): ReviewStep | null {
    if (!this.stepwise || this.firstFailure !== null) return null;
    if (this.stopReason === 'cancel' || this.stopReason === 'lease-lost' || this.stopReason === 'abandon') return null;
    if (error instanceof ReviewPause) return error.step;
    if (this.stopReason === null || findCause(error, (e) => e instanceof LeaseLostError || isDiskFullError(e))) return null;
    return dueReview(this.deps.store.courses.tree(this.courseId)!, this.deps.store.jobs.get(this.jobId)!.current_step);
  }

  private pauseForReview(step: ReviewStep): ExecutionOutcome {
    const { store } = this.deps;
    try {
      store.write(() => {
        // The row names the step whose output waits, whichever step the run stopped in.
        store.jobs.updateProgress(this.jobId, this.deps.owner, { currentStep: step });
        store.jobs.release(this.jobId, this.deps.owner, 'paused');
      });
    } catch (error) {
      if (error instanceof LeaseLostError) return 'lost';
      // Still leased and runnable: the next run finds the finished step and pauses then.
      if (isDiskFullError(error)) return this.pauseForDisk();
      if (isBusyError(error)) return this.releaseWhileLocked();
      throw error;
    }
    const next = step === 'lessons' ? 'tasks' : 'the course summary';
    this.log('info', `The ${step} are ready for review; continue to generate ${next}`, { step });
    this.deps.emit({ type: 'job.paused', jobId: this.jobId });
    return 'paused';
  }

  /**
   * Another process (the app, the CLI, a sqlite3 shell) kept the database locked through
   * every try: not the job's failure.
   * The job is given back as it stands (everything stored kept) and taken again, by this
   * runner or another, once the database is free.
   */
  private releaseWhileLocked(): ExecutionOutcome {
    try {
      this.deps.store.jobs.release(this.jobId, this.deps.owner);
    } catch {
      // Still locked: this runner's lease lets it take the job again; another's, once it expires.
    }
    this.log(
      'warning',
      `Another process kept the database locked for too long; stopped at ${this.completed}/${this.total} ` +
        'with everything stored kept, and the job continues when the database is free',
    );
    return 'released';
  }

  /** Keeps the job runnable (lease given back, status unchanged) so it resumes when space returns. */
  private pauseForDisk(): ExecutionOutcome {
    try {
      this.deps.store.jobs.release(this.jobId, this.deps.owner);
    } catch {
      // Still full: the lease simply expires and this or another runner takes the job back.
    }
    this.log('warning', `The disk is full; paused at ${this.completed}/${this.total} with everything stored kept`);
    return 'disk-full';
  }

  private fail(error: unknown): ExecutionOutcome {
    // (Transient failures first go back to the queue by themselves: scheduleAutoRetry.)
    const { store } = this.deps;
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
      const scheduled = this.scheduleAutoRetry(message, step, details);
      if (scheduled) return scheduled;
      if (typeof details.autoRetries === 'number') message = `${message} (after ${details.autoRetries} automatic retries)`;
    }
    try {
      store.write(() => {
        store.jobs.finish(this.jobId, 'failed', message, step);
        store.courses.setStatus(this.courseId, 'failed');
      });
    } catch (writeError) {
      // The disk may still be full: leave the row leased; it expires and the job is retried.
      console.error('could not record the failure of job', this.jobId, writeError);
      return 'failed';
    }
    this.log('error', `Failed${step ? ` during ${step}` : ''}: ${message}`, details);
    this.deps.emit({ type: 'job.failed', jobId: this.jobId, error: message, step });
    return 'failed';
  }

  /**
   * Queues the job again by itself after the next delay, from the failed step, unless its
   * automatic retries are spent (then it fails, and says so). Null: fail as usual.
   */
  private scheduleAutoRetry(message: string, step: JobStep | null, details: Record<string, unknown>): ExecutionOutcome | null {
    const delays = this.deps.autoRetryDelaysMs;
    const { store } = this.deps;
    if (!delays || delays.length === 0) return null;
    const used = store.jobs.get(this.jobId)?.auto_retries ?? 0;
    if (used >= MAX_AUTO_RETRIES) {
      details.autoRetries = used;
      return null;
    }
    const n = used + 1;
    const at = store.clockMs() + delays[Math.min(n - 1, delays.length - 1)]!;
    try {
      const held = store.write(() => store.jobs.scheduleRetry(this.jobId, this.deps.owner, at, message, step));
      if (!held) return 'lost';
    } catch (writeError) {
      console.error('could not schedule the automatic retry of job', this.jobId, writeError);
      return null;
    }
    const when = new Date(at);
    this.log(
      'warning',
      `Failed${step ? ` during ${step}` : ''}: ${message} Automatic retry ${n} of ${MAX_AUTO_RETRIES} at ${clockTime(when)}, from ${step ?? 'where it stopped'}; ${this.completed}/${this.total} units kept`,
      { ...details, autoRetry: n, retryAt: when.toISOString() },
    );
    this.deps.emit({ type: 'job.queued', jobId: this.jobId, courseId: this.courseId });
    return 'retry-scheduled';
  }

  /** Every write of this job. A full disk stops new calls at once; the runner pauses the queue. */
  private write(fn: () => void): void {
    try {
      this.deps.store.write(fn);
    } catch (error) {
      if (isDiskFullError(error)) {
        this.draining = true;
        this.firstFailure ??= error;
      }
      throw error;
    }
  }

  private log(level: LogLevel, message: string, details: Record<string, unknown> | null = null): void {
    try {
      const entry = this.deps.store.logs.append(this.jobId, level, message, details);
      this.deps.emit({ type: 'log', jobId: this.jobId, entry });
    } catch (error) {
      // A full disk is reported once, through the queue state, and a lock held elsewhere
      // passes; anything else is a bug worth printing.
      if (!isDiskFullError(error) && !isBusyError(error)) console.error('could not write a job log line:', error);
    }
  }

  private emitProgress(): void {
    const percent = this.total === 0 ? 0 : Math.round((this.completed / this.total) * 100);
    this.deps.emit({ type: 'progress', jobId: this.jobId, completed: this.completed, total: this.total, percent });
  }

  private startHeartbeat(): void {
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
}

/** 03:40 in the machine's time zone: what a person reading the log at night compares with their clock. */
export function clockTime(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
