// THE retry policy. Every model call in the app goes through callStructured, so retries,
// back-off, the provider's health (network, 429 gate, overload breaker, rate budget), the
// in-flight limit, validation with repair, and per-attempt cost accounting are decided in
// exactly one place.
//
// What spends a call's retries: a failure that is the request's own (a 5xx while the
// provider is otherwise answering, an invalid answer). What does not: a 429 (the account
// saying "slower") and any failure met while the provider is down (the breaker is open,
// or this failure opened it): such a call waits with everyone else and is sent again.
import type { ServiceTier } from '../../shared/economy';
import { z } from 'zod';
import type { TokenUsage } from '../../shared/domain';
import { abortError, isAbortError, throwIfAborted, type Clock } from './clock';
import { costOf } from './pricing';
import type { Permit, ProviderHealth, SendOutcome } from './provider-health';
import {
  ProviderError,
  type ModelProvider,
  type ModelResult,
  type ProviderErrorKind,
  type ProviderKind,
  type StructuredRequest,
  type ToolSpec,
} from './provider';

export interface RetryPolicy {
  /** Retries after the first attempt: 3 means at most 4 attempts. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of the computed delay that is randomised away: 0 = none, 1 = full jitter. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  // Half jitter: spreads simultaneous retries apart without ever retrying almost at once.
  jitter: 0.5,
};

export interface CallAttemptRecord {
  attempt: number;
  startedAt: number;
  latencyMs: number;
  /** Who served the call; absent: 'anthropic'. */
  provider?: ProviderKind;
  model: string;
  usage: TokenUsage;
  /**
   * Set when tokens are estimated: the output of a stream that broke off before reporting
   * it, or the whole usage of a server that reports none.
   */
  usageEstimated?: boolean;
  costUsd: number;
  /** The price tier the cost is at. */
  serviceTier: ServiceTier;
  outcome: 'ok' | 'error' | 'invalid_output' | 'aborted';
  errorKind: ProviderErrorKind | null;
  errorMessage: string | null;
  requestId: string | null;
}

export interface StructuredCallDeps {
  provider: ModelProvider;
  /** A p-limit instance shared by all jobs: bounds requests in flight across the runner. */
  limiter: <T>(fn: () => Promise<T>) => Promise<T>;
  /** May a request go out now: network, 429 gate, overload breaker, rate budget (shared by every call). */
  health: ProviderHealth;
  /** Requests in flight across the process, for the rate budget's halving on a 429. */
  inFlight?: () => number;
  clock: Clock;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
}

export interface StructuredCallOptions<T> {
  request: Omit<StructuredRequest, 'signal' | 'repair'>;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
  /**
   * Aborted when the work behind this call is being stopped (a paused job): every wait (the
   * gate, a request slot, a back-off) ends at once and `drain.reason` is thrown, so the
   * caller recognises its own stop. A request already sent is never cut: its answer lands.
   */
  drain?: AbortSignal;
  onAttempt?: (rec: CallAttemptRecord) => void;
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  error: ProviderError;
  /**
   * The failure spent none of the call's retries: a 429, or the provider is down (the
   * breaker is open). The call waits on the shared state and is sent again.
   */
  held?: boolean;
}

export interface StructuredCallResult<T> {
  value: T;
  attempts: number;
  usage: TokenUsage;
  costUsd: number;
}

const ZERO_USAGE: TokenUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
const MAX_REPAIR_CHARS = 2000;

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

/** Exponential delay before retry number `attempt` (1-based), capped, with jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(exp * (1 - jitter * random()));
}

/** "lessons[2].objectives: Too small: …; title: Required" — short enough to send back to the model. */
export function formatZodError(error: z.ZodError, maxChars = MAX_REPAIR_CHARS): string {
  const parts = error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const next = out ? `${out}; ${parts[i]}` : parts[i]!;
    if (next.length > maxChars) {
      const more = `; … and ${parts.length - i} more`;
      return (out || parts[i]!.slice(0, maxChars - more.length)) + more;
    }
    out = next;
  }
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * A tool spec whose input schema is the zod schema the answer is validated against, so the
 * model and the validator read the same rules. JSON Schema 2020-12 is what the Messages API
 * accepts; `io: 'input'` describes what the model must send (before defaults/transforms).
 */
export function toolFromSchema(name: string, description: string, schema: z.ZodType): ToolSpec {
  let inputSchema = inputSchemas.get(schema);
  if (!inputSchema) {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete json['$schema'];
    inputSchema = oneOfAsAnyOf(json) as Record<string, unknown>;
    inputSchemas.set(schema, inputSchema);
  }
  return { name, description, inputSchema };
}

