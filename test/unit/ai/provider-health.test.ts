// The overload breaker and the 429 rule, driven through callStructured with a manual clock:
// what an outage costs in requests and in retries, and what it does not.
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock, flushAsync } from '../../../src/main/ai/clock';
import { ProviderHealth, type HealthState } from '../../../src/main/ai/provider-health';
import { callStructured, toolFromSchema, type StructuredCallDeps } from '../../../src/main/ai/structured-call';
import { err, fakeProvider, settle, type Step } from './fake-provider';

const schema = z.object({ title: z.string().min(1) });
const GOOD = { title: 'Intro' };
const request = { system: 'You write courses.', prompt: 'Write it.', tool: toolFromSchema('answer', 'Return the answer', schema) };

/** A provider that is down (529) until `upAt`, then answers. */
function outage(clock: ManualClock, upAt: number, kind: 'overloaded' | 'server' = 'overloaded') {
  return fakeProvider(clock, (): Step => (clock.now() < upAt ? { error: err(kind, { status: kind === 'overloaded' ? 529 : 503 }), delayMs: 100 } : { input: GOOD, delayMs: 100 }));
}

function rig(steps: Parameters<typeof fakeProvider>[1], limit = 4) {
  const clock = new ManualClock(0);
  const health = new ProviderHealth({ clock });
  const provider = fakeProvider(clock, typeof steps === 'function' ? steps : steps);
  const deps: StructuredCallDeps = { provider, limiter: pLimit(limit), health, clock, random: () => 0 };
  const states: HealthState[] = [];
  health.onChange((s) => states.push(s));
  return { clock, health, provider, deps, states };
}

