// The sync worker: pushes due outbox entries one at a time, only while sync is configured,
// signed in and the backend answers. Policy per failure (see errors.ts): network or server
// trouble leaves the entry pending and pauses the whole worker with capped, jittered
// exponential back-off (the backend is down for everyone, so hammering it with the other
// entries helps nobody); an expired session is refreshed once, and if that fails the
// worker waits for a sign-in with the outbox untouched; a permission refusal or refused
// data fails the entry with the reason, retried only when a person asks ("Sync now").
import type { LogLevel } from '../../shared/domain';
import type { SyncWorkerState } from '../../shared/sync';
import type { Store } from '../db/store';
import { SyncError, asSyncError } from './errors';
import { OutboxRepository, type OutboxEntry } from './outbox';
import { pushCourse, type PushOutcome } from './push';
import type { Account, SyncBackend } from './supabase-client';
import { SyncLog } from './sync-log';

export interface BackendHandle {
  backend: SyncBackend;
  /** Null until sign-in settled which organisation to publish into. */
  organizationId: string | null;
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

export interface SyncWorkerOptions {
  store: Store;
  /** The backend for the current configuration, or null while sync is off. */
  backend: () => BackendHandle | null;
  clockMs?: () => number;
  random?: () => number;
  /** The OS's idea of connectivity (Electron's net.isOnline); assumed online when absent. */
  isOnline?: () => boolean;
  retry?: Partial<RetryPolicy>;
  /** While idle, how often to look again (connectivity back, entries written by another process). */
  pollMs?: number;
  /** Told whenever course sync states or the worker's state changed. */
  onChange?: (courseIds: string[]) => void;
}

/** Exponential back-off with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export class SyncWorker {
  readonly outbox: OutboxRepository;
  readonly log: SyncLog;
  state: SyncWorkerState = 'off';
  message: string | null = null;
  /** While set and in the future, nothing is pushed (back-off after network/server trouble). */
  pausedUntil: number | null = null;
  account: Account | null = null;

  private readonly clockMs: () => number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly pollMs: number;
  private started = false;
  /** Set by stop(): a pass in progress finishes its current push and stops there. */
  private stopping = false;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private consecutiveFailures = 0;

  constructor(private readonly options: SyncWorkerOptions) {
    this.clockMs = options.clockMs ?? options.store.clockMs;
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pollMs = options.pollMs ?? 30_000;
    this.outbox = new OutboxRepository(options.store.db, this.clockMs);
    this.log = new SyncLog(options.store.db, this.clockMs);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.kick();
  }

  /** Stops scheduling and waits for a push in progress (it is safe to cut, but finishing is kinder). */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a pass soon (after a publish, a sign-in, connectivity back). */
  kick(): void {
    if (!this.started) return;
    this.schedule(this.clockMs());
  }

  /**
   * The OS reports connectivity again: try now rather than at the next poll. The back-off
   * built while it was gone is dropped (it measured the network, not the backend); the
   * failure count is kept, so if the backend itself is down the next waits stay as long,
   * and capped, as before.
   */
  connectivityBack(): void {
    if (!this.started) return;
    this.outbox.resumeBackoff();
    const waiting = this.waitingCount();
    if (this.pausedUntil !== null || this.state === 'offline') {
      this.note(null, 'info', `The network is back; syncing${waiting > 0 ? ` ${waiting} waiting course(s)` : ''}`);
    }
    this.pausedUntil = null;
    this.kick();
  }

  /** "Sync now": failed entries get another try, back-off is forgotten, and one pass runs. */
  async syncNow(): Promise<void> {
    this.outbox.retryAll();
    this.pausedUntil = null;
    this.consecutiveFailures = 0;
    await this.runPass();
  }

