// A period's start (insights/period.ts): on a whole minute, so opens within one minute ask
// for the same rows; and the moment the start reaches a given time, for the warming.
import { describe, expect, it } from 'vitest';
import { periodStart, periodStartReaches } from '../../../src/main/insights/period';

const at = (iso: string) => Date.parse(iso);

describe('periodStart', () => {
  it('is now minus the period, down to the whole minute', () => {
    expect(periodStart('24h', at('2026-12-07T12:00:00.000Z'))).toBe('2026-12-06T12:00:00.000Z');
    expect(periodStart('7d', at('2026-12-07T12:34:56.789Z'))).toBe('2026-11-30T12:34:00.000Z');
    expect(periodStart('30d', at('2026-12-07T12:34:59.999Z'))).toBe('2026-11-07T12:34:00.000Z');
    expect(periodStart('all', at('2026-12-07T12:34:56.789Z'))).toBeNull();
  });

  it('is the same for every open within one minute', () => {
    const minute = at('2026-12-07T12:34:00.000Z');
    const starts = new Set([0, 1, 30_000, 59_999].map((ms) => periodStart('7d', minute + ms)));
    expect([...starts]).toEqual(['2026-11-30T12:34:00.000Z']);
    expect(periodStart('7d', minute + 60_000)).toBe('2026-11-30T12:35:00.000Z');
  });
});

describe('periodStartReaches', () => {
  it('is the first moment the start is at or past the time given', () => {
    const t = at('2026-11-30T12:34:10.000Z');
    const when = periodStartReaches('7d', t)!;
    expect(when).toBe(at('2026-12-07T12:35:00.000Z'));
    expect(Date.parse(periodStart('7d', when)!)).toBeGreaterThanOrEqual(t);
    expect(Date.parse(periodStart('7d', when - 1)!)).toBeLessThan(t);
    expect(periodStartReaches('24h', at('2026-12-06T12:00:00.000Z'))).toBe(at('2026-12-07T12:00:00.000Z'));
    expect(periodStartReaches('all', t)).toBeNull();
  });
});
