// The single door to the model for the whole process: one request limiter (p-limit) and
// one ProviderHealth (network, 429 gate, overload breaker, learned rate budget) shared by
// every job and by outline generation, so the request limit, a 429's slow-down and an
// outage's wait apply globally. The limit can change while requests run; the requests
// allowed at once are the user's limit less what the account's 429s taught (RateBudget).
// A step routed to a local server (GatewayOptions.route) goes through that server's own
// lane instead: its own limit (a laptop runs one answer at a time) and its own health (a
// server that is not running is waited for, as the network is), so Claude calls and local
// calls of different jobs run side by side, each under its own limit.
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import type { ModelStep } from '../../shared/model-routing';
import type { BackoffGate } from './backoff-gate';
import type { Clock } from './clock';
import { NetworkMonitor, httpProbe, type Probe } from './network-monitor';
import { ProviderError, type ModelProvider, type StructuredRequest } from './provider';
import { ProviderHealth, type BreakerPolicy, type HealthState } from './provider-health';
import { RateBudget } from './rate-budget';
import { callStructured, type CallAttemptRecord, type RetryInfo, type RetryPolicy } from './structured-call';

export interface GatewayOptions {
  clock: Clock;
  /** Called for each call so a changed API key or model applies to the next request. */
  provider: () => ModelProvider;
  requestLimit: number;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
  /** Reachability check of the API host; defaults to an HTTP HEAD of the provider's base URL. */
  probe?: Probe;
  /** Base URL for the default probe. */
  baseURL?: () => string;
  /** How often to look for the network again while offline. */
  offlineProbeMs?: { min: number; max: number };
  /**
   * Why no request can be sent now (no API key is set), or null. Calls that wait while
   * blocked look again this often (`blockedPollMs`, default 1 s); others fail at once.
   */
  blockedReason?: () => string | null;
  blockedPollMs?: number;
  /** The overload breaker's thresholds and probe intervals (tests shorten them). */
  breaker?: Partial<BreakerPolicy>;
  /** The provider's name in "not sending" messages ("Claude API"). */
  providerName?: string;
  /**
   * The economy transport: the provider a unit's requests travel through instead of the live
   * one (runner/transports/batch.ts), or null when the live provider has no batch API.
   */
  economy?: (unit: TransportUnit, live: ModelProvider, drain: AbortSignal | undefined) => ModelProvider | null;
  /**
   * Where a call of `step` goes: null for the main provider (above), or a lane of its own.
   * Asked for every call, so a routing changed in Settings applies to the next one.
   */
  route?: (step: ModelStep) => ProviderLane | null;
}

/** A model server with its own request limit and health, beside the main provider. */
export interface ProviderLane {
  /** Calls whose lanes share a key share one request limit and one health (one server). */
  key: string;
  provider: () => ModelProvider;
  requestLimit: number;
  /** Whether the server answers at all: while not, calls wait for it, spending no retries. */
  probe: Probe;
  /** "Ollama at 127.0.0.1:11434", for the "not sending now" state. */
  name: string;
  /** What to say while the server cannot be reached ("Ollama is not running at … — start it, …"). */
  offlineMessage: string;
  /** Over the gateway's policy: a local model's tries are slow, so it gets fewer. */
  policy?: Partial<RetryPolicy>;
  /** Asks the server how much context it gives the model, so `provider().contextTokens` says it (Ollama); never throws. */
  learnContext?: () => Promise<void>;
}

interface Lane {
  spec: ProviderLane;
  limit: LimitFunction;
  health: ProviderHealth;
}

/** A local server's lane that is holding its calls back, and what to tell a person. */
export interface LaneHold {
  state: HealthState;
  /** A sentence for the queue: "Waiting for the local model server: Ollama is not running at …". */
  sentence: string;
}

/** Which unit of which job a call is, for a transport that keeps requests across restarts. */
export interface TransportUnit {
  jobId: string;
  unitKey: string;
}

export interface GatewayCall<T> {
  request: Omit<StructuredRequest, 'signal' | 'repair'>;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
  onAttempt?: (record: CallAttemptRecord) => void;
  onRetry?: (info: RetryInfo) => void;
  /** Checked inside the request slot, just before sending: throw to stop (e.g. the job is pausing). */
  beforeSend?: () => void;
  /** Ends every wait of a call whose work is stopping, never a request on the wire (see callStructured). */
  drain?: AbortSignal;
  /**
   * Background work: while `blockedReason` says no request can go (no API key), wait for
   * it to clear instead of failing. A person waiting on a foreground call is told at once.
   */
  waitWhileBlocked?: boolean;
  /** Economy mode: the unit's requests go through the economy transport (Message Batches). */
  economy?: TransportUnit;
  /** Which step the call is for, so the routing can send it to a local server. */
  step?: ModelStep;
}

