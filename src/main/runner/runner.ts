// The queue runner: claims jobs with a lease, runs up to `limits.jobs` at once, and keeps
// every row resumable. The queue's pause and limits are stored, so an overnight batch
// keeps its settings across restarts. Start-up takes back jobs that a dead process on
// this machine left leased; other machines' leases are honoured until they expire.
import { z } from 'zod';
import type { JobSummary, LogEntry, LogLevel, QueueState, RunReport, RunnerLimits } from '../../shared/domain';
import type { RunnerEvent, RunnerEventBody } from '../../shared/events';
import { runnerLimitsSchema } from '../../shared/settings';
import type { BatchesClient } from '../ai/anthropic-batches';
import type { ModelGateway } from '../ai/gateway';
import type { HealthState, WaitTotals } from '../ai/provider-health';
import type { EnqueueOptions, JobListQuery } from '../db/repositories/jobs';
import { packageInProcess, type PackageBuilder } from '../export/course-file';
import type { ModelCallRecord } from '../db/repositories/model-calls';
import type { Store } from '../db/store';
import { BatchCycle, type BatchCycleOptions } from './batches';
import { BudgetGuard } from './budget';
import { CallLedger } from './call-ledger';
import { EventBus } from './event-bus';
import { JobExecution } from './job-execution';
import { exportCompletedJob, type JobExportDeps } from './job-export';
import { enqueueRefusal, holdsLiveLease } from './job-guards';
import { clockTime } from './job-outcome';
import type { StopReason } from './job-run';
import { hostPrefix, isProcessAlive, makeOwnerId, pidOf } from './owner';
import { dueReview, STEP_AFTER_REVIEW } from './review-point';
import { batchTransport, canBatch } from './transports/batch';
import { ConflictError, NotFoundError } from '../errors';

export const DEFAULT_LIMITS: RunnerLimits = { jobs: 3, requests: 6 };

/**
 * Delays before a job that failed on a transient cause is tried again by itself: 2 min
 * outlasts a short overload burst, 10 min most incidents, 30 min a long one; after the
 * third, the job fails for a person to look at. With the breaker holding calls through an
 * outage, a job reaches these only when its own calls kept failing while others got through.
 */
export const AUTO_RETRY_DELAYS_MS: readonly number[] = [2 * 60_000, 10 * 60_000, 30 * 60_000];

export interface RunnerOptions {
  store: Store;
  gateway: ModelGateway;
  bus?: EventBus;
  owner?: string;
  /** Lease length; a job whose runner died is taken over this long after its last heartbeat. */
  leaseMs?: number;
  /** How often to look for work other processes queued, or leases that expired. */
  pollMs?: number;
  /** Returns why jobs cannot run now (no API key…), or null. Checked before each claim. */
  blockedReason?: () => string | null;
  /** A source material's stored bytes by hash (a course sending its PDFs as pages). */
  readMaterial?: (sha256: string) => Uint8Array;
  publish?: (courseId: string) => void;
  /** Limits for this runner alone, over the stored ones and never written: a CLI run's one-off --jobs/--requests. */
  limits?: Partial<RunnerLimits>;
  /** Delays of the automatic retries (default AUTO_RETRY_DELAYS_MS; [] turns them off). */
  autoRetryDelaysMs?: readonly number[];
  /** Who runs the queue, for the morning report (default 'app'). */
  source?: 'app' | 'cli';
  /** This runner's own daily cap over Settings' (the CLI's `run --budget-usd`), never stored. */
  budget?: { dailyUsd?: number | null };
  /**
   * Economy mode: the Message Batches client for the current key, and the cycle's timings
   * (tests shorten them). Absent: economy jobs run live.
   */
  batches?: { client: () => BatchesClient; options?: BatchCycleOptions };
  /**
   * Builds the LMS packages of a job's auto-export. The app passes its worker (the event loop
   * keeps answering); the default builds in this thread (the CLI).
   */
  buildPackage?: PackageBuilder;
}

