import { describe, expect, it } from 'vitest';
import { BackoffGate, type BackoffState } from '../../../src/main/ai/backoff-gate';
import { ManualClock, flushAsync, isAbortError } from '../../../src/main/ai/clock';

describe('BackoffGate', () => {
  it('is open by default', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    expect(gate.waitingUntil).toBeNull();
    expect(gate.reason).toBeNull();
    await gate.wait();
    expect(clock.pendingTimers).toBe(0);
  });

  it('holds every waiter until the push-back time, then notifies the reopening', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    const states: BackoffState[] = [];
    gate.onChange((s) => states.push(s));
    gate.pushBack(5000, 'Rate limited (429)');
    expect(gate.waitingUntil).toBe(5000);
    expect(gate.reason).toBe('Rate limited (429)');

    const passed: number[] = [];
    void gate.wait().then(() => passed.push(clock.now()));
    void gate.wait().then(() => passed.push(clock.now()));
    await clock.advance(4999);
    expect(passed).toEqual([]);
    await clock.advance(1);
    expect(passed).toEqual([5000, 5000]);
    expect(states).toEqual([
      { waitingUntil: 5000, reason: 'Rate limited (429)' },
      { waitingUntil: null, reason: null },
    ]);
  });

  it('extends but never shortens a wait, and waiters follow an extension', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    gate.pushBack(3000, 'first');
    let passedAt: number | null = null;
    void gate.wait().then(() => (passedAt = clock.now()));
    await clock.advance(1000);
    gate.pushBack(2000, 'shorter');
    expect(gate.waitingUntil).toBe(3000);
    expect(gate.reason).toBe('first');
    gate.pushBack(7000, 'longer');
    expect(gate.reason).toBe('longer');
    await clock.advance(2500);
    expect(passedAt).toBeNull();
    await clock.runAll();
    expect(passedAt).toBe(7000);
  });

  it('ignores a push-back into the past', () => {
    const clock = new ManualClock(1000);
    const gate = new BackoffGate(clock);
    gate.pushBack(500, 'old');
    gate.pushBack(Number.NaN, 'nan');
    expect(gate.waitingUntil).toBeNull();
  });

  it('reports expiry lazily through the getters', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    gate.pushBack(100, 'x');
    await clock.advance(100);
    expect(gate.waitingUntil).toBeNull();
    expect(gate.reason).toBeNull();
  });

  it('rejects a wait promptly when its signal aborts', async () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    gate.pushBack(60_000, 'x');
    const ac = new AbortController();
    const p = gate.wait(ac.signal).catch((e: unknown) => e);
    await flushAsync();
    ac.abort();
    expect(isAbortError(await p)).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops notifying after unsubscribe and survives a throwing listener', () => {
    const clock = new ManualClock(0);
    const gate = new BackoffGate(clock);
    const seen: number[] = [];
    gate.onChange(() => {
      throw new Error('listener bug');
    });
    const off = gate.onChange((s) => seen.push(s.waitingUntil ?? -1));
    gate.pushBack(10, 'a');
    off();
    gate.pushBack(20, 'b');
    expect(seen).toEqual([10]);
  });
});
