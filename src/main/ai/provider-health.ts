// The one answer to "may a request go out now?", for every call of the process (job units,
// outline options, regenerations). Four things can say no, and they are causes of one
// state, not four timers:
//   - the network: the API host cannot be reached (NetworkMonitor probes it);
//   - the account's 429 gate: the server said "retry after" (BackoffGate);
//   - the overload breaker: the provider keeps failing (529, 5xx, timeouts, dropped
//     connections), so nothing is sent but one probe at growing intervals;
//   - the rate budget: the account's learned limits leave no room yet (RateBudget).
// A call asks `ready` before it takes a request slot and `acquire` inside it, sends, then
// reports the outcome with `settle`, which tells it whether its failure was the provider's
// outage (the call waits, spending none of its retries) or its own.
//
// Breaker rule: it opens after 5 transient failures in a row across all calls, in the order
// the requests were sent (answers land out of order: an answer to a request sent before the
// failing ones says nothing about the provider now, and a failure of a request sent before
// an answered one says nothing either), or when
// more than half of at least 10 calls in the last 30 s failed transiently. Five in a row
// is what one overload stretch does to the calls in flight within a second or two, while
// the mixed fault rates seen in practice (a few per cent of each kind) almost never line
// up five times; the window rule catches an outage that a lucky success keeps resetting.
// While open, one probe request goes out after 15 s, then 30 s, 1 min, 2 min, capped at
// 5 min; the first probe that gets an answer closes the breaker. Only the probe's answer
// does: an answer to a request sent before the breaker opened was accepted before the
// outage and says nothing about now (closing on it sent the held calls back into the
// outage, six at once, until five more failed). A failed probe is confirmed twice, 15 s
// apart, before the wait doubles: a stray failure or two (a lone 500, a dropped connection)
// of a provider that is back would otherwise double the wait after the outage, and two
// more probe requests per interval cost the API nothing it would notice.
//
// Slow start: until the account's first answer has been seen (its rate-limit headers come
// with the response's headers, well before the answer ends), one request is out at a time,
// for 2 s at most (a first request that hangs must not hold everything until its timeout).
// A first wave larger than the account's burst met a 429 with every request but the first
// few, and requests still leaving the process after that 429 arrived inside its window.
// The same one-at-a-time holds once the latest request (in send order) failed transiently,
// until a request sent after it is answered: at an outage's onset, each failure frees a
// request slot, and without it every freed slot sent a new request into the outage before
// the fifth failure had been read (with the rule at two failures, a loaded CI machine still
// saw one more than the slots). A lone fault costs little: the requests sent after it are
// already in flight, and the first of them to be answered ends the trial.
import { BackoffGate } from './backoff-gate';
import { throwIfAborted, type Clock } from './clock';
import { NetworkMonitor } from './network-monitor';
import { RateBudget, type BudgetTicket, type RateLimitSnapshot } from './rate-budget';