/**
 * Economy jobs at once. They do not take the live jobs' slots: most of their time is spent
 * waiting for a batch, and their units travel together in the same batches.
 */
export const ECONOMY_JOBS_AT_ONCE = 200;

export interface Snapshot {
  /** The last event sequence the snapshot includes. */
  seq: number;
  jobs: JobSummary[];
  queue: QueueState;
  /** The last run's morning report. */
  report: RunReport | null;
}

/** One run of the queue, from the first job it started to the moment nothing was left to do. */
interface OpenRun {
  startedAt: number;
  autoRetries: number;
  waitsAtStart: WaitTotals;
}

const QUEUE_PAUSED_KEY = 'queue.paused';
const DISK_FULL_REASON = 'The disk is full: the queue is paused and resumes by itself when space is freed. Nothing stored was lost.';
const LIMITS_KEY = 'runner.limits';
/** The overload breaker, kept so a restart while it is open probes first instead of sending a burst. */
const BREAKER_KEY = 'provider.breaker';
const breakerSchema = z.object({ openedAt: z.number(), nextProbeAt: z.number(), intervalMs: z.number().positive() }).nullable();

export class Runner {
  readonly bus: EventBus;
  readonly owner: string;
  private readonly store: Store;
  private readonly gateway: ModelGateway;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly running = new Map<string, { execution: JobExecution; done: Promise<void> }>();
  private readonly ledger: CallLedger;
  private limits: RunnerLimits;
  private paused: boolean;
  private started = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private lastBlockedReason: string | null = null;
  /** Set when a write failed with SQLITE_FULL; cleared when a probe write succeeds again. */
  private diskFull = false;
  private run: OpenRun | null = null;
  /** Auto-exports a stopped process left pending, being written now (resumePendingExports). */
  private readonly resumedExports = new Set<Promise<unknown>>();
  private lastHealth: HealthState;
  /** Local servers holding calls back, by name, with since when (see onLaneChange). */
  private lastLaneHolds = new Map<string, number>();
  private savedBreaker: string;
  /** The spending caps: checked before every call; a cap reached pauses the queue (budget.ts). */
  readonly budget: BudgetGuard;

  constructor(private readonly options: RunnerOptions) {
    this.store = options.store;
    this.gateway = options.gateway;
    this.ledger = new CallLedger(this.store);
    this.budget = new BudgetGuard({
      store: this.store,
      ...(options.budget?.dailyUsd !== undefined ? { dailyUsd: options.budget.dailyUsd } : {}),
      onOver: () => this.pause(),
      // A step on a local model costs nothing: it reserves nothing against a cap.
      isLocal: (step) => step !== 'publish' && this.gateway.routesAway(step === 'finalize' ? 'summary' : step),
    });
    this.bus = options.bus ?? new EventBus();
    this.owner = options.owner ?? makeOwnerId();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    const warn = (message: string) => console.warn(message);
    const stored = this.store.settings.get(LIMITS_KEY, runnerLimitsSchema, DEFAULT_LIMITS, warn);
    this.limits = options.limits ? runnerLimitsSchema.parse({ ...stored, ...options.limits }) : stored;
    this.paused = this.store.settings.get(QUEUE_PAUSED_KEY, z.boolean(), false, warn);
    this.gateway.requestLimit = this.limits.requests;
    const health = this.gateway.health;
    health.restore(this.store.settings.get(BREAKER_KEY, breakerSchema, null, warn));
    this.savedBreaker = JSON.stringify(health.snapshot());
    this.lastHealth = health.state;
    health.onChange((state) => this.onHealthChange(state));
    // A local model server's wait shows in the queue like Claude's (ai/gateway.ts lanes).
    this.gateway.onLaneChange(() => this.onLaneChange());
    if (options.batches) {
      const batches = options.batches;
      const cycle = new BatchCycle({
        store: this.store,
        client: batches.client,
        clock: this.gateway.clock,
        health,
        isLive: (jobId) => {
          const status = this.store.jobs.get(jobId)?.status;
          return status !== undefined && status !== 'cancelled' && status !== 'failed' && status !== 'completed';
        },
        log: (jobId, level, message, details) => {
          try {
            const entries: LogEntry[] = [];
            this.store.write(() => this.appendLog(entries, jobId, level, message, details ?? null));
            this.emitLogs(entries);
          } catch (error) {
            console.error('could not write an economy batch log line:', error);
          }
        },
        changed: () => this.emit({ type: 'batches.changed' }),
        ...(batches.options ? { options: batches.options } : {}),
      });
      this.batches = cycle;
      const clock = this.gateway.clock;
      this.gateway.useEconomy((unit, live, drain) => (canBatch(live) ? batchTransport(cycle, live, unit, clock, drain) : null));
    }
  }

