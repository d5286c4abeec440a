import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BackoffGate } from '../../../src/main/ai/backoff-gate';
import { ProviderHealth } from '../../../src/main/ai/provider-health';
import { ManualClock, flushAsync } from '../../../src/main/ai/clock';
import { costOf } from '../../../src/main/ai/pricing';
import { ProviderError } from '../../../src/main/ai/provider';
import {
  backoffDelay,
  callStructured,
  DEFAULT_RETRY_POLICY,
  formatZodError,
  toolFromSchema,
  type CallAttemptRecord,
  type StructuredCallDeps,
} from '../../../src/main/ai/structured-call';
import { lessonsToolSchema } from '../../../src/shared/schemas';
import { err, fakeProvider, settle, USAGE, type Step } from './fake-provider';

const schema = z.object({ title: z.string().min(1), items: z.array(z.string()).min(2) });
const GOOD = { title: 'Intro', items: ['a', 'b'] };
const BAD = { title: '', items: ['a'] };

const request = {
  system: 'You write courses.',
  prompt: 'Write it.',
  tool: toolFromSchema('answer', 'Return the answer', schema),
};

function setup(steps: Step[] | ((call: number) => Step), overrides: Partial<StructuredCallDeps> = {}) {
  const clock = new ManualClock(0);
  const gate = new BackoffGate(clock);
  const provider = fakeProvider(clock, steps);
  const deps: StructuredCallDeps = {
    provider,
    limiter: pLimit(4),
    health: new ProviderHealth({ clock, gate }),
    clock,
    random: () => 0,
    ...overrides,
  };
  const attempts: CallAttemptRecord[] = [];
  const retries: { attempt: number; delayMs: number; error: ProviderError }[] = [];
  const run = (signal?: AbortSignal, req = request) =>
    settle(
      callStructured(deps, {
        request: req,
        schema,
        ...(signal ? { signal } : {}),
        onAttempt: (r) => attempts.push(r),
        onRetry: (r) => retries.push(r),
      }),
    );
  return { clock, gate, provider, deps, attempts, retries, run };
}

