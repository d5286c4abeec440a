// The single door to the model for the whole process: one request limiter (p-limit) and
// one back-off gate shared by every job and by outline generation, so the request limit
// and a 429's slow-down apply globally. The limit can change while requests run.
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { BackoffGate } from './backoff-gate';
import type { Clock } from './clock';
import { NetworkMonitor, httpProbe, type Probe } from './network-monitor';
import { ProviderError, type ModelProvider, type StructuredRequest } from './provider';
import { callStructured, type CallAttemptRecord, type RetryPolicy } from './structured-call';

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
}

export interface GatewayCall<T> {
  request: Omit<StructuredRequest, 'signal' | 'repair'>;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
  onAttempt?: (record: CallAttemptRecord) => void;
  onRetry?: (info: { attempt: number; delayMs: number; error: ProviderError }) => void;
  /** Checked inside the request slot, just before sending: throw to stop (e.g. the job is pausing). */
  beforeSend?: () => void;
}

export class ModelGateway {
  readonly gate: BackoffGate;
  readonly network: NetworkMonitor;
  private readonly limit: LimitFunction;

  constructor(private readonly options: GatewayOptions) {
    this.gate = new BackoffGate(options.clock);
    this.limit = pLimit(options.requestLimit);
    const probe = options.probe ?? (() => httpProbe(options.baseURL?.() ?? 'https://api.anthropic.com')());
    this.network = new NetworkMonitor(probe, options.clock, {
      minDelayMs: options.offlineProbeMs?.min ?? 1_000,
      maxDelayMs: options.offlineProbeMs?.max ?? 30_000,
    });
  }

  get requestLimit(): number {
    return this.limit.concurrency;
  }

  set requestLimit(value: number) {
    this.limit.concurrency = value;
  }

  get activeRequests(): number {
    return this.limit.activeCount;
  }

  get pendingRequests(): number {
    return this.limit.pendingCount;
  }

  call<T>(call: GatewayCall<T>) {
    const limiter = <R>(fn: () => Promise<R>): Promise<R> =>
      this.limit(() => {
        call.beforeSend?.();
        return fn();
      });
    return callStructured(
      {
        provider: this.offlineAware(this.options.provider()),
        limiter,
        gate: this.gate,
        clock: this.options.clock,
        ...(this.options.policy ? { policy: this.options.policy } : {}),
        ...(this.options.random ? { random: this.options.random } : {}),
      },
      {
        request: call.request,
        schema: call.schema,
        ...(call.signal ? { signal: call.signal } : {}),
        ...(call.onAttempt ? { onAttempt: call.onAttempt } : {}),
        ...(call.onRetry ? { onRetry: call.onRetry } : {}),
      },
    );
  }

  /**
   * A connection failure while the host is unreachable is not the request's fault: the
   * call waits for the network and is sent again, without spending one of its retries.
   * When the host answers the probe, the failure is the request's and the policy decides.
   */
  private offlineAware(provider: ModelProvider): ModelProvider {
    const network = this.network;
    return {
      name: provider.name,
      model: provider.model,
      async call(request) {
        for (;;) {
          await network.waitOnline(request.signal);
          try {
            return await provider.call(request);
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