export class ModelGateway {
  readonly health: ProviderHealth;
  /**
   * The economy units' own pacing-free health: their requests wait in batches, not in
   * request slots. The network is the shared one; a batch's submission asks `health`.
   */
  readonly #batchHealth: ProviderHealth;
  private readonly limit: LimitFunction;
  private userLimit: number;
  readonly #lanes = new Map<string, Lane>();
  readonly #laneListeners = new Set<() => void>();

  constructor(private readonly options: GatewayOptions) {
    this.userLimit = options.requestLimit;
    this.limit = pLimit(options.requestLimit);
    const probe = options.probe ?? (() => httpProbe(options.baseURL?.() ?? 'https://api.anthropic.com')());
    const network = new NetworkMonitor(probe, options.clock, {
      minDelayMs: options.offlineProbeMs?.min ?? 1_000,
      maxDelayMs: options.offlineProbeMs?.max ?? 30_000,
    });
    this.health = new ProviderHealth({
      clock: options.clock,
      network,
      budget: new RateBudget(options.requestLimit),
      ...(options.breaker ? { breaker: options.breaker } : {}),
      ...(options.providerName ? { providerName: options.providerName } : {}),
    });
    this.#batchHealth = new ProviderHealth({ clock: options.clock, network, pacing: false });
  }

  /** The clock every wait of a call uses. */
  get clock(): Clock {
    return this.options.clock;
  }

  /** Sets the economy transport (the runner's batch cycle; see GatewayOptions.economy). */
  useEconomy(economy: GatewayOptions['economy']): void {
    this.options.economy = economy;
  }

  /** The account's 429 gate (part of `health`). */
  get gate(): BackoffGate {
    return this.health.gate;
  }

  /** The API host's reachability (part of `health`). */
  get network(): NetworkMonitor {
    return this.health.network;
  }

  /** The user's "requests at once": a maximum, never exceeded. */
  get requestLimit(): number {
    return this.userLimit;
  }

  set requestLimit(value: number) {
    this.userLimit = value;
    this.health.budget.setMaxConcurrency(value);
    this.syncConcurrency();
  }

  /** Requests allowed at once now: the user's limit, or less while the account pushes back. */
  get effectiveRequestLimit(): number {
    return Math.min(this.userLimit, this.health.budget.concurrency);
  }

  private syncConcurrency(): void {
    const next = this.effectiveRequestLimit;
    if (this.limit.concurrency !== next) this.limit.concurrency = next;
  }

  get activeRequests(): number {
    return this.limit.activeCount;
  }

  get pendingRequests(): number {
    return this.limit.pendingCount;
  }