describe('callStructured', () => {
  it('returns the validated value, usage and cost of a first-time success', async () => {
    const t = setup([{ input: GOOD, usage: { cacheRead: 200 } }]);
    const res = await t.run();
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.value).toEqual(GOOD);
    expect(res.value.attempts).toBe(1);
    expect(res.value.usage).toEqual({ ...USAGE, cacheRead: 200 });
    expect(res.value.costUsd).toBeCloseTo(costOf('claude-sonnet-4-5', { ...USAGE, cacheRead: 200 }), 10);
    expect(t.attempts).toHaveLength(1);
    expect(t.attempts[0]).toMatchObject({ attempt: 1, outcome: 'ok', errorKind: null, requestId: 'req_0', model: 'claude-sonnet-4-5' });
    expect(t.provider.requests[0]!.repair).toBeUndefined();
  });

  it('retries a retryable error at most maxRetries times (4 attempts) then gives up with a readable message', async () => {
    const t = setup([{ error: err('server', { status: 500 }) }]);
    const p = t.run();
    await t.clock.runAll();
    const res = await p;
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const e = res.error as ProviderError;
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.kind).toBe('server');
    expect(e.status).toBe(500);
    expect(e.message).toMatch(/^Gave up after 4 attempts\. fake server/);
    expect(t.provider.requests).toHaveLength(4);
    expect(t.attempts.map((a) => a.outcome)).toEqual(['error', 'error', 'error', 'error']);
    expect(t.retries).toHaveLength(3);
  });

  it('honours a smaller maxRetries from the policy', async () => {
    const t = setup([{ error: err('overloaded') }], { policy: { maxRetries: 1 } });
    const p = t.run();
    await t.clock.runAll();
    await p;
    expect(t.provider.requests).toHaveLength(2);
  });

  it('backs off exponentially, capped, and never attempts before the delay elapses', async () => {
    const t = setup([{ error: err('server') }, { error: err('server') }, { error: err('server') }, { input: GOOD }], {
      policy: { baseDelayMs: 1000, maxDelayMs: 3000, jitter: 0 },
    });
    const p = t.run();
    await t.clock.runAll();
    const res = await p;
    expect(res.ok).toBe(true);
    expect(t.retries.map((r) => r.delayMs)).toEqual([1000, 2000, 3000]);
    expect(t.provider.callTimes).toEqual([0, 1000, 3000, 6000]);
  });

  it('keeps jitter within [exp * (1 - jitter), exp]', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0.5 };
    for (let attempt = 1; attempt <= 6; attempt++) {
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(backoffDelay(policy, attempt, () => 0)).toBe(exp);
      expect(backoffDelay(policy, attempt, () => 0.999999)).toBeGreaterThanOrEqual(Math.floor(exp * 0.5));
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(policy, attempt, Math.random);
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp * 0.5));
        expect(d).toBeLessThanOrEqual(exp);
      }
    }
    expect(backoffDelay({ ...policy, jitter: 1 }, 1, () => 1)).toBe(0);
    expect(backoffDelay({ ...policy, jitter: 0 }, 3, () => 1)).toBe(4000);
    expect(backoffDelay(policy, 20, () => 0)).toBe(30_000);
  });

  it('applies the random source to the real delays', async () => {
    const t = setup([{ error: err('server') }, { error: err('server') }, { input: GOOD }], { random: () => 1 });
    const p = t.run();
    await t.clock.runAll();
    await p;
    expect(t.retries.map((r) => r.delayMs)).toEqual([500, 1000]);
  });

  it('waits at least the server retry-after, even when the computed delay is shorter', async () => {
    const t = setup([{ error: err('rate_limit', { status: 429, retryAfterMs: 10_000 }) }, { input: GOOD }]);
    const p = t.run();
    await t.clock.advance(9_999);
    expect(t.provider.requests).toHaveLength(1);
    await t.clock.advance(1);
    const res = await p;
    expect(res.ok).toBe(true);
    expect(t.provider.callTimes).toEqual([0, 10_000]);
    expect(t.retries[0]!.delayMs).toBe(10_000);
  });

  it('uses the computed delay when retry-after is shorter', async () => {
    const t = setup([{ error: err('overloaded', { retryAfterMs: 10 }) }, { input: GOOD }]);
    const p = t.run();
    await t.clock.runAll();
    await p;
    expect(t.provider.callTimes).toEqual([0, 1000]);
  });

  it('pushes the shared gate back on a 429 so another call waits too', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    const provider = fakeProvider(clock, (call, req) => {
      if (req.prompt === 'A' && call === 0) return { error: err('rate_limit', { status: 429, retryAfterMs: 5000 }) };
      return { input: GOOD };
    });
    const deps: StructuredCallDeps = { provider, limiter: pLimit(4), health: new ProviderHealth({ clock, gate }), clock, random: () => 0 };
    const changes: (number | null)[] = [];
    gate.onChange((s) => changes.push(s.waitingUntil));

    const a = settle(callStructured(deps, { request: { ...request, prompt: 'A' }, schema }));
    await flushAsync();
    expect(gate.waitingUntil).toBe(5000);
    expect(gate.reason).toMatch(/429/);

    await clock.advance(100);
    const b = settle(callStructured(deps, { request: { ...request, prompt: 'B' }, schema }));
    await clock.advance(4800); // t = 4900
    expect(provider.requests.map((r) => r.prompt)).toEqual(['A']);

    await clock.advance(100); // t = 5000
    expect((await a).ok).toBe(true);
    expect((await b).ok).toBe(true);
    const times = Object.fromEntries(provider.requests.map((r, i) => [`${r.prompt}${i}`, provider.callTimes[i]]));
    expect(times).toEqual({ A0: 0, A1: 5000, B2: 5000 });
    expect(changes).toEqual([5000, null]);
    expect(gate.waitingUntil).toBeNull();
  });

  it('honours a 429 that arrives while a call waits for a limiter slot', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    // One slot: B queues behind A, A's slow request ends in a 429.
    const provider = fakeProvider(clock, (call, req) => {
      if (req.prompt === 'A' && call === 0) return { error: err('rate_limit', { retryAfterMs: 8000 }), delayMs: 1000 };
      return { input: GOOD };
    });
    const deps: StructuredCallDeps = { provider, limiter: pLimit(1), health: new ProviderHealth({ clock, gate }), clock, random: () => 0 };
    const a = settle(callStructured(deps, { request: { ...request, prompt: 'A' }, schema }));
    const b = settle(callStructured(deps, { request: { ...request, prompt: 'B' }, schema }));
    await clock.runAll();
    expect((await a).ok).toBe(true);
    expect((await b).ok).toBe(true);
    // B got the slot at t=1000, right after the 429, and must not have gone out before t=9000.
    const bIndex = provider.requests.findIndex((r) => r.prompt === 'B');
    expect(provider.callTimes[bIndex]).toBe(9000);
  });

  it('does not retry a non-retryable error', async () => {
    for (const kind of ['auth', 'permission', 'bad_request', 'not_found', 'spend_limit'] as const) {
      const t = setup([{ error: err(kind, { status: 400 }) }, { input: GOOD }]);
      const res = await t.run();
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect((res.error as ProviderError).kind).toBe(kind);
      expect((res.error as ProviderError).message).toBe(`fake ${kind}`);
      expect(t.provider.requests).toHaveLength(1);
      expect(t.attempts).toHaveLength(1);
      expect(t.clock.pendingTimers).toBe(0);
    }
  });

  it('treats an unclassified provider throw as a bug: no retry', async () => {
    const t = setup([() => Promise.reject(new TypeError('boom')), { input: GOOD }]);
    const res = await t.run();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect((res.error as ProviderError).kind).toBe('bad_request');
    expect((res.error as ProviderError).message).toMatch(/boom/);
    expect(t.provider.requests).toHaveLength(1);
  });

  it('rejects promptly when aborted during a backoff sleep, and does not retry', async () => {
    const t = setup([{ error: err('server') }, { input: GOOD }]);
    const ac = new AbortController();
    const p = t.run(ac.signal);
    await flushAsync();
    expect(t.clock.pendingTimers).toBe(1); // sleeping 1000 ms before the retry
    ac.abort();
    const res = await p; // no clock advance needed
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect((res.error as ProviderError).kind).toBe('aborted');
    expect(t.provider.requests).toHaveLength(1);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('rejects promptly when aborted during a gate wait, without an attempt', async () => {
    const t = setup([{ input: GOOD }]);
    t.gate.pushBack(60_000, 'test');
    const ac = new AbortController();
    const p = t.run(ac.signal);
    await flushAsync();
    ac.abort();
    const res = await p;
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect((res.error as ProviderError).kind).toBe('aborted');
    expect(t.provider.requests).toHaveLength(0);
    expect(t.attempts).toHaveLength(0);
  });

  it('rejects promptly when aborted while queued for a limiter slot', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    const provider = fakeProvider(clock, [{ input: GOOD, delayMs: 10_000 }]);
    const deps: StructuredCallDeps = { provider, limiter: pLimit(1), health: new ProviderHealth({ clock, gate }), clock };
    const a = settle(callStructured(deps, { request, schema }));
    const ac = new AbortController();
    const b = settle(callStructured(deps, { request, schema, signal: ac.signal }));
    await flushAsync();
    ac.abort();
    const res = await b;
    expect(res.ok).toBe(false);
    if (!res.ok) expect((res.error as ProviderError).kind).toBe('aborted');
    await clock.runAll();
    expect((await a).ok).toBe(true);
    expect(provider.requests).toHaveLength(1);
  });

  it('does not start at all with an already-aborted signal', async () => {
    const t = setup([{ input: GOOD }]);
    const ac = new AbortController();
    ac.abort();
    const res = await t.run(ac.signal);
    expect(res.ok).toBe(false);
    expect(t.provider.requests).toHaveLength(0);
  });

  it('records an aborted attempt when the provider reports the abort, and never retries it', async () => {
    const t = setup([{ error: err('aborted') }, { input: GOOD }]);
    const res = await t.run();
    expect(res.ok).toBe(false);
    expect(t.provider.requests).toHaveLength(1);
    expect(t.attempts.map((a) => a.outcome)).toEqual(['aborted']);
  });

  it('sends the next attempt with repair after an invalid answer', async () => {
    const t = setup([{ input: BAD }, { input: GOOD }]);
    const res = await t.run();
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.attempts).toBe(2);
    expect(t.provider.requests).toHaveLength(2);
    const repair = t.provider.requests[1]!.repair!;
    expect(repair.toolUseId).toBe('toolu_0');
    expect(repair.previousInput).toEqual(BAD);
    expect(repair.error).toContain('title: Too small');
    expect(repair.error).toContain('items: Too small');
    expect(t.attempts.map((a) => a.outcome)).toEqual(['invalid_output', 'ok']);
    expect(t.attempts[0]!.errorKind).toBe('invalid_output');
    expect(t.retries[0]!.delayMs).toBe(0);
    expect(res.value.usage).toEqual({ input: 2000, output: 1000, cacheRead: 0, cacheWrite: 0 });
    expect(res.value.costUsd).toBeCloseTo(t.attempts[0]!.costUsd + t.attempts[1]!.costUsd, 12);
  });

  it('keeps the repair across a transient error in between', async () => {
    const t = setup([{ input: BAD }, { error: err('network') }, { input: GOOD }]);
    const p = t.run();
    await t.clock.runAll();
    expect((await p).ok).toBe(true);
    expect(t.provider.requests[2]!.repair?.toolUseId).toBe('toolu_0');
  });

  it('gives up on persistently invalid answers with a message a person can read', async () => {
    const t = setup([{ input: BAD }]);
    const res = await t.run();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const e = res.error as ProviderError;
    expect(e.kind).toBe('invalid_output');
    expect(e.message).toMatch(/^The model's answer did not match the expected format after 4 attempts: title: Too small/);
    expect(t.provider.requests).toHaveLength(4);
    // Each repair carries the latest invalid answer.
    expect(t.provider.requests[3]!.repair!.toolUseId).toBe('toolu_2');
  });

  it('retries provider-level invalid_output (no tool call) immediately, without repair', async () => {
    const t = setup([{ error: err('invalid_output') }, { input: GOOD }]);
    const res = await t.run();
    expect(res.ok).toBe(true);
    expect(t.provider.callTimes).toEqual([0, 0]);
    expect(t.provider.requests[1]!.repair).toBeUndefined();
  });

  it('counts the partial usage and cost of failed attempts', async () => {
    const partial = { input: 3000, output: 40, cacheRead: 0, cacheWrite: 0 };
    const t = setup([{ error: err('network', { usage: partial }) }, { input: GOOD }]);
    const p = t.run();
    await t.clock.runAll();
    const res = await p;
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(t.attempts[0]).toMatchObject({ outcome: 'error', errorKind: 'network', usage: partial });
    expect(t.attempts[0]!.costUsd).toBeCloseTo(costOf('claude-sonnet-4-5', partial), 12);
    expect(res.value.usage).toEqual({ input: 4000, output: 540, cacheRead: 0, cacheWrite: 0 });
    expect(res.value.costUsd).toBeCloseTo(costOf('claude-sonnet-4-5', partial) + costOf('claude-sonnet-4-5', USAGE), 12);
  });

  it('reports every attempt with its timing', async () => {
    const t = setup([{ error: err('server'), delayMs: 200 }, { input: GOOD, delayMs: 300 }]);
    const p = t.run();
    await t.clock.runAll();
    await p;
    expect(t.attempts.map((a) => [a.attempt, a.startedAt, a.latencyMs, a.outcome])).toEqual([
      [1, 0, 200, 'error'],
      [2, 1200, 300, 'ok'],
    ]);
  });

  it('never has more requests in flight than the shared limiter allows', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    const provider = fakeProvider(clock, [{ input: GOOD, delayMs: 1000 }]);
    const deps: StructuredCallDeps = { provider, limiter: pLimit(2), health: new ProviderHealth({ clock, gate }), clock };
    const all = Array.from({ length: 5 }, () => settle(callStructured(deps, { request, schema })));
    await flushAsync();
    expect(provider.inFlight).toBe(2);
    await clock.runAll();
    const results = await Promise.all(all);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(provider.maxInFlight).toBe(2);
    expect(provider.callTimes).toEqual([0, 0, 1000, 1000, 2000]);
  });
});

