// The single door to the model for the whole process: one request limiter (p-limit) and
// one back-off gate shared by every job and by outline generation, so the request limit
// and a 429's slow-down apply globally. The limit can change while requests run.
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { BackoffGate } from './backoff-gate';
import type { Clock } from './clock';
import type { ModelProvider, StructuredRequest } from './provider';
import { callStructured, type CallAttemptRecord, type RetryPolicy } from './structured-call';
import type { ProviderError } from './provider';

export interface GatewayOptions {
  clock: Clock;
  /** Called for each call so a changed API key or model applies to the next request. */
  provider: () => ModelProvider;
  requestLimit: number;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
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
  private readonly limit: LimitFunction;

  constructor(private readonly options: GatewayOptions) {
    this.gate = new BackoffGate(options.clock);
    this.limit = pLimit(options.requestLimit);
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
        provider: this.options.provider(),
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
}
