// Anthropic list prices, USD per million tokens. Cache writes are priced for the default
// 5-minute TTL (1.25x input) and cache reads at 0.1x input, which is what our
// `cache_control: {type: 'ephemeral'}` blocks use. TokenUsage.input excludes cached
// tokens (the API reports them separately), so the four counts add up without overlap.
import type { TokenUsage } from '../../shared/domain';

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

// Written out rather than derived (input * 1.25, input * 0.1) so the table reads like the
// price list it copies and sums stay exact.
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
};

export const FALLBACK_PRICE_MODEL = 'claude-sonnet-4-5';

export interface PriceLookup {
  price: ModelPrice;
  /** The table entry used. */
  pricedAs: string;
  /** False when the model is not in the table and was priced as FALLBACK_PRICE_MODEL. */
  known: boolean;
  /** Set for unknown models, for logs and the cost column's tooltip. */
  note: string | null;
}

export function priceFor(model: string): PriceLookup {
  const exact = PRICES[model];
  if (exact) return { price: exact, pricedAs: model, known: true, note: null };
  // Dated snapshots ("claude-sonnet-4-5-20250929") cost the same as their alias.
  const alias = Object.keys(PRICES)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  if (alias) return { price: PRICES[alias]!, pricedAs: alias, known: true, note: null };
  return {
    price: PRICES[FALLBACK_PRICE_MODEL]!,
    pricedAs: FALLBACK_PRICE_MODEL,
    known: false,
    note: `No price known for model "${model}": cost is estimated at ${FALLBACK_PRICE_MODEL} prices.`,
  };
}

/** Cost in USD of one call (or a sum of calls of one model). */
export function costOf(model: string, usage: TokenUsage): number {
  const p = priceFor(model).price;
  return (
    (usage.input * p.input + usage.output * p.output + usage.cacheWrite * p.cacheWrite + usage.cacheRead * p.cacheRead) /
    1_000_000
  );
}
