import { describe, expect, it } from 'vitest';
import { ManualClock, isAbortError, systemClock, abortError } from '../../../src/main/ai/clock';
import { ProviderError } from '../../../src/main/ai/provider';

describe('systemClock', () => {
  it('sleeps for roughly the requested time', async () => {
    const t0 = Date.now();
    await systemClock.sleep(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('rejects at once with the aborted ProviderError when the signal aborts', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const p = systemClock.sleep(60_000, ac.signal);
    setTimeout(() => ac.abort(), 10);
    const e = await p.catch((x: unknown) => x);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).kind).toBe('aborted');
    expect(isAbortError(e)).toBe(true);
  });

  it('rejects immediately for an already-aborted signal', async () => {
    await expect(systemClock.sleep(10, AbortSignal.abort())).rejects.toSatisfy(isAbortError);
  });
});

describe('isAbortError', () => {
  it('recognises our abort error and platform AbortErrors only', () => {
    expect(isAbortError(abortError())).toBe(true);
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new ProviderError('timeout', 'x'))).toBe(false);
    expect(isAbortError(new Error('x'))).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});

describe('ManualClock', () => {
  it('fires sleeps in due order as time advances', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    void clock.sleep(300).then(() => fired.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => fired.push(`a@${clock.now()}`));
    void clock.sleep(300).then(() => fired.push(`c@${clock.now()}`));
    expect(clock.nextTimerAt()).toBe(1100);
    await clock.advance(200);
    expect(fired).toEqual(['a@1100']);
    expect(clock.now()).toBe(1200);
    await clock.advance(100);
    expect(fired).toEqual(['a@1100', 'b@1300', 'c@1300']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires sleeps scheduled by fired sleeps within the same advance', async () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    })();
    await clock.advance(25);
    expect(times).toEqual([10, 20]);
    await clock.runAll();
    expect(times).toEqual([10, 20, 30]);
  });

  it('rejects and forgets a sleep whose signal aborts', async () => {
    const clock = new ManualClock(0);
    const ac = new AbortController();
    const p = clock.sleep(1000, ac.signal).catch((e: unknown) => e);
    ac.abort();
    expect(isAbortError(await p)).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