  /** Runs one pass, or joins the one in progress and then runs another. */
  runPass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
        this.scheduleNext();
      }
    })();
    return this.running;
  }

  private schedule(at: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, at - this.clockMs());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runPass();
    }, delay);
    this.timer.unref?.();
  }

  private scheduleNext(): void {
    if (!this.started) return;
    const now = this.clockMs();
    const candidates = [now + this.pollMs];
    if (this.state !== 'off' && this.state !== 'needs_sign_in') {
      const due = this.outbox.earliestDue();
      if (due !== null) candidates.push(Math.max(due, this.pausedUntil ?? 0));
    }
    this.schedule(Math.min(...candidates));
  }

  private setState(state: SyncWorkerState, message: string | null, courseIds: string[] = []): void {
    const changed = state !== this.state || message !== this.message;
    this.state = state;
    this.message = message;
    if (changed || courseIds.length > 0) this.options.onChange?.(courseIds);
  }

  private note(courseId: string | null, level: LogLevel, message: string, details: Record<string, unknown> | null = null): void {
    this.log.append(courseId, level, message, details);
  }

  private waitingCount(): number {
    return this.outbox.counts().pending;
  }

  private async pass(): Promise<void> {
    const handle = this.options.backend();
    if (!handle) {
      this.account = null;
      return this.setState('off', null);
    }
    if (this.options.isOnline && !this.options.isOnline()) {
      return this.setState('offline', `This computer is offline; ${this.waitingCount()} course(s) will sync when it is back online.`);
    }
    if (this.pausedUntil !== null && this.pausedUntil > this.clockMs()) return;

    let account: Account | null;
    try {
      account = await handle.backend.account();
    } catch (error) {
      return this.backOff(null, asSyncError(error, 'checking the session'));
    }
    this.account = account;
    if (!account) return this.needsSignIn('Not signed in to the backend.');
    if (!handle.organizationId) return this.needsSignIn('No organisation is chosen for publishing.');
    if (this.outbox.nextDue() === null) {
      this.consecutiveFailures = 0;
      return this.setState('idle', null);
    }

    this.setState('syncing', null);
    let refreshed = false;
    for (let entry = this.outbox.nextDue(); entry && !this.stopping; entry = this.outbox.nextDue()) {
      let outcome: PushOutcome;
      try {
        outcome = await pushCourse({ store: this.options.store, outbox: this.outbox, backend: handle.backend, account, organizationId: handle.organizationId }, entry);
      } catch (error) {
        const failure = asSyncError(error, 'pushing the course');
        if (failure.kind === 'auth') {
          if (!refreshed) {
            refreshed = true;
            let renewed: boolean;
            try {
              renewed = await handle.backend.refresh();
            } catch (refreshError) {
              return this.backOff(entry, asSyncError(refreshError, 'refreshing the session'));
            }
            if (renewed) {
              this.note(null, 'info', 'The session had expired; renewed it and carrying on');
              continue;
            }
          }
          return this.needsSignIn(`The session has expired (${failure.message})`);
        }
        if (failure.retryable) return this.backOff(entry, failure);
        this.outbox.markFailed(entry, failure.message);
        this.note(entry.courseId, 'error', failure.message, { kind: failure.kind, status: failure.status, code: failure.code });
        this.setState('syncing', null, [entry.courseId]);
        continue;
      }
      this.settle(entry, outcome);
    }
    if (this.state === 'syncing') this.setState('idle', null);
  }

  private settle(entry: OutboxEntry, outcome: PushOutcome): void {
    this.consecutiveFailures = 0;
    this.pausedUntil = null;
    switch (outcome.kind) {
      case 'synced':
        this.outbox.markDone(entry, { remoteVersion: outcome.remoteVersion, pushId: outcome.pushId });
        this.note(entry.courseId, 'success', `Synced (backend version ${outcome.remoteVersion})`, {
          remoteId: outcome.remoteId,
          rows: outcome.rows,
          removed: outcome.removed,
          attempts: entry.attempts + 1,
          ...(entry.force ? { overwrote: true } : {}),
        });
        break;
      case 'conflict':
        this.outbox.markConflict(entry, outcome.remoteVersion, outcome.message);
        this.note(entry.courseId, 'warning', outcome.message, { remoteVersion: outcome.remoteVersion });
        break;
      case 'gone':
        this.outbox.markObsolete(entry, 'the course no longer exists on this computer');
        this.note(entry.courseId, 'info', 'Skipped: the course no longer exists on this computer');
        break;
      case 'unpublished':
        this.outbox.markObsolete(entry, 'the course was edited since its approval and waits for a new one');
        this.note(entry.courseId, 'info', 'Not synced: the course was edited since its approval; approve and publish it again to sync it');
        break;
    }
    this.setState('syncing', null, [entry.courseId]);
  }

  private backOff(entry: OutboxEntry | null, failure: SyncError): void {
    this.consecutiveFailures++;
    const attempt = entry ? entry.attempts + 1 : this.consecutiveFailures;
    const retryAt = this.clockMs() + backoffDelay(Math.max(attempt, this.consecutiveFailures), this.retry, this.random);
    this.pausedUntil = retryAt;
    const when = new Date(retryAt).toISOString();
    // The course keeps the reason; when the next try is, it learns from next_attempt_at.
    if (entry) this.outbox.markRetry(entry, failure.message, retryAt);
    this.note(entry?.courseId ?? null, 'warning', `${failure.message} Retrying at ${when}.`, {
      kind: failure.kind,
      status: failure.status,
      attempt,
    });
    const waiting = this.waitingCount();
    this.setState(
      'offline',
      failure.kind === 'network'
        ? `The backend cannot be reached; ${waiting} course(s) will sync when it can.`
        : `The backend is having trouble (${failure.status ?? 'error'}); ${waiting} course(s) will sync when it recovers.`,
      entry ? [entry.courseId] : [],
    );
  }

  private needsSignIn(reason: string): void {
    const hadAccount = this.account !== null;
    this.account = null;
    const waiting = this.waitingCount();
    const message = `${reason.replace(/\.$/, '')}. Sign in again in Settings → Sync${waiting > 0 ? `; ${waiting} course(s) are waiting to sync and will not be lost` : ''}.`;
    // Worth a log line when a session was lost or work is held up; not for a fresh setup.
    if (this.state !== 'needs_sign_in' && (hadAccount || waiting > 0)) this.note(null, 'warning', message);
    this.setState('needs_sign_in', message);
  }
}