export interface BreakerPolicy {
  consecutiveFailures: number;
  windowMs: number;
  windowMinCalls: number;
  /** Share of transient failures in the window above which the breaker opens. */
  windowShare: number;
  firstProbeMs: number;
  maxProbeMs: number;
  /** Probes that confirm a failed one, `firstProbeMs` apart, before the interval doubles. */
  confirmations: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = {
  consecutiveFailures: 5,
  windowMs: 30_000,
  windowMinCalls: 10,
  windowShare: 0.5,
  firstProbeMs: 15_000,
  maxProbeMs: 5 * 60_000,
  confirmations: 2,
};

/** What became of a request, as far as the provider's health is concerned. */
export type SendOutcome =
  /** The provider answered (a valid answer, or one the model got wrong, or a 4xx). */
  | 'answered'
  /** 529, 5xx, timeout, dropped connection: the provider's trouble, not the request's. */
  | 'transient'
  /** 429: the account's limit. Never a failure of the call. */
  | 'rate_limited'
  /** Cancelled or never completed: says nothing about the provider. */
  | 'aborted';

export type HoldCause = 'offline' | 'overloaded' | 'rate_limited';

/** The "not sending now" state, for the queue page, the tracker, the CLI and the event stream. */
export interface HealthState {
  cause: HoldCause | null;
  /** When this stretch of not sending began (epoch ms). */
  since: number | null;
  /** The next try: a probe, the gate reopening (epoch ms); null when unknown. */
  until: number | null;
  /** The provider's name for messages ("Claude API"). */
  provider: string;
}

/** What the breaker needs to survive a restart: a crash while it is open must not send a burst. */
export interface BreakerSnapshot {
  openedAt: number;
  nextProbeAt: number;
  intervalMs: number;
}

/** Time spent not sending, per cause, since the process started (the morning report reads deltas). */
export interface WaitTotals {
  overloadedMs: number;
  offlineMs: number;
  rateLimitedMs: number;
}

export interface Permit {
  readonly probe: boolean;
  readonly ticket: BudgetTicket;
}

interface Breaker extends BreakerSnapshot {
  probing: boolean;
  /** Failed probes still to confirm at this interval before it doubles. */
  confirmationsLeft: number;
}

export interface ProviderHealthOptions {
  clock: Clock;
  gate?: BackoffGate;
  network?: NetworkMonitor;
  budget?: RateBudget;
  breaker?: Partial<BreakerPolicy>;
  providerName?: string;
  /**
   * False for the economy transport's units: a request there waits in a batch for up to a
   * day, so neither the slow start nor the one-at-a-time after a failure applies, and its
   * breaker never opens (the batch's submission asks the shared health instead).
   */
  pacing?: boolean;
}

const ALWAYS_ONLINE = () => Promise.resolve(true);
const SLOW_START_MAX_MS = 2_000;
/** Transient failures in a row (send order) after which requests go one at a time. */
export const SUSPECT_AFTER = 1;

export class ProviderHealth {
  readonly gate: BackoffGate;
  readonly network: NetworkMonitor;
  readonly budget: RateBudget;
  readonly policy: BreakerPolicy;
  readonly providerName: string;
  readonly #clock: Clock;
  #breaker: Breaker | null = null;
  /** Send order of the latest request the provider answered. */
  #lastAnsweredSeq = 0;
  /** Requests sent after it that failed transiently: the current run of failures, in send order. */
  #failuresSince: number[] = [];
  /** Whether any answer (or its headers) has come back: until then, one request at a time. */
  #heardBack = false;
  /** Permits given and not yet settled. */
  #unsettled = 0;
  /** When the slow start gives up waiting for the first answer (set by the first permit). */
  #slowStartEnds: number | null = null;
  /** While failures suggest an outage is starting: how long one request at a time may hold the rest. */
  #suspectEnds: number | null = null;
  #recent: { at: number; transient: boolean }[] = [];
  #changed = deferred();
  readonly #listeners = new Set<(state: HealthState) => void>();
  #totals: WaitTotals = { overloadedMs: 0, offlineMs: 0, rateLimitedMs: 0 };
  #lastState: HealthState;
  #lastStateAt: number;
  readonly #pacing: boolean;