  /** The economy batch cycle, when economy mode is set up. */
  readonly batches: BatchCycle | null = null;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    // Paid calls an earlier run could not record (a crash while the database was locked).
    this.ledger.recover();
    this.reclaimDeadLocalLeases();
    this.resumePendingExports();
    this.batches?.start();
    this.tick();
  }

  /**
   * Stops claiming and interrupts running jobs. With `release` (a normal quit) leases are
   * given back so the jobs resume at once on the next start; without it (tests simulating a
   * crash) rows are left exactly as a killed process would leave them.
   */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    this.stopping = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const reason: StopReason = release ? 'shutdown' : 'abandon';
    for (const { execution } of this.running.values()) execution.stop(reason);
    await Promise.all([...this.running.values()].map((r) => r.done));
    // An export already writing finishes (a second or two): a half-done folder helps nobody.
    await Promise.all(this.resumedExports);
    await this.batches?.stop();
    if (!this.ledger.flush()) {
      console.error(`could not record ${this.ledger.size} model call(s) before stopping: the database did not take them; they are kept beside it and recorded on the next start`);
    }
    // A run cut short (Ctrl-C, a quit) still gets its report; a crash (release: false) does not.
    if (release) this.endRun();
    else this.run = null;
  }

  /**
   * Records a model call made outside a job (outline options, a single regeneration): now,
   * or, while the store cannot take it, as soon as it can. Never throws: the answer it
   * belongs to is still good.
   */
  readonly recordCall = (rec: ModelCallRecord): void => this.ledger.record(rec);

  // ---- commands -------------------------------------------------------------------------

  enqueue(courseId: string, options: EnqueueOptions = {}): JobSummary {
    const refusal = enqueueRefusal(this.store.courses.require(courseId));
    if (refusal) throw new ConflictError(refusal);
    const existing = this.store.jobs.byCourse(courseId);
    if (existing) throw new ConflictError('This course already has a generation job; retry or delete it instead.');
    const logged: LogEntry[] = [];
    const job = this.store.write(() => {
      const row = this.store.jobs.enqueue(courseId, options);
      this.appendLog(logged, row.id, 'info', 'Queued for generation', {
        autoPublish: Boolean(options.autoPublish),
        autoExport: options.autoExport ?? null,
        priority: options.priority ?? 0,
        runAfter: options.runAfter ? new Date(options.runAfter).toISOString() : null,
      });
      return row;
    });
    this.emit({ type: 'job.queued', jobId: job.id, courseId });
    this.emitLogs(logged);
    this.tick();
    return this.store.jobs.summary(job.id)!;
  }

  /** Cancels a job: at once if it runs here, through the heartbeat if another process runs it. */
  cancel(jobId: string): void {
    const job = this.requireJob(jobId);
    const local = this.running.get(jobId);
    if (local) return local.execution.stop('cancel');
    if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') {
      throw new ConflictError(`This job has already ${job.status === 'completed' ? 'completed' : `been ${job.status}`}.`);
    }
    if (holdsLiveLease(job, this.store.clockMs())) {
      this.store.write(() => this.store.jobs.requestCancel(jobId));
      return;
    }
    const logged: LogEntry[] = [];
    this.store.write(() => {
      this.store.jobs.finish(jobId, 'cancelled');
      this.store.courses.setStatus(job.course_id, 'cancelled');
      this.appendLog(logged, jobId, 'warning', 'Cancelled before it ran further');
    });
    this.batches?.discardJob(jobId);
    this.emit({ type: 'job.cancelled', jobId });
    this.emitLogs(logged);
  }

  /**
   * Re-queues a failed or cancelled job; it continues from the step that stopped it. A job
   * waiting for an automatic retry goes now. Either way the automatic count starts afresh.
   */
  retry(jobId: string): void {
    const job = this.requireJob(jobId);
    const waitingForAutoRetry = job.status === 'queued' && job.auto_retries > 0 && (job.run_after ?? 0) > this.store.clockMs();
    if (job.status !== 'failed' && job.status !== 'cancelled' && !waitingForAutoRetry) {
      throw new ConflictError('Only failed or cancelled jobs can be retried.');
    }
    const logged: LogEntry[] = [];
    this.store.write(() => {
      this.store.jobs.retry(jobId);
      this.store.courses.setStatus(job.course_id, 'outline_approved');
      this.appendLog(logged, jobId, 'info', `Retry requested; continuing from ${job.failed_step ?? 'where it stopped'}`);
    });
    this.emit({ type: 'job.queued', jobId, courseId: job.course_id });
    this.emitLogs(logged);
    this.tick();
  }

  pauseJob(jobId: string): void {
    const job = this.requireJob(jobId);
    const local = this.running.get(jobId);
    if (local) return local.execution.stop('pause');
    if (!this.store.write(() => this.store.jobs.pauseQueued(jobId))) {
      throw new ConflictError(`A ${job.status.replace('_', ' ')} job cannot be paused.`);
    }
    this.emit({ type: 'job.paused', jobId });
  }

  /** Resumes a paused job; for a stepwise job waiting for review, this is Continue. */
  resumeJob(jobId: string): void {
    const job = this.requireJob(jobId);
    const tree = job.stepwise === 1 && job.status === 'paused' ? this.store.courses.tree(job.course_id) : null;
    const review = tree ? dueReview(tree, job.current_step) : null;
    // The next step is stored now: that is what records the review as passed, for every
    // later run of the job (after a pause, a quit or a crash).
    const step = review ? STEP_AFTER_REVIEW[review] : null;
    if (!this.store.write(() => this.store.jobs.unpause(jobId, step))) throw new ConflictError(`A ${job.status} job is not paused.`);
    this.emit({ type: 'job.queued', jobId, courseId: job.course_id });
    this.tick();
  }

  deleteJob(jobId: string): void {
    const job = this.requireJob(jobId);
    if (this.running.has(jobId)) throw new ConflictError('Cancel the job before deleting it.');
    if (holdsLiveLease(job, this.store.clockMs())) {
      throw new ConflictError('This job is running in another Course Studio window or in the command line. Cancel it first, then delete it.');
    }
    this.store.write(() => {
      this.store.jobs.delete(jobId);
      // An unfinished job's course would otherwise say "Generating" for good. Cancelled keeps
      // what was generated and lets the course be queued again.
      if (this.store.courses.get(job.course_id)?.status === 'generating') this.store.courses.setStatus(job.course_id, 'cancelled');
    });
    this.batches?.discardJob(jobId);
    this.emit({ type: 'job.deleted', jobId });
  }

  setPriority(jobId: string, priority: number): void {
    this.requireJob(jobId);
    this.store.write(() => this.store.jobs.setPriority(jobId, priority));
  }

  /** Pauses the whole queue: nothing new starts; running jobs let in-flight requests land, then wait. */
  pause(): void {
    if (this.paused) return;
    // Stored first: a write that fails (read-only or full disk) leaves the queue as it was,
    // running, and says so, rather than paused here and running again after a restart.
    this.store.write(() => this.store.settings.set(QUEUE_PAUSED_KEY, true));
    this.paused = true;
    for (const { execution } of this.running.values()) execution.stop('queue-pause');
    this.emitQueueState();
  }

  resume(): void {
    if (!this.paused) return;
    // Resumed past a cap that paused it: that cap no longer stops calls until it is changed.
    this.budget.acknowledge();
    this.store.write(() => this.store.settings.set(QUEUE_PAUSED_KEY, false));
    this.paused = false;
    this.emitQueueState();
    this.tick();
  }

  /** A cap that paused the queue was raised or removed (Settings, a run's --budget-usd): it goes on. */
  resumeIfBudgetAllows(): void {
    if (!this.paused || !this.budget.pauseLifted()) return;
    this.budget.clearPause();
    this.resume();
  }

  setLimits(limits: Partial<RunnerLimits>): RunnerLimits {
    const next = runnerLimitsSchema.parse({ ...this.limits, ...limits });
    // Applied only once stored, so the limits in force are always the ones a restart reads.
    this.store.write(() => this.store.settings.set(LIMITS_KEY, next));
    this.limits = next;
    this.gateway.requestLimit = next.requests;
    this.emitQueueState();
    this.tick();
    return next;
  }

  // ---- queries --------------------------------------------------------------------------

  queueState(): QueueState {
    const health = this.gateway.health;
    const state = health.state;
    const blockedReason = this.options.blockedReason?.() ?? (this.diskFull ? DISK_FULL_REASON : null) ?? (this.paused ? this.budget.pauseReason() : null);
    const waitingReason = blockedReason ?? holdSentence(state, this.gateway.gate.reason, Date.now()) ?? this.gateway.laneHolds()[0]?.sentence ?? null;
    const account = health.budget.limits;
    const retries = this.store.jobs.retriesScheduled();
    return {
      paused: this.paused,
      limits: { ...this.limits },
      waitingUntil: iso(state.until),
      waitingReason,
      blockedReason,
      hold: state.cause ? { cause: state.cause, provider: state.provider, since: iso(state.since), until: iso(state.until) } : null,
      effectiveRequests: this.gateway.effectiveRequestLimit,
      account: account.requestsPerMinute === null && account.inputTokensPerMinute === null && account.outputTokensPerMinute === null ? null : account,
      retries: { scheduled: retries.count, next: iso(retries.next) },
    };
  }

  /** The last run's morning report (this process's or an earlier one's). */
  latestReport(): RunReport | null {
    return this.store.reports.latest();
  }

  /** Jobs plus the sequence they reflect: apply only events with a higher `seq` on top. */
  snapshot(query: JobListQuery = {}): Snapshot {
    // better-sqlite3 is synchronous and events are emitted on this thread, so no event can
    // slip between reading `seq` and reading the rows.
    const seq = this.bus.lastSeq;
    return { seq, jobs: this.store.jobs.list(query), queue: this.queueState(), report: this.latestReport() };
  }

  subscribe(listener: (event: RunnerEvent) => void): () => void {
    return this.bus.subscribe(listener);
  }

  get activeJobIds(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves when nothing runs here and no runnable job is left (CLI `--until-idle`, tests). */
  waitUntilIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ---- internals ------------------------------------------------------------------------

  private isIdle(): boolean {
    return this.running.size === 0 && this.resumedExports.size === 0 && (this.paused || !this.store.jobs.hasPendingWork(this.owner));
  }

  /** Claims as many jobs as the limit allows. Synchronous (SQLite is), so it cannot interleave with itself. */
  private tick(): void {
    if (!this.started || this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A queue yesterday's daily cap paused goes on by itself once the day turns (an overnight
    // run must not wait for someone to press Resume at 8 am). resume() ticks again.
    if (this.paused && this.budget.pauseLifted()) return this.resumeIfBudgetAllows();
    const blocked = this.options.blockedReason?.() ?? null;
    if (blocked !== this.lastBlockedReason) {
      this.lastBlockedReason = blocked;
      this.emitQueueState();
    }
    if (this.diskFull && this.store.hasRoomToWrite()) {
      this.diskFull = false;
      this.emitQueueState();
    }
    let storeRefused = false;
    // While the provider is down no new job starts: the running ones hold their calls, and
    // the probe decides when everything goes again. With none running here (a restart while
    // the breaker was open) one job is taken, to carry the probe.
    const jobSlots = this.gateway.health.breakerOpen ? Math.min(1, this.limits.jobs) : this.limits.jobs;
    if (!this.paused && blocked === null && !this.diskFull) {
      // Live jobs take the user's job slots; economy jobs (when set up) their own, larger share.
      const kinds: { economy: boolean | undefined; slots: number }[] = this.batches
        ? [
            { economy: false, slots: jobSlots },
            { economy: true, slots: ECONOMY_JOBS_AT_ONCE },
          ]
        : [{ economy: undefined, slots: jobSlots }];
      for (const kind of kinds) {
        const runningOfKind = () => (kind.economy === undefined ? this.running.size : [...this.running.values()].filter((r) => r.execution.economy === kind.economy).length);
        while (!storeRefused && runningOfKind() < kind.slots) {
          let job;
          try {
            job = this.store.jobs.claim(this.owner, this.leaseMs, [...this.running.keys()], kind.economy);
          } catch (error) {
            storeRefused = true;
            console.error('claiming a job failed:', error);
            break;
          }
          if (!job) break;
          this.launch(job);
        }
      }
    }
    // Calls kept while the store was locked or full; not retried in a tick whose claim the
    // store just refused, which would only wait out the busy timeout a second time.
    if (!storeRefused) this.ledger.flush();
    this.notifyIdle();
    this.timer = setTimeout(() => this.tick(), this.nextWakeDelay());
    this.timer.unref?.();
  }

  private nextWakeDelay(): number {
    const runAfter = this.store.jobs.nextRunAfter();
    if (runAfter === null) return this.pollMs;
    return Math.max(10, Math.min(this.pollMs, runAfter - this.store.clockMs()));
  }

  private launch(job: NonNullable<ReturnType<Store['jobs']['claim']>>): void {
    const execution = new JobExecution(
      {
        store: this.store,
        gateway: this.gateway,
        emit: (e) => this.emit(e),
        owner: this.owner,
        leaseMs: this.leaseMs,
        ledger: this.ledger,
        budget: this.budget,
        autoRetryDelaysMs: this.options.autoRetryDelaysMs ?? AUTO_RETRY_DELAYS_MS,
        ...(this.options.publish ? { publish: this.options.publish } : {}),
        ...(this.options.readMaterial ? { readMaterial: this.options.readMaterial } : {}),
        exportCompleted: (jobId) => exportCompletedJob(this.exportDeps(), jobId),
      },
      job,
    );
    this.run ??= { startedAt: this.store.clockMs(), autoRetries: 0, waitsAtStart: this.gateway.health.waitTotals };
    const done = execution
      .run()
      .then((outcome) => {
        if (outcome === 'disk-full') this.onDiskFull();
        if (outcome === 'retry-scheduled') {
          if (this.run) this.run.autoRetries++;
          this.emitQueueState();
        }
      })
      .catch((error) => console.error('job execution crashed:', error))
      .then(() => {
        this.running.delete(job.id);
        this.tick();
      });
    this.running.set(job.id, { execution, done });
  }

  /** Every running job stops at its next write; the queue waits until the disk has room again. */
  private onDiskFull(): void {
    if (this.diskFull) return;
    this.diskFull = true;
    for (const { execution } of this.running.values()) execution.stop('queue-pause');
    this.emitQueueState();
  }

  /** What a job's auto-export needs: the package builder, and this runner's log and events. */
  private exportDeps(): JobExportDeps {
    return {
      store: this.store,
      buildPackage: this.options.buildPackage ?? packageInProcess,
      emit: (event) => this.emit(event),
      log: (jobId, level, message, details) => {
        try {
          const entries: LogEntry[] = [];
          this.store.write(() => this.appendLog(entries, jobId, level, message, details));
          this.emitLogs(entries);
        } catch (error) {
          // A locked or full database: the outcome is still stored on the job when it can be.
          console.error('could not write an auto-export log line:', error);
        }
      },
    };
  }

  /**
   * Completed jobs whose files a stopped process did not write (it quit or crashed between the
   * completion and the files): written now. Another process writing the same job's files at
   * this moment is harmless: the same course gives the same bytes, and a file with exactly
   * those bytes is this job's to replace (export/auto-export.ts).
   */
  private resumePendingExports(): void {
    let pending: string[];
    try {
      pending = this.store.jobs.pendingExports();
    } catch (error) {
      console.error('could not look for pending auto-exports:', error);
      return;
    }
    for (const jobId of pending) {
      const done: Promise<unknown> = exportCompletedJob(this.exportDeps(), jobId).finally(() => {
        this.resumedExports.delete(done);
        this.notifyIdle();
      });
      this.resumedExports.add(done);
    }
  }

  private reclaimDeadLocalLeases(): void {
    for (const { id, owner } of this.store.jobs.leasesWithOwnerPrefix(hostPrefix())) {
      const pid = pidOf(owner);
      if (pid !== null && pid !== process.pid && !isProcessAlive(pid)) {
        const logged: LogEntry[] = [];
        this.store.write(() => {
          this.store.jobs.expireLease(id, owner);
          this.appendLog(logged, id, 'warning', 'The process running this job stopped unexpectedly; resuming it', { owner });
        });
        this.emitLogs(logged);
      }
    }
  }

  private notifyIdle(): void {
    if (this.run && this.isIdle()) this.endRun();
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private requireJob(jobId: string) {
    const job = this.store.jobs.get(jobId);
    if (!job) throw new NotFoundError(`No job with id ${jobId}.`);
    return job;
  }

  private emit(body: RunnerEventBody): void {
    this.bus.emit(body);
  }

  /** Appends inside the caller's transaction; the events go out after it commits (emitLogs). */
  private appendLog(into: LogEntry[], jobId: string, level: LogLevel, message: string, details: Record<string, unknown> | null = null): void {
    into.push(this.store.logs.append(jobId, level, message, details));
  }

  private emitLogs(entries: LogEntry[]): void {
    for (const entry of entries) this.emit({ type: 'log', jobId: entry.jobId, entry });
  }

  private emitQueueState(): void {
    this.emit({ type: 'queue.state', state: this.queueState() });
  }

  /**
   * The provider went down or came back: the state is kept (a restart must find the breaker
   * open), every running job's log says when it started waiting and for how long it waited,
   * and the queue claims again once the breaker closes.
   */
  /**
   * A local model server stopped or came back: every running job's log says so, as for the
   * network, so a morning's log shows why a job waited and for how long.
   */
  private onLaneChange(): void {
    const holds = new Map(this.gateway.laneHolds().filter((h) => h.state.cause === 'offline' || h.state.cause === 'overloaded').map((h) => [h.state.provider, h]));
    const before = this.lastLaneHolds;
    const started = [...holds.values()].filter((h) => !before.has(h.state.provider));
    const ended = [...before.entries()].filter(([name]) => !holds.has(name));
    this.lastLaneHolds = new Map([...holds.values()].map((h) => [h.state.provider, before.get(h.state.provider) ?? h.state.since ?? Date.now()]));
    if (started.length > 0 || ended.length > 0) {
      const logged: LogEntry[] = [];
      try {
        this.store.write(() => {
          for (const jobId of this.running.keys()) {
            for (const [name, since] of ended) {
              const waitedMs = Math.max(0, Date.now() - since);
              this.appendLog(logged, jobId, 'info', `${name} is answering again after ${duration(waitedMs)}; continuing`, { waitedMs, cause: 'local_server' });
            }
            for (const hold of started) this.appendLog(logged, jobId, 'warning', hold.sentence, { cause: 'local_server', since: iso(hold.state.since) });
          }
        });
      } catch {
        // A log line must never stop the runner (a locked or full database says so elsewhere).
      }
      this.emitLogs(logged);
    }
    this.emitQueueState();
  }

  private onHealthChange(state: HealthState): void {
    const before = this.lastHealth;
    this.lastHealth = state;
    this.saveBreaker();
    const outage = (s: HealthState) => (s.cause === 'overloaded' || s.cause === 'offline' ? s.cause : null);
    const was = outage(before);
    const now = outage(state);
    if (was !== now) {
      const logged: LogEntry[] = [];
      const jobs = [...this.running.keys()];
      try {
        this.store.write(() => {
          for (const jobId of jobs) {
            if (was) {
              const waitedMs = Math.max(0, Date.now() - (before.since ?? Date.now()));
              this.appendLog(logged, jobId, 'info', `${was === 'offline' ? 'The network is back' : `${before.provider} is answering again`} after ${duration(waitedMs)}; continuing`, { waitedMs, cause: was });
            }
            if (now) {
              this.appendLog(logged, jobId, 'warning', holdSentence(state, null, Date.now())!, { cause: now, since: iso(state.since), nextTry: iso(state.until) });
            }
          }
        });
      } catch {
        // A log line must never stop the runner (a locked or full database says so elsewhere).
      }
      this.emitLogs(logged);
    }
    this.emitQueueState();
    if (!this.gateway.health.breakerOpen) this.tick();
  }

  private saveBreaker(): void {
    const snapshot = this.gateway.health.snapshot();
    const text = JSON.stringify(snapshot);
    if (text === this.savedBreaker) return;
    try {
      this.store.write(() => this.store.settings.set(BREAKER_KEY, snapshot));
      this.savedBreaker = text;
    } catch {
      // Not kept this time: the next change tries again; at worst a restart sends one probe's worth more.
    }
  }

  /** Writes the morning report of the run that just ended (nothing ran: no report). */
  private endRun(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    const endedAtMs = Math.max(run.startedAt, this.store.clockMs());
    const startedAt = new Date(run.startedAt).toISOString();
    const endedAt = new Date(endedAtMs).toISOString();
    const totals = this.gateway.health.waitTotals;
    try {
      const report = this.store.write(() =>
        this.store.reports.insert({
          source: this.options.source ?? 'app',
          startedAt,
          endedAt,
          ...this.store.reports.measure(startedAt, endedAt),
          autoRetries: run.autoRetries,
          waited: {
            providerMs: totals.overloadedMs - run.waitsAtStart.overloadedMs,
            networkMs: totals.offlineMs - run.waitsAtStart.offlineMs,
            rateLimitMs: totals.rateLimitedMs - run.waitsAtStart.rateLimitedMs,
          },
        }),
      );
      this.emit({ type: 'run.report', report });
    } catch (error) {
      console.error('could not write the report of this run:', error);
    }
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** "6 min", "1 h 5 min", "40 s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** The sentence the queue page, the tracker, the CLI and the job logs show while the provider holds calls. */
export function holdSentence(state: HealthState, gateReason: string | null, now: number): string | null {
  switch (state.cause) {
    case 'offline':
      return 'Waiting for network: the model API cannot be reached';
    case 'overloaded': {
      const next = state.until === null ? 'a probe request is out' : `next try at ${clockTime(new Date(state.until))}`;
      return `${state.provider} overloaded — waiting, ${next} (outage so far ${duration(now - (state.since ?? now))})`;
    }
    case 'rate_limited':
      return gateReason;
    default:
      return null;
  }
}