  /** Each local server's lane that is holding calls back now (a server not running, busy, failing). */
  laneHolds(): LaneHold[] {
    return [...this.#lanes.values()].flatMap((lane) => {
      const state = lane.health.state;
      if (state.cause === null) return [];
      const sentence =
        state.cause === 'offline'
          ? `Waiting for the local model server: ${lane.spec.offlineMessage}`
          : state.cause === 'overloaded'
            ? `${state.provider} keeps failing — waiting, then trying again`
            : `${state.provider} asked to wait`;
      return [{ state, sentence }];
    });
  }

  /** Whether calls of `step` go to a lane of their own (a local server) rather than the main provider. */
  routesAway(step: ModelStep): boolean {
    try {
      return this.options.route?.(step) != null;
    } catch {
      return false;
    }
  }

  /**
   * The model that calls of `step` go to, for sizing what they send (its context window and
   * answer room): a lane's provider, else the main one; null when there is none yet (no key).
   */
  modelFor(step: ModelStep): Pick<ModelProvider, 'contextTokens' | 'maxTokens' | 'kind'> | null {
    try {
      const spec = this.options.route?.(step);
      return spec ? spec.provider() : this.options.provider();
    } catch {
      return null;
    }
  }

  /**
   * Learns the context windows of the local servers `steps` go to (Ollama's /api/show), for
   * `modelFor`; at most a few seconds, and nothing happens for Claude or a server that does
   * not say.
   */
  async learnContexts(steps: readonly ModelStep[]): Promise<void> {
    const specs = steps.flatMap((step) => {
      try {
        const spec = this.options.route?.(step);
        return spec ? [spec] : [];
      } catch {
        return [];
      }
    });
    await Promise.all(specs.map((spec) => spec.learnContext?.().catch(() => undefined)));
  }

  /** Called when any local lane's state changes (the queue shows it); returns an unsubscribe. */
  onLaneChange(listener: () => void): () => void {
    this.#laneListeners.add(listener);
    return () => this.#laneListeners.delete(listener);
  }

  call<T>(call: GatewayCall<T>): ReturnType<typeof callStructured<T>> {
    let lane: Lane | null;
    try {
      lane = this.laneFor(call);
    } catch (error) {
      return Promise.reject(error);
    }
    if (lane) return this.laneCall(call, lane);
    const waitSignal = call.drain ? (call.signal ? AbortSignal.any([call.signal, call.drain]) : call.drain) : call.signal;
    // A wait cut short by the drain throws the drain's reason, which the caller knows as its own stop.
    const waiting = async (wait: Promise<void>): Promise<void> => {
      try {
        await wait;
      } catch (e) {
        throw call.drain?.aborted && !call.signal?.aborted ? call.drain.reason : e;
      }
    };
    const ready = async () => {
      await waiting(this.whileBlocked(call, waitSignal));
      await waiting(this.network.waitOnline(waitSignal));
    };
    if (call.economy && this.options.economy) {
      const unit = call.economy;
      return (async () => {
        // The key first: which transport a unit takes depends on the provider it finds.
        await waiting(this.whileBlocked(call, waitSignal));
        const economy = this.economyProvider(call, unit);
        if (!economy) return this.liveCall(call, ready);
        // No request slot: a batch holds its requests, however many, for up to a day.
        const unlimited = async <R>(fn: () => Promise<R>): Promise<R> => {
          call.beforeSend?.();
          await ready();
          return fn();
        };
        return callStructured(
          { provider: economy, limiter: unlimited, health: this.#batchHealth, clock: this.options.clock, ...this.retryOptions() },
          this.callOptions(call),
        );
      })();
    }
    return this.liveCall(call, ready);
  }

  /** The lane of a routed step, made on first use; null: the main provider's. */
  private laneFor(call: GatewayCall<unknown>): Lane | null {
    const spec = call.step && this.options.route ? this.options.route(call.step) : null;
    if (!spec) return null;
    let lane = this.#lanes.get(spec.key);
    if (!lane) {
      const network = new NetworkMonitor(spec.probe, this.options.clock, {
        minDelayMs: this.options.offlineProbeMs?.min ?? 1_000,
        maxDelayMs: this.options.offlineProbeMs?.max ?? 30_000,
      });
      const health = new ProviderHealth({
        clock: this.options.clock,
        network,
        budget: new RateBudget(spec.requestLimit),
        ...(this.options.breaker ? { breaker: this.options.breaker } : {}),
        providerName: spec.name,
      });
      lane = { spec, limit: pLimit(spec.requestLimit), health };
      this.#lanes.set(spec.key, lane);
      health.onChange(() => {
        for (const listener of [...this.#laneListeners]) {
          try {
            listener();
          } catch {
            // A broken listener (the UI) must never stop model calls.
          }
        }
      });
    }
    if (lane.spec.requestLimit !== spec.requestLimit) lane.health.budget.setMaxConcurrency(spec.requestLimit);
    lane.spec = spec;
    return lane;
  }

  /**
   * A call on a local server's lane: no key to wait for and no economy transport; the lane's
   * own slots and health, and a server that is not running waited for like the network.
   */
  private laneCall<T>(call: GatewayCall<T>, lane: Lane): ReturnType<typeof callStructured<T>> {
    const waitSignal = call.drain ? (call.signal ? AbortSignal.any([call.signal, call.drain]) : call.drain) : call.signal;
    const ready = async () => {
      try {
        await lane.health.network.waitOnline(waitSignal);
      } catch (e) {
        throw call.drain?.aborted && !call.signal?.aborted ? call.drain.reason : e;
      }
    };
    const sync = () => {
      const next = Math.min(lane.spec.requestLimit, lane.health.budget.concurrency);
      if (lane.limit.concurrency !== next) lane.limit.concurrency = next;
    };
    sync();
    return callStructured(
      {
        provider: this.sendWhenReady(() => lane.spec.provider(), ready, lane.health.network),
        limiter: this.slots(call, ready, lane.limit, sync),
        health: lane.health,
        inFlight: () => lane.limit.activeCount,
        clock: this.options.clock,
        policy: { ...this.options.policy, ...lane.spec.policy },
        ...(this.options.random ? { random: this.options.random } : {}),
      },
      this.callOptions(call),
    );
  }

  /** Request slots of `limit`: each waits until it can be sent, then sends. */
  private slots(call: GatewayCall<unknown>, ready: () => Promise<void>, limit: LimitFunction, sync: () => void) {
    return <R>(fn: () => Promise<R>): Promise<R> =>
      limit(async () => {
        try {
          call.beforeSend?.();
          // Nothing can go out without a key or a network: wait before the attempt starts,
          // so a pause or a cancel meanwhile costs no attempt.
          await ready();
          return await fn();
        } finally {
          // A 429 narrows the window and answers widen it again: applied as each slot frees.
          sync();
        }
      });
  }

  private liveCall<T>(call: GatewayCall<T>, ready: () => Promise<void>): ReturnType<typeof callStructured<T>> {
    const limiter = this.slots(call, ready, this.limit, () => this.syncConcurrency());
    return callStructured(
      {
        provider: this.sendWhenReady(this.providerFor(call), ready, this.network),
        limiter,
        health: this.health,
        inFlight: () => this.limit.activeCount,
        clock: this.options.clock,
        ...this.retryOptions(),
      },
      this.callOptions(call),
    );
  }

  private retryOptions() {
    return {
      ...(this.options.policy ? { policy: this.options.policy } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
    };
  }

  private callOptions<T>(call: GatewayCall<T>) {
    return {
      request: call.request,
      schema: call.schema,
      ...(call.signal ? { signal: call.signal } : {}),
      ...(call.drain ? { drain: call.drain } : {}),
      ...(call.onAttempt ? { onAttempt: call.onAttempt } : {}),
      ...(call.onRetry ? { onRetry: call.onRetry } : {}),
    };
  }

  /**
   * The economy transport for this call, or null to go live: no transport configured, no
   * key yet (the live path waits for it), or a provider without a batch API.
   */
  private economyProvider(call: GatewayCall<unknown>, unit: TransportUnit): ModelProvider | null {
    if (!this.options.economy) return null;
    let live: ModelProvider;
    try {
      live = this.options.provider();
    } catch {
      return null;
    }
    return this.options.economy(unit, live, call.drain);
  }

  /** Resolves once no key is missing, for a call that waits while blocked; at once for any other. */
  private async whileBlocked(call: GatewayCall<unknown>, signal: AbortSignal | undefined): Promise<void> {
    const blockedReason = this.options.blockedReason;
    if (!call.waitWhileBlocked || !blockedReason) return;
    while (blockedReason() !== null) await this.options.clock.sleep(this.options.blockedPollMs ?? 1_000, signal);
  }

  /**
   * A call that waits while blocked looks its provider up for every attempt, after the wait,
   * so the key set meanwhile (or a changed model) is the one used. Any other call takes it
   * once, now: a foreground call without a key fails here, with the reason, before it queues.
   */
  private providerFor(call: GatewayCall<unknown>): () => ModelProvider {
    if (call.waitWhileBlocked && this.options.blockedReason) return () => this.options.provider();
    const provider = this.options.provider();
    return () => provider;
  }

  /**
   * Every attempt first waits until it can be sent (`ready`: the key, the network). A
   * connection failure while the host is unreachable is not the request's fault: the call
   * waits for the network and is sent again, without spending one of its retries. When the
   * host answers the probe, the failure is the request's and the policy decides.
   */
  private sendWhenReady(resolve: () => ModelProvider, ready: () => Promise<void>, network: NetworkMonitor): ModelProvider {
    let current: ModelProvider | null = null;
    const known = (): ModelProvider | null => {
      try {
        return current ?? resolve();
      } catch {
        return null;
      }
    };
    return {
      // Read by the policy only after an attempt, when `current` is set.
      get name() {
        return known()?.name ?? 'model';
      },
      get model() {
        return known()?.model ?? '';
      },
      get maxOutputTokens() {
        return known()?.maxOutputTokens;
      },
      get kind() {
        return known()?.kind;
      },
      giveUpOnInvalidOutput(tries: number) {
        const provider = known();
        return provider?.giveUpOnInvalidOutput ? provider.giveUpOnInvalidOutput(tries) : '';
      },
      async call(request) {
        for (;;) {
          await ready();
          current = resolve();
          try {
            return await current.call(request);
          } catch (error) {
            const connection = error instanceof ProviderError && (error.kind === 'network' || error.kind === 'timeout');
            if (connection && !request.signal?.aborted && !(await network.confirmOnline())) continue;
            throw error;
          }
        }
      },
    };
  }
}