describe('toolFromSchema', () => {
  it('produces an object JSON schema without $schema', () => {
    const tool = toolFromSchema('write_lessons', 'Write the lessons', lessonsToolSchema(3));
    expect(tool.name).toBe('write_lessons');
    expect(tool.inputSchema['$schema']).toBeUndefined();
    expect(tool.inputSchema['type']).toBe('object');
    const lessons = (tool.inputSchema['properties'] as Record<string, Record<string, unknown>>)['lessons']!;
    expect(lessons['minItems']).toBe(3);
    expect(lessons['maxItems']).toBe(3);
  });
});

describe('formatZodError', () => {
  it('names the path of each issue', () => {
    const s = z.object({ lessons: z.array(z.object({ objectives: z.array(z.string()).min(1) })) });
    const r = s.safeParse({ lessons: [{ objectives: ['x'] }, { objectives: ['y'] }, { objectives: [] }] });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(formatZodError(r.error)).toMatch(/^lessons\[2\]\.objectives: Too small/);
  });

  it('caps long error lists', () => {
    const s = z.array(z.string().min(5));
    const r = s.safeParse(Array.from({ length: 500 }, () => 'x'));
    if (r.success) throw new Error('expected failure');
    const text = formatZodError(r.error, 2000);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/… and \d+ more$/);
  });
});