/**
 * The JSON Schema of each answer schema, made once: a call per unit converted it anew (about
 * a millisecond each). Shared between calls, so nothing may change it: providers copy what
 * they adapt (the OpenAI-compatible simplifier returns a new object).
 */
const inputSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * zod writes a discriminated union (a quiz question's types) as `oneOf`, which Anthropic's
 * structured outputs do not take; `anyOf` says the same here, since each alternative's
 * `type` is a different constant, so at most one can match.
 */
function oneOfAsAnyOf(node: unknown, namesProperties = false): unknown {
  if (Array.isArray(node)) return node.map((item) => oneOfAsAnyOf(item));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  // Under `properties` the keys are field names: a field may be called oneOf.
  for (const [key, value] of Object.entries(node)) out[key === 'oneOf' && !namesProperties ? 'anyOf' : key] = oneOfAsAnyOf(value, key === 'properties' && !namesProperties);
  return out;
}

export async function callStructured<T>(deps: StructuredCallDeps, opts: StructuredCallOptions<T>): Promise<StructuredCallResult<T>> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };
  const random = deps.random ?? Math.random;
  const { provider, limiter, health, clock } = deps;
  const gate = health.gate;
  const { signal, drain } = opts;
  const maxAttempts = Math.max(1, Math.floor(policy.maxRetries) + 1);
  // What every wait listens to; the request itself listens only to `signal`.
  const waitSignal = drain ? (signal ? AbortSignal.any([signal, drain]) : drain) : signal;
  // A cancel wins over a drain: it is the stronger stop.
  const drained = (): boolean => drain?.aborted === true && !signal?.aborted;
  const waitOrDrain = async (wait: Promise<void>): Promise<void> => {
    try {
      await wait;
    } catch (e) {
      throw drained() ? drain!.reason : e;
    }
  };

  let usage = ZERO_USAGE;
  let costUsd = 0;
  let repair: StructuredRequest['repair'];
  // An answer cut off at the output limit is asked for once more with room to finish it.
  let maxTokens = opts.request.maxTokens;
  let firstCutOff: number | null = null;
  // Attempts that counted against the budget (held ones do not).
  let charged = 0;

  const record = (rec: Omit<CallAttemptRecord, 'costUsd' | 'serviceTier'> & { serviceTier?: ServiceTier }): void => {
    const serviceTier = rec.serviceTier ?? provider.serviceTier ?? 'standard';
    const kind = provider.kind ?? 'anthropic';
    const cost = costOf(rec.model, rec.usage, serviceTier, kind);
    usage = addUsage(usage, rec.usage);
    costUsd += cost;
    opts.onAttempt?.({ ...rec, ...(kind !== 'anthropic' ? { provider: kind } : {}), serviceTier, costUsd: cost });
  };

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    if (drained()) throw drain!.reason;
    // Wait for the gate before taking a limiter slot so a rate-limited runner does not sit
    // on every slot; then look again inside the slot, since a 429 elsewhere may have pushed
    // the gate back while we queued for it.
    await waitOrDrain(health.ready(waitSignal));

    let startedAt = clock.now();
    let sent = false;
    let held = false;
    // Held back at the provider's last check (the gate closed while it was being built) and
    // stopped there: it never went out, so it is no attempt to record or pay for.
    let lastCheckStarted = false;
    let lastCheckPassed = false;
    let computedDelay: number | null = null;
    const delayFor = (err: ProviderError): number =>
      // A provider-level invalid_output (no tool call, cut off, not JSON) is the model's
      // doing, not the server's: retry at once rather than back off.
      err.kind === 'invalid_output' ? 0 : (computedDelay ??= backoffDelay(policy, attempt, random));
    let result: ModelResult;
    try {
      // Raced against the signal because a cancel must not wait for a slot to free up; a
      // drain ends the wait too, but never a request already sent.
      const slot = limiter(async () => {
        const permit: Permit = await health.acquire(waitSignal);
        if (signal?.aborted || drained()) health.settle(permit, 'aborted');
        throwIfAborted(signal);
        if (drained()) throw drain!.reason;
        startedAt = clock.now();
        sent = true;
        let answer: ModelResult;
        try {
          answer = await provider.call({
            ...opts.request,
            ...(maxTokens !== undefined ? { maxTokens } : {}),
            signal,
            ...(repair ? { repair } : {}),
            // The 429 gate once more, as late as the request can be held back (see lastCheck).
            lastCheck: async () => {
              lastCheckStarted = true;
              await gate.wait(signal);
              lastCheckPassed = true;
            },
            onHeaders: (rateLimit) => health.observe(permit, rateLimit),
          });
        } catch (e) {
          // Settled before this slot is handed on: otherwise the next queued call takes the
          // slot and goes out before the 429 closed the gate or the outage opened the breaker.
          const failure = e instanceof ProviderError ? e : null;
          if (failure?.kind === 'rate_limit') {
            gate.pushBack(clock.now() + (failure.retryAfterMs ?? delayFor(failure)), `Rate limited by ${provider.name} (429)`);
          }
          const outcome = failure ? outcomeOf(failure) : signal?.aborted ? 'aborted' : 'answered';
          held = health.settle(permit, outcome, {
            rateLimit: failure?.rateLimit ?? null,
            inFlight: deps.inFlight?.() ?? 1,
          }).held;
          throw e;
        }
        health.settle(permit, 'answered', { rateLimit: answer.rateLimit ?? null, usage: answer.usage });
        return answer;
      });
      result = await raceAbort(waitSignal === signal ? slot : raceAbort(slot, waitSignal, () => sent), signal);
    } catch (e) {
      // Drained before the request went out (the provider may also have been waiting to
      // send it, e.g. for the network): not an attempt, nothing to record or pay for.
      if (drained() && (!sent || e === drain!.reason)) throw drain!.reason;
      if (lastCheckStarted && !lastCheckPassed) sent = false;
      const err = toProviderError(e, signal);
      // Cancelled while still waiting for the gate or a slot: nothing was sent, no attempt.
      if (sent) {
        record({
          attempt,
          startedAt,
          latencyMs: Math.max(0, clock.now() - startedAt),
          model: provider.model,
          usage: err.usage ?? ZERO_USAGE,
          ...(err.usageEstimated ? { usageEstimated: true } : {}),
          outcome: err.kind === 'aborted' ? 'aborted' : err.kind === 'invalid_output' ? 'invalid_output' : 'error',
          errorKind: err.kind,
          errorMessage: err.message,
          requestId: err.requestId,
        });
      }
      if (err.kind === 'aborted' || signal?.aborted) throw err.kind === 'aborted' ? err : abortError(signal);
      if (err.outputLimit !== null) {
        // Asked the same way, the answer would be cut off the same way: ask once with twice
        // the room (as far as the model can write), and stop if that is cut off too.
        firstCutOff ??= err.outputLimit;
        const next = Math.min(provider.maxOutputTokens ?? err.outputLimit, err.outputLimit * 2);
        const raisedAlready = err.outputLimit > firstCutOff;
        charged++;
        if (raisedAlready || next <= err.outputLimit || charged >= maxAttempts) throw cutOff(err, firstCutOff, provider);
        maxTokens = next;
        const retry = new ProviderError('invalid_output', `${err.message} Asking again with room for ${tokens(next)} tokens.`, {
          requestId: err.requestId,
          usage: err.usage,
          outputLimit: err.outputLimit,
          cause: err,
        });
        opts.onRetry?.({ attempt, delayMs: 0, error: retry });
        continue;
      }
      if (!err.retryable) throw err;
      if (held) {
        // Not the request's failure: it waits for the gate or the breaker (next `ready`).
        if (drained()) throw drain!.reason;
        opts.onRetry?.({ attempt, delayMs: Math.max(0, (health.state.until ?? clock.now()) - clock.now()), error: err, held: true });
        continue;
      }
      charged++;
      if (charged >= maxAttempts) throw err.kind === 'invalid_output' ? gaveUpOnShape(err, charged, provider) ?? exhausted(err, charged) : exhausted(err, charged);
      // A drained call starts nothing new: the attempt above is kept, the unit is redone later.
      if (drained()) throw drain!.reason;

      const delayMs = Math.max(delayFor(err), err.retryAfterMs ?? 0);
      opts.onRetry?.({ attempt, delayMs, error: err });
      if (delayMs > 0) await waitOrDrain(clock.sleep(delayMs, waitSignal));
      continue;
    }

    const parsed = opts.schema.safeParse(result.input);
    const base = {
      attempt,
      startedAt,
      latencyMs: result.latencyMs,
      model: result.model || provider.model,
      usage: result.usage,
      ...(result.usageEstimated ? { usageEstimated: true } : {}),
      requestId: result.requestId,
      ...(result.serviceTier ? { serviceTier: result.serviceTier } : {}),
    };
    if (parsed.success) {
      record({ ...base, outcome: 'ok', errorKind: null, errorMessage: null });
      return { value: parsed.data, attempts: attempt, usage, costUsd };
    }

    const issues = formatZodError(parsed.error);
    record({ ...base, outcome: 'invalid_output', errorKind: 'invalid_output', errorMessage: issues });
    const err = new ProviderError('invalid_output', `The model's answer did not match the expected format: ${issues}`, {
      requestId: result.requestId,
      usage: result.usage,
    });
    charged++;
    if (charged >= maxAttempts) {
      const advised = gaveUpOnShape(err, charged, provider);
      if (advised) throw advised;
      throw new ProviderError(
        'invalid_output',
        `The model's answer did not match the expected format after ${charged} attempt${charged === 1 ? '' : 's'}: ${issues}`,
        { requestId: result.requestId, cause: err },
      );
    }
    // Every invalid answer is fed back (not just the first): the model fixes its own
    // output far more reliably than it regenerates a valid one from scratch.
    repair = { toolUseId: result.toolUseId, previousInput: result.input, error: issues };
    opts.onRetry?.({ attempt, delayMs: 0, error: err });
  }
}

