import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../src/main/ai/config';
import { costOf, FALLBACK_PRICE_MODEL, priceFor, PRICES } from '../../../src/main/ai/pricing';

const MILLION = { input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheWrite: 1_000_000 };

describe('pricing', () => {
  it('has a price for the default model', () => {
    expect(priceFor(DEFAULT_MODEL)).toMatchObject({ known: true, pricedAs: DEFAULT_MODEL });
  });

  it('copies the published prices of the current models', () => {
    expect(PRICES['claude-sonnet-5-5']).toEqual({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 });
    expect(PRICES['claude-opus-5-5']).toEqual({ input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 });
    expect(PRICES['claude-fable-5-1']).toEqual({ input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 });
    expect(PRICES['claude-haiku-5-5']).toMatchObject({ input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 });
  });

  it('keeps the 1.25x write and 0.1x read cache prices where the price list still has them', () => {
    for (const model of ['claude-sonnet-4-5', 'claude-sonnet-4-6', 'claude-opus-4-5', 'claude-opus-5', 'claude-haiku-4-5', 'claude-sonnet-5']) {
      const p = PRICES[model]!;
      expect([model, p.cacheWrite, p.cacheRead]).toEqual([model, expect.closeTo(p.input * 1.25, 10), expect.closeTo(p.input * 0.1, 10)]);
    }
  });

  it('computes the cost of a call from all four counters', () => {
    const usage = { input: 1_000_000, output: 100_000, cacheRead: 2_000_000, cacheWrite: 400_000 };
    // 3 + 1.5 + 0.6 + 1.5
    expect(costOf('claude-sonnet-4-5', usage)).toBeCloseTo(6.6, 10);
    // 2 + 1.0 + 0.2 + 1.0
    expect(costOf('claude-sonnet-5-5', usage)).toBeCloseTo(4.2, 10);
    // 4 + 2.0 + 0.4 + 2.0
    expect(costOf('claude-opus-5-5', usage)).toBeCloseTo(8.4, 10);
    expect(costOf('claude-haiku-4-5', { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 })).toBe(0);
  });

  it('prices a long Haiku 5.5 prompt at the higher tier, for every token of that request', () => {
    const short = { input: 60_000, output: 10_000, cacheRead: 30_000, cacheWrite: 10_000 }; // prompt 100,000: still the low tier
    expect(costOf('claude-haiku-5-5', short)).toBeCloseTo((60_000 * 0.1 + 10_000 * 0.5 + 30_000 * 0.01 + 10_000 * 0.125) / 1e6, 12);
    const long = { ...short, input: 60_001 };
    expect(costOf('claude-haiku-5-5', long)).toBeCloseTo((60_001 * 0.5 + 10_000 * 2.5 + 30_000 * 0.05 + 10_000 * 0.625) / 1e6, 12);
    expect(costOf('claude-haiku-5-5', MILLION)).toBeCloseTo(0.5 + 2.5 + 0.05 + 0.625, 10);
  });

  it('prices dated snapshots like their alias', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toMatchObject({ pricedAs: 'claude-sonnet-4-5', known: true, note: null });
    expect(priceFor('claude-haiku-4-5-20251001').pricedAs).toBe('claude-haiku-4-5');
  });

  it('does not price a newer version like an older one with the same prefix', () => {
    // Fable 5.2 has no published price we could find; Fable 5's $1 cache reads would be a guess.
    expect(priceFor('claude-fable-5-2')).toMatchObject({ known: false, pricedAs: FALLBACK_PRICE_MODEL });
    expect(priceFor('claude-sonnet-5-5').pricedAs).toBe('claude-sonnet-5-5');
    expect(priceFor('claude-sonnet-5').pricedAs).toBe('claude-sonnet-5');
  });

  it('falls back to the default model’s prices for unknown models and says so', () => {
    const p = priceFor('claude-unknown-9');
    expect(p.known).toBe(false);
    expect(FALLBACK_PRICE_MODEL).toBe(DEFAULT_MODEL);
    expect(p.pricedAs).toBe(DEFAULT_MODEL);
    expect(p.note).toBe(`No price known for model "claude-unknown-9": cost is estimated at ${DEFAULT_MODEL} prices.`);
    expect(costOf('claude-unknown-9', MILLION)).toBe(costOf(DEFAULT_MODEL, MILLION));
  });
});