  constructor(options: ProviderHealthOptions) {
    this.#clock = options.clock;
    this.gate = options.gate ?? new BackoffGate(options.clock);
    this.network = options.network ?? new NetworkMonitor(ALWAYS_ONLINE, options.clock);
    this.budget = options.budget ?? new RateBudget(Number.MAX_SAFE_INTEGER);
    this.policy = { ...DEFAULT_BREAKER_POLICY, ...options.breaker };
    this.providerName = options.providerName ?? 'Claude API';
    this.#pacing = options.pacing ?? true;
    if (!this.#pacing) this.policy = { ...this.policy, consecutiveFailures: Number.POSITIVE_INFINITY, windowMinCalls: Number.POSITIVE_INFINITY };
    this.#lastState = this.state;
    this.#lastStateAt = this.#clock.now();
    this.gate.onChange(() => this.#emit());
    this.network.onChange(() => this.#emit());
  }

  get breakerOpen(): boolean {
    return this.#breaker !== null;
  }

  /** Transient failures of the latest requests, in send order, since one was answered. */
  get failuresInARow(): number {
    return this.#failuresSince.length;
  }

  /**
   * The latest request failed but the breaker is not open yet: requests go one at a time,
   * each a trial of the provider (a classic breaker's half-open state, entered from closed).
   * In an outage, at most `consecutiveFailures - SUSPECT_AFTER` of them go out before it opens.
   */
  get trialing(): boolean {
    return this.#breaker === null && this.#failuresSince.length >= SUSPECT_AFTER;
  }

  get state(): HealthState {
    const now = this.#clock.now();
    const base = { provider: this.providerName };
    if (this.network.offline) return { ...base, cause: 'offline', since: this.network.offlineSince, until: null };
    if (this.#breaker) {
      return { ...base, cause: 'overloaded', since: this.#breaker.openedAt, until: this.#breaker.probing ? null : Math.max(now, this.#breaker.nextProbeAt) };
    }
    const until = this.gate.waitingUntil;
    if (until !== null) return { ...base, cause: 'rate_limited', since: null, until };
    return { ...base, cause: null, since: null, until: null };
  }

  /** Cumulative time spent not sending, by cause; a stretch still open counts up to now. */
  get waitTotals(): WaitTotals {
    return this.#accumulated(this.#clock.now());
  }

  snapshot(): BreakerSnapshot | null {
    const b = this.#breaker;
    return b ? { openedAt: b.openedAt, nextProbeAt: b.nextProbeAt, intervalMs: b.intervalMs } : null;
  }

  /** A breaker that was open when the process stopped: it stays open and probes first. */
  restore(saved: BreakerSnapshot | null): void {
    if (!saved || this.#breaker) return;
    const intervalMs = Math.min(this.policy.maxProbeMs, Math.max(this.policy.firstProbeMs, saved.intervalMs));
    this.#breaker = { openedAt: saved.openedAt, nextProbeAt: Math.max(this.#clock.now(), saved.nextProbeAt), intervalMs, probing: false, confirmationsLeft: this.policy.confirmations };
    this.#emit();
  }

  onChange(listener: (state: HealthState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves once a request could go out: online, the 429 gate open, and the breaker closed
   * or due for its probe. Takes nothing: a call asks this before it queues for a slot.
   */
  async ready(signal?: AbortSignal): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      await this.network.waitOnline(signal);
      await this.gate.wait(signal);
      const b = this.#breaker;
      if (!b) return;
      const now = this.#clock.now();
      if (!b.probing && now >= b.nextProbeAt) return;
      await this.#waitForChange(b.probing ? null : b.nextProbeAt - now, signal);
    }
  }

  /**
   * Inside a request slot, just before sending: waits as `ready` does, then for room in the
   * account's budget, and takes it. While the breaker is open, only the call that becomes
   * the probe gets through.
   */
  async acquire(signal?: AbortSignal): Promise<Permit> {
    for (;;) {
      await this.ready(signal);
      const now = this.#clock.now();
      const b = this.#breaker;
      if (b) {
        if (b.probing || now < b.nextProbeAt) continue;
        b.probing = true;
        this.#unsettled++;
        this.#emit();
        return { probe: true, ticket: this.budget.take(now) };
      }
      if (!this.#pacing) {
        this.#unsettled++;
        return { probe: false, ticket: this.budget.take(now) };
      }
      if (!this.#heardBack && this.#unsettled > 0 && this.#slowStartEnds !== null && now < this.#slowStartEnds) {
        await this.#waitForChange(this.#slowStartEnds - now, signal);
        continue;
      }
      this.#slowStartEnds ??= now + SLOW_START_MAX_MS;
      if (this.#failuresSince.length >= SUSPECT_AFTER && this.#unsettled > 0) {
        this.#suspectEnds ??= now + SLOW_START_MAX_MS;
        if (now < this.#suspectEnds) {
          await this.#waitForChange(this.#suspectEnds - now, signal);
          continue;
        }
      }
      const wait = this.budget.delayBeforeNext(now);
      if (wait > 0) {
        await this.#waitForChange(wait, signal);
        continue;
      }
      this.#unsettled++;
      return { probe: false, ticket: this.budget.take(now) };
    }
  }

  /**
   * What became of a request sent under `permit`. Returns `held` when the call must not
   * count this failure against its retries: the breaker is open (the outage is the
   * provider's), or the account asked it to slow down (429).
   */
  /**
   * The response's headers arrived (an answer is on its way): the account's buckets as they
   * stand, learned before the answer ends. Ends the slow start.
   */
  observe(permit: Permit | null, rateLimit: RateLimitSnapshot | null): void {
    const learned = this.#learned();
    this.budget.observe(rateLimit, permit?.ticket ?? null, this.#clock.now());
    const first = !this.#heardBack;
    this.#heardBack = true;
    if (first || this.#learned() !== learned) this.#emit();
  }

  settle(
    permit: Permit | null,
    outcome: SendOutcome,
    info: { rateLimit?: RateLimitSnapshot | null; usage?: { input: number; output: number; cacheWrite: number } | null; inFlight?: number } = {},
  ): { held: boolean } {
    const now = this.#clock.now();
    const learned = this.#learned();
    this.budget.observe(info.rateLimit ?? null, permit?.ticket ?? null, now);
    if (permit) this.#unsettled = Math.max(0, this.#unsettled - 1);
    const suspectBefore = this.#failuresSince.length >= SUSPECT_AFTER;
    this.#suspectEnds = null;
    const first = !this.#heardBack && outcome !== 'aborted';
    if (first) this.#heardBack = true;
    const b = this.#breaker;
    if (permit?.probe && b) b.probing = false;
    const result = this.#settle(permit, outcome, info, now, b);
    // The account's limits learned or changed, or fewer (more) requests allowed at once: the
    // queue shows both, so listeners hear of it like any other change of state. A slot freed
    // during the slow start wakes the next waiter the same way.
    if (first || !this.#heardBack || suspectBefore || this.#failuresSince.length >= SUSPECT_AFTER || this.#learned() !== learned) this.#emit();
    return result;
  }

  /** The part of the budget a person sees ("6 at once; account allows ~50 requests/min"). */
  #learned(): string {
    const l = this.budget.limits;
    return `${this.budget.concurrency}|${l.requestsPerMinute}|${l.inputTokensPerMinute}|${l.outputTokensPerMinute}`;
  }

  #settle(
    permit: Permit | null,
    outcome: SendOutcome,
    info: { rateLimit?: RateLimitSnapshot | null; usage?: { input: number; output: number; cacheWrite: number } | null; inFlight?: number },
    now: number,
    b: Breaker | null,
  ): { held: boolean } {
    switch (outcome) {
      case 'answered':
        this.budget.answered(info.usage ?? null);
        this.#note(now, false, permit);
        if (b && permit?.probe) this.#close();
        return { held: false };
      case 'rate_limited':
        this.budget.rateLimited(info.rateLimit ?? null, info.inFlight ?? 1, now);
        // The server answered: it is not down. A probe that met the limit closes the breaker
        // and leaves the waiting to the gate.
        this.#note(now, false, permit);
        if (b && permit?.probe) this.#close();
        else this.#emit();
        return { held: true };
      case 'transient': {
        this.#note(now, true, permit);
        if (b) {
          if (permit?.probe) {
            if (b.confirmationsLeft > 0) {
              b.confirmationsLeft--;
              b.nextProbeAt = now + this.policy.firstProbeMs;
            } else {
              b.intervalMs = Math.min(this.policy.maxProbeMs, b.intervalMs * 2);
              b.confirmationsLeft = this.policy.confirmations;
              b.nextProbeAt = now + b.intervalMs;
            }
          }
          this.#emit();
          return { held: true };
        }
        if (this.#shouldOpen(now)) {
          this.#open(now);
          return { held: true };
        }
        return { held: false };
      }
      case 'aborted':
        // The probe never finished: let the next waiting call probe straight away.
        if (permit?.probe && b) this.#emit();
        return { held: false };
    }
  }

  #note(at: number, transient: boolean, permit: Permit | null): void {
    const seq = permit?.ticket.seq ?? Number.MAX_SAFE_INTEGER;
    if (transient) {
      if (seq > this.#lastAnsweredSeq) this.#failuresSince.push(seq);
    } else if (seq > this.#lastAnsweredSeq) {
      this.#lastAnsweredSeq = seq;
      this.#failuresSince = this.#failuresSince.filter((f) => f > seq);
    }
    this.#recent.push({ at, transient });
    const from = at - this.policy.windowMs;
    while (this.#recent.length > 0 && (this.#recent[0]!.at < from || this.#recent.length > 200)) this.#recent.shift();
  }

  #shouldOpen(now: number): boolean {
    if (this.#failuresSince.length >= this.policy.consecutiveFailures) return true;
    const from = now - this.policy.windowMs;
    const recent = this.#recent.filter((r) => r.at >= from);
    if (recent.length < this.policy.windowMinCalls) return false;
    return recent.filter((r) => r.transient).length / recent.length > this.policy.windowShare;
  }

  #open(now: number): void {
    // The first probe's failure doubles at once: the five (or more) that opened it confirm it.
    this.#breaker = { openedAt: now, nextProbeAt: now + this.policy.firstProbeMs, intervalMs: this.policy.firstProbeMs, probing: false, confirmationsLeft: 0 };
    this.#emit();
  }

  #close(): void {
    this.#breaker = null;
    this.#failuresSince = [];
    this.#recent = [];
    this.#emit();
  }

  /** Waits for any change of state, or `ms` (null: only a change), or the signal. */
  async #waitForChange(ms: number | null, signal?: AbortSignal): Promise<void> {
    const changed = this.#changed.promise;
    // One controller ends every part of the race, so no sleep or listener outlives it.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      const waits: Promise<unknown>[] = [changed, stopped];
      if (ms !== null) waits.push(this.#clock.sleep(Math.max(0, ms), stop.signal).catch(() => undefined));
      await Promise.race(waits);
    } finally {
      stop.abort();
      signal?.removeEventListener('abort', onAbort);
    }
    throwIfAborted(signal);
  }

  #accumulated(now: number): WaitTotals {
    const totals = { ...this.#totals };
    const elapsed = Math.max(0, now - this.#lastStateAt);
    const cause = this.#lastState.cause;
    if (cause === 'overloaded') totals.overloadedMs += elapsed;
    else if (cause === 'offline') totals.offlineMs += elapsed;
    else if (cause === 'rate_limited') totals.rateLimitedMs += Math.min(elapsed, Math.max(0, (this.#lastState.until ?? now) - this.#lastStateAt));
    return totals;
  }

  #emit(): void {
    const now = this.#clock.now();
    this.#totals = this.#accumulated(now);
    this.#lastStateAt = now;
    this.#lastState = this.state;
    const changed = this.#changed;
    this.#changed = deferred();
    changed.resolve();
    for (const listener of [...this.#listeners]) {
      try {
        listener(this.#lastState);
      } catch {
        // A broken listener (the UI) must never stop model calls.
      }
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
