import { describe, expect, it } from 'vitest';
import { costOf, priceFor, PRICES } from '../../../src/main/ai/pricing';

describe('pricing', () => {
  it('derives cache prices from the input price', () => {
    for (const p of Object.values(PRICES)) {
      expect(p.cacheWrite).toBeCloseTo(p.input * 1.25, 10);
      expect(p.cacheRead).toBeCloseTo(p.input * 0.1, 10);
    }
    expect(PRICES['claude-sonnet-4-5']).toEqual({ input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 });
    expect(PRICES['claude-opus-4-5']).toMatchObject({ input: 5, output: 25 });
    expect(PRICES['claude-haiku-4-5']).toMatchObject({ input: 1, output: 5 });
  });

  it('computes the cost of a call from all four counters', () => {
    const usage = { input: 1_000_000, output: 100_000, cacheRead: 2_000_000, cacheWrite: 400_000 };
    // 3 + 1.5 + 0.6 + 1.5
    expect(costOf('claude-sonnet-4-5', usage)).toBeCloseTo(6.6, 10);
    // 5 + 2.5 + 1.0 + 2.5
    expect(costOf('claude-opus-4-5', usage)).toBeCloseTo(11, 10);
    // 1 + 0.5 + 0.2 + 0.5
    expect(costOf('claude-haiku-4-5', usage)).toBeCloseTo(2.2, 10);
    expect(costOf('claude-haiku-4-5', { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 })).toBe(0);
  });

  it('prices dated snapshots like their alias', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toMatchObject({ pricedAs: 'claude-sonnet-4-5', known: true, note: null });
    expect(priceFor('claude-haiku-4-5-20251001').pricedAs).toBe('claude-haiku-4-5');
  });

  it('falls back to Sonnet prices for unknown models and says so', () => {
    const p = priceFor('claude-unknown-9');
    expect(p.known).toBe(false);
    expect(p.pricedAs).toBe('claude-sonnet-4-5');
    expect(p.note).toMatch(/claude-unknown-9.*claude-sonnet-4-5/);
    const usage = { input: 1000, output: 1000, cacheRead: 0, cacheWrite: 0 };
    expect(costOf('claude-unknown-9', usage)).toBe(costOf('claude-sonnet-4-5', usage));
  });
});
