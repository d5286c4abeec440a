// "Connectivity is back" over a polled isOnline probe: heard once per offline → online
// change, polled only while someone listens.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollConnectivity } from '../../../src/main/sync/connectivity';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('pollConnectivity', () => {
  it('tells listeners when the probe turns from offline to online, once per change', () => {
    let online = false;
    let probes = 0;
    const connectivity = pollConnectivity(() => (probes++, online), 1_000);
    const heard: string[] = [];
    const stop = connectivity.onOnline(() => heard.push('back'));

    vi.advanceTimersByTime(3_000);
    expect(heard).toEqual([]);
    online = true;
    vi.advanceTimersByTime(1_000);
    expect(heard).toEqual(['back']);
    vi.advanceTimersByTime(5_000);
    expect(heard).toEqual(['back']);
    online = false;
    vi.advanceTimersByTime(1_000);
    online = true;
    connectivity.check(); // e.g. the machine woke up: no need to wait for the tick
    expect(heard).toEqual(['back', 'back']);
    expect(connectivity.isOnline()).toBe(true);

    stop();
    const after = probes;
    online = false;
    vi.advanceTimersByTime(10_000);
    expect(probes).toBe(after); // nobody listens: no polling
  });
});