/** How a failed request bears on the provider's health (see ProviderHealth.settle). */
function outcomeOf(error: ProviderError): SendOutcome {
  switch (error.kind) {
    case 'rate_limit':
      return 'rate_limited';
    case 'overloaded':
    case 'server':
    case 'network':
    case 'timeout':
      return 'transient';
    case 'aborted':
      return 'aborted';
    default:
      // The provider answered; the request or the answer was at fault.
      return 'answered';
  }
}

/** Rejects as soon as `signal` aborts, unless `unless()` says the wait is over by then. */
function raceAbort<R>(promise: Promise<R>, signal?: AbortSignal, unless: () => boolean = () => false): Promise<R> {
  if (!signal) return promise;
  return new Promise<R>((resolve, reject) => {
    const onAbort = () => {
      if (!unless()) reject(abortError(signal));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function toProviderError(e: unknown, signal?: AbortSignal): ProviderError {
  if (e instanceof ProviderError) return e;
  if (signal?.aborted || isAbortError(e)) return abortError(signal);
  // A provider that breaks its contract (throws something unclassified) is a bug: do not
  // retry it as if it were a server hiccup.
  const message = e instanceof Error ? e.message : String(e);
  return new ProviderError('bad_request', `The model request failed unexpectedly: ${message}`, { cause: e });
}

function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** The unit's failure for an answer still cut off: how long it got, and what a person can change. */
function cutOff(err: ProviderError, configured: number, provider: ModelProvider): ProviderError {
  const limit = err.outputLimit ?? configured;
  const room = provider.maxOutputTokens;
  const tried = limit > configured ? ` (a first try with ${tokens(configured)} was cut off too)` : '';
  const message =
    room !== undefined && limit >= room
      ? `The model's answer was cut off at ${tokens(limit)} output tokens, the most ${provider.model} can write in one answer, before it was complete. ` +
        'Choose a model that writes longer answers in Settings, or ask for less in one request (for example, fewer lessons in a project).'
      : `The model's answer was cut off at ${tokens(limit)} output tokens before it was complete${tried}. ` +
        `Raise "Max tokens per request" in Settings, or --max-tokens on the command line (now ${tokens(configured)}${room !== undefined ? `; ${provider.model} can write up to ${tokens(room)}` : ''}), then retry.`;
  return new ProviderError('invalid_output', message, {
    requestId: err.requestId,
    usage: err.usage,
    outputLimit: limit,
    cause: err,
  });
}

/** The provider's own words for answers out of shape every time (see ModelProvider.giveUpOnInvalidOutput). */
function gaveUpOnShape(err: ProviderError, tries: number, provider: ModelProvider): ProviderError | null {
  const advice = provider.giveUpOnInvalidOutput?.(tries);
  if (!advice) return null;
  return new ProviderError('invalid_output', `${advice}. The last answer: ${err.message}`, { requestId: err.requestId, cause: err });
}

function exhausted(err: ProviderError, attempts: number): ProviderError {
  return new ProviderError(err.kind, `Gave up after ${attempts} attempts. ${err.message}`, {
    status: err.status,
    retryAfterMs: err.retryAfterMs,
    requestId: err.requestId,
    cause: err,
  });
}
