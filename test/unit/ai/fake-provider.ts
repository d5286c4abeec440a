// A scripted ModelProvider for the retry-policy tests: each call takes the next step.
import type { TokenUsage } from '../../../src/shared/domain';
import type { Clock } from '../../../src/main/ai/clock';
import { ProviderError, type ModelProvider, type ModelResult, type StructuredRequest } from '../../../src/main/ai/provider';

export type Step =
  | { input: unknown; usage?: Partial<TokenUsage>; delayMs?: number }
  | { error: ProviderError; delayMs?: number }
  | ((req: StructuredRequest, call: number) => Promise<ModelResult>);

export interface FakeProvider extends ModelProvider {
  requests: StructuredRequest[];
  callTimes: number[];
  inFlight: number;
  maxInFlight: number;
}

export const USAGE: TokenUsage = { input: 1000, output: 500, cacheRead: 0, cacheWrite: 0 };

export function fakeProvider(clock: Clock, steps: Step[] | ((call: number, req: StructuredRequest) => Step), model = 'claude-sonnet-4-5'): FakeProvider {
  let n = 0;
  const p: FakeProvider = {
    name: 'fake',
    model,
    requests: [],
    callTimes: [],
    inFlight: 0,
    maxInFlight: 0,
    async call(req) {
      const call = n++;
      p.requests.push(req);
      p.callTimes.push(clock.now());
      const step = typeof steps === 'function' ? steps(call, req) : steps[Math.min(call, steps.length - 1)];
      if (!step) throw new Error('no step');
      if (typeof step === 'function') return step(req, call);
      p.inFlight++;
      p.maxInFlight = Math.max(p.maxInFlight, p.inFlight);
      try {
        // An answer's headers come back at once (its body takes the delay); an error has none.
        if (!('error' in step)) req.onHeaders?.(null);
        if (step.delayMs) await clock.sleep(step.delayMs, req.signal);
        if ('error' in step) throw step.error;
        return {
          input: step.input,
          toolUseId: `toolu_${call}`,
          usage: { ...USAGE, ...step.usage },
          model,
          requestId: `req_${call}`,
          latencyMs: step.delayMs ?? 0,
          stopReason: 'tool_use',
        };
      } finally {
        p.inFlight--;
      }
    },
  };
  return p;
}

export function err(kind: ConstructorParameters<typeof ProviderError>[0], opts: ConstructorParameters<typeof ProviderError>[2] = {}): ProviderError {
  return new ProviderError(kind, `fake ${kind}`, opts);
}

/** Attaches handlers at once so a rejection is never "unhandled" while the clock is driven. */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