describe('the overload breaker', () => {
  it('opens after 5 transient failures in a row, sends one probe at growing intervals, and fails no call', async () => {
    const clock = new ManualClock(0);
    const health = new ProviderHealth({ clock });
    // The batch is under way: answers have come back before (no slow start).
    health.observe(null, null);
    const provider = outage(clock, 100_000);
    const deps: StructuredCallDeps = { provider, limiter: pLimit(6), health, clock, random: () => 0 };
    const calls = Array.from({ length: 6 }, () => settle(callStructured(deps, { request, schema })));
    await clock.advance(150);
    // Six in flight failed together: the fifth opened the breaker, none spent a retry on it.
    expect(health.breakerOpen).toBe(true);
    expect(health.state).toMatchObject({ cause: 'overloaded', since: 100, until: 15_100 });
    const sentAtOpen = provider.requests.length;
    expect(sentAtOpen).toBe(6);

    // One request at a time while the provider stays down: a probe at +15 s, then +30 s;
    // a failure at that interval is confirmed twice, 15 s apart, before the wait doubles.
    await clock.advance(15_000);
    expect(provider.requests.length).toBe(sentAtOpen + 1);
    await clock.advance(29_000);
    expect(provider.requests.length).toBe(sentAtOpen + 1);
    await clock.advance(2_000);
    expect(provider.requests.length).toBe(sentAtOpen + 2);
    expect(health.state.until).toBe(45_300 + 15_000);

    // The provider is back at 100 s; the probe at 135.5 s succeeds and everyone goes.
    await clock.runAll();
    const results = await Promise.all(calls);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(health.breakerOpen).toBe(false);
    expect(provider.callTimes.slice(sentAtOpen, sentAtOpen + 5)).toEqual([15_100, 45_200, 60_300, 75_400, 135_500]);
    expect(provider.requests.length).toBe(sentAtOpen + 5 + 5);
    expect(health.waitTotals.overloadedMs).toBeGreaterThanOrEqual(135_000);
  });

  it('also opens when more than half of the last 30 s of calls failed, though successes break the runs', async () => {
    let n = 0;
    // fail, fail, fail, ok, fail, fail, fail, ok, …: never 5 in a row, 75 % failing.
    const { clock, health, deps } = rig(() => (n++ % 4 === 3 ? { input: GOOD, delayMs: 10 } : { error: err('server', { status: 500 }), delayMs: 10 }), 1);
    const calls = Array.from({ length: 8 }, () => settle(callStructured({ ...deps, policy: { maxRetries: 10 } }, { request, schema })));
    for (let i = 0; i < 600 && !health.breakerOpen; i++) await clock.advance(100);
    expect(health.breakerOpen).toBe(true);
    await clock.runAll(5000);
    await Promise.all(calls);
  });

  it('keeps the retry budget for the request’s own failures: 4 transient failures while the provider answers others still fail the call', async () => {
    const { clock, deps, health } = rig([{ error: err('server', { status: 500 }) }]);
    const p = settle(callStructured(deps, { request, schema }));
    await clock.runAll();
    const res = await p;
    expect(res.ok).toBe(false);
    expect(health.breakerOpen).toBe(false);
  });

  it('does not count a 429 against the call’s retries, however many come', async () => {
    const steps: Step[] = [
      ...Array.from({ length: 7 }, () => ({ error: err('rate_limit', { status: 429, retryAfterMs: 1000 }) })),
      { input: GOOD },
    ];
    const { clock, deps, provider } = rig(steps);
    const p = settle(callStructured(deps, { request, schema }));
    await clock.runAll();
    const res = await p;
    expect(res.ok).toBe(true);
    expect(provider.callTimes).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
  });

  it('closes on a probe the server answers with a 429 (it is up) and leaves the wait to the gate', async () => {
    const clock = new ManualClock(0);
    const health = new ProviderHealth({ clock, breaker: { consecutiveFailures: 2, firstProbeMs: 1000 } });
    let n = 0;
    const provider = fakeProvider(clock, (): Step => {
      n++;
      if (n <= 2) return { error: err('overloaded', { status: 529 }) };
      if (n === 3) return { error: err('rate_limit', { status: 429, retryAfterMs: 500 }) };
      return { input: GOOD };
    });
    const deps: StructuredCallDeps = { provider, limiter: pLimit(2), health, clock, random: () => 0 };
    const a = settle(callStructured(deps, { request, schema }));
    const b = settle(callStructured(deps, { request, schema }));
    await flushAsync();
    expect(health.breakerOpen).toBe(true);
    await clock.advance(1000);
    expect(health.breakerOpen).toBe(false);
    expect(health.state.cause).toBe('rate_limited');
    await clock.runAll();
    expect((await a).ok && (await b).ok).toBe(true);
    expect(provider.callTimes).toEqual([0, 0, 1000, 1500, 1500]);
  });

  it('survives a restart open: the next process probes once before sending anything else', async () => {
    const clock = new ManualClock(50_000);
    const health = new ProviderHealth({ clock });
    health.restore({ openedAt: 10_000, nextProbeAt: 40_000, intervalMs: 30_000 });
    expect(health.breakerOpen).toBe(true);
    expect(health.state).toMatchObject({ cause: 'overloaded', since: 10_000, until: 50_000 });
    const provider = outage(clock, 0);
    let gate = 0;
    const slow = fakeProvider(clock, (): Step => (gate++ === 0 ? { input: GOOD, delayMs: 1000 } : { input: GOOD }));
    const deps: StructuredCallDeps = { provider: slow, limiter: pLimit(6), health, clock, random: () => 0 };
    const calls = Array.from({ length: 6 }, () => settle(callStructured(deps, { request, schema })));
    await clock.advance(500);
    // Only the probe is out.
    expect(slow.requests.length).toBe(1);
    await clock.advance(600);
    await Promise.all(calls);
    expect(slow.requests.length).toBe(6);
    expect(health.breakerOpen).toBe(false);
    expect(provider.requests.length).toBe(0);
  });

  it('closes only on the probe’s answer: a late answer to a request sent before the outage does not', async () => {
    const clock = new ManualClock(0);
    const health = new ProviderHealth({ clock, breaker: { firstProbeMs: 10_000 } });
    health.observe(null, null);
    // One slow request accepted before the outage; then five that fail at once.
    let n = 0;
    const provider = fakeProvider(clock, (): Step => (n++ === 0 ? { input: GOOD, delayMs: 2_000 } : clock.now() < 30_000 ? { error: err('overloaded', { status: 529 }) } : { input: GOOD }));
    const deps: StructuredCallDeps = { provider, limiter: pLimit(6), health, clock, random: () => 0 };
    const calls = Array.from({ length: 6 }, () => settle(callStructured(deps, { request, schema })));
    await flushAsync();
    expect(health.breakerOpen).toBe(true);
    await clock.advance(2_000);
    // The slow one landed: the breaker stays open and nothing else went out.
    expect(health.breakerOpen).toBe(true);
    expect(provider.requests.length).toBe(6);
    await clock.runAll();
    expect((await Promise.all(calls)).every((r) => r.ok)).toBe(true);
  });

  it('lets one request out at a time until the account’s first answer is heard', async () => {
    const clock = new ManualClock(0);
    const health = new ProviderHealth({ clock });
    // The first answer's headers come after 300 ms (the scripted provider's come at once).
    const provider = fakeProvider(clock, (call): Step => {
      if (call > 0) return { input: GOOD, delayMs: 1_000 };
      const first = fakeProvider(clock, [{ input: GOOD }]);
      return async (req) => (await clock.sleep(300), first.call(req));
    });
    const deps: StructuredCallDeps = { provider, limiter: pLimit(6), health, clock, random: () => 0 };
    const calls = Array.from({ length: 4 }, () => settle(callStructured(deps, { request, schema })));
    await flushAsync();
    expect(provider.requests.length).toBe(1);
    await clock.advance(299);
    expect(provider.requests.length).toBe(1);
    await clock.advance(1);
    expect(provider.requests.length).toBe(4);
    await clock.runAll();
    expect((await Promise.all(calls)).every((r) => r.ok)).toBe(true);
  });

  it('once the latest request failed, lets one out at a time until a request sent after it is answered', async () => {
    const clock = new ManualClock(0);
    const health = new ProviderHealth({ clock });
    health.observe(null, null);
    // The third request (the latest sent) fails at 100 ms; the others take a second.
    const provider = fakeProvider(clock, (call): Step => (call === 2 ? { error: err('server', { status: 503 }), delayMs: 100 } : { input: GOOD, delayMs: 1_000 }));
    const deps: StructuredCallDeps = { provider, limiter: pLimit(6), health, clock, random: () => 0, policy: { baseDelayMs: 1 } };
    const calls = Array.from({ length: 3 }, () => settle(callStructured(deps, { request, schema })));
    await flushAsync();
    expect(provider.requests.length).toBe(3);
    await clock.advance(150);
    // The failure is the outage's first sign: its retry and a new call wait while two are out…
    calls.push(settle(callStructured(deps, { request, schema })));
    expect(health.trialing).toBe(true);
    await clock.advance(849);
    expect(provider.requests.length).toBe(3);
    // …answers to requests sent before it say nothing of now: one goes out, alone…
    await clock.advance(1);
    expect(provider.requests.length).toBe(4);
    await clock.advance(999);
    expect(provider.requests.length).toBe(4);
    // …and its answer ends the trial: the other goes straight away.
    await clock.advance(1);
    expect(health.trialing).toBe(false);
    expect(provider.requests.length).toBe(5);
    await clock.runAll();
    expect((await Promise.all(calls)).every((r) => r.ok)).toBe(true);
  });

  it('frees the probe role when the probing call is cancelled', async () => {
    const clock = new ManualClock(0);
    const health = new ProviderHealth({ clock });
    health.restore({ openedAt: 0, nextProbeAt: 0, intervalMs: 15_000 });
    const provider = fakeProvider(clock, (call): Step => (call === 0 ? { input: GOOD, delayMs: 5000 } : { input: GOOD }));
    const deps: StructuredCallDeps = { provider, limiter: pLimit(2), health, clock, random: () => 0 };
    const cancel = new AbortController();
    const probe = settle(callStructured(deps, { request, schema, signal: cancel.signal }));
    await flushAsync();
    const other = settle(callStructured(deps, { request, schema }));
    await clock.advance(100);
    expect(provider.requests.length).toBe(1);
    cancel.abort();
    await clock.runAll();
    expect((await probe).ok).toBe(false);
    expect((await other).ok).toBe(true);
    expect(health.breakerOpen).toBe(false);
  });
});