describe('callStructured while its work drains', () => {
  class Stop extends Error {}

  function drainable(steps: Step[], limiter = pLimit(4)) {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    const provider = fakeProvider(clock, steps);
    const deps: StructuredCallDeps = { provider, limiter, health: new ProviderHealth({ clock, gate }), clock, random: () => 0 };
    const drain = new AbortController();
    const attempts: CallAttemptRecord[] = [];
    const run = () => settle(callStructured(deps, { request, schema, drain: drain.signal, onAttempt: (r) => attempts.push(r) }));
    const stop = new Stop('draining');
    return { clock, gate, provider, deps, drain: () => drain.abort(stop), stop, attempts, run };
  }

  it('stops a back-off sleep at once with the drain reason, keeping the failed attempt', async () => {
    const t = drainable([{ error: err('server', { status: 500 }) }, { input: GOOD }]);
    const p = t.run();
    await flushAsync();
    expect(t.clock.pendingTimers).toBe(1);
    t.drain();
    const res = await p; // no clock advance needed
    expect(res).toEqual({ ok: false, error: t.stop });
    expect(t.provider.requests).toHaveLength(1);
    expect(t.attempts.map((a) => a.outcome)).toEqual(['error']);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it("stops a wait for a 429's gate at once, without an attempt", async () => {
    const t = drainable([{ input: GOOD }]);
    t.gate.pushBack(12_000, 'Rate limited');
    const p = t.run();
    await flushAsync();
    t.drain();
    expect(await p).toEqual({ ok: false, error: t.stop });
    expect(t.provider.requests).toHaveLength(0);
    expect(t.attempts).toHaveLength(0);
  });

  it('stops a wait for a request slot, and never sends once the slot frees', async () => {
    const t = drainable([{ input: GOOD, delayMs: 10_000 }], pLimit(1));
    const other = settle(callStructured(t.deps, { request, schema }));
    const p = t.run();
    await flushAsync();
    t.drain();
    expect(await p).toEqual({ ok: false, error: t.stop });
    await t.clock.runAll();
    expect((await other).ok).toBe(true);
    expect(t.provider.requests).toHaveLength(1);
  });

  it('lets a request already sent land: its answer is returned, its request never aborted', async () => {
    const t = drainable([{ input: GOOD, delayMs: 5_000 }]);
    const p = t.run();
    await flushAsync();
    t.drain();
    await t.clock.runAll();
    const res = await p;
    expect(res.ok).toBe(true);
    expect(t.provider.requests[0]!.signal?.aborted ?? false).toBe(false);
    expect(t.attempts.map((a) => a.outcome)).toEqual(['ok']);
  });

  it('does not retry a request that failed after the drain began', async () => {
    const t = drainable([{ error: err('overloaded'), delayMs: 1_000 }, { input: GOOD }]);
    const p = t.run();
    await flushAsync();
    t.drain();
    await t.clock.runAll();
    expect(await p).toEqual({ ok: false, error: t.stop });
    expect(t.provider.requests).toHaveLength(1);
    expect(t.attempts.map((a) => a.outcome)).toEqual(['error']);
  });

  it('a cancel still wins over a drain', async () => {
    const t = drainable([{ input: GOOD }]);
    t.gate.pushBack(12_000, 'Rate limited');
    const cancel = new AbortController();
    const drain = new AbortController();
    const p = settle(callStructured(t.deps, { request, schema, signal: cancel.signal, drain: drain.signal }));
    await flushAsync();
    cancel.abort();
    drain.abort(t.stop);
    const res = await p;
    expect(res.ok).toBe(false);
    if (!res.ok) expect((res.error as ProviderError).kind).toBe('aborted');
  });
});

describe('callStructured with an answer cut off at the output limit', () => {
  /** A provider whose answers are cut off whenever they get fewer than `needs` tokens. */
  function cutOffUnder(needs: number, room: number | null = 64_000) {
    const clock = new ManualClock(0);
    const provider = Object.assign(
      fakeProvider(clock, (_call, req) => {
        const limit = req.maxTokens ?? 8_192;
        return limit >= needs
          ? { input: GOOD, usage: { output: needs } }
          : { error: err('invalid_output', { outputLimit: limit, usage: { ...USAGE, output: limit } }) };
      }),
      room === null ? {} : { maxOutputTokens: room },
    );
    const deps: StructuredCallDeps = { provider, limiter: pLimit(4), health: new ProviderHealth({ clock }), clock, random: () => 0 };
    const retries: { attempt: number; delayMs: number; error: ProviderError }[] = [];
    const run = () => settle(callStructured(deps, { request, schema, onRetry: (r) => retries.push(r) }));
    return { provider, retries, run };
  }

  it('asks once more with twice the room, not the same request again', async () => {
    const t = cutOffUnder(12_000);
    const res = await t.run();
    expect(res.ok).toBe(true);
    expect(t.provider.requests.map((r) => r.maxTokens)).toEqual([undefined, 16_384]);
    expect(t.retries).toHaveLength(1);
    expect(t.retries[0]!.delayMs).toBe(0);
    expect(t.retries[0]!.error.message).toMatch(/Asking again with room for 16,384 tokens\.$/);
  });

  it('fails after the larger try is cut off too, saying where it stopped and what to change in Settings', async () => {
    const t = cutOffUnder(40_000);
    const res = await t.run();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(t.provider.requests).toHaveLength(2);
    const e = res.error as ProviderError;
    expect(e.retryable).toBe(true); // the kind is unchanged; the policy simply does not try again
    expect(e.outputLimit).toBe(16_384);
    expect(e.message).toBe(
      "The model's answer was cut off at 16,384 output tokens before it was complete (a first try with 8,192 was cut off too). " +
        'Raise "Max tokens per request" in Settings, or --max-tokens on the command line (now 8,192; claude-sonnet-4-5 can write up to 64,000), then retry.',
    );
  });

  it('never asks for more than the model can write, and says when Settings cannot help', async () => {
    const t = cutOffUnder(20_000, 12_000);
    const res = await t.run();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(t.provider.requests.map((r) => r.maxTokens)).toEqual([undefined, 12_000]);
    expect((res.error as ProviderError).message).toMatch(
      /^The model's answer was cut off at 12,000 output tokens, the most claude-sonnet-4-5 can write in one answer, before it was complete\. Choose a model/,
    );
  });

  it('does not raise the limit of a provider that does not say how far it can go', async () => {
    const t = cutOffUnder(12_000, null);
    const res = await t.run();
    expect(res.ok).toBe(false);
    expect(t.provider.requests).toHaveLength(1);
    if (!res.ok) expect((res.error as ProviderError).message).toMatch(/cut off at 8,192 output tokens before it was complete\. Raise "Max tokens per request" in Settings, or --max-tokens on the command line \(now 8,192\), then retry\.$/);
  });
});
