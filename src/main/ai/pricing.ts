// Anthropic list prices, USD per million tokens. Cache writes are priced for the default
// 5-minute TTL, which is what our `cache_control: {type: 'ephemeral'}` blocks use.
// TokenUsage.input excludes cached tokens (the API reports them separately), so the four
// counts add up without overlap.
//
// Sources, read on 2026-11-22 (the live pages were out of reach; these are stored copies):
// - https://platform.claude.com/docs/en/about-claude/pricing — the model table: Fable 5.1 /
//   Mythos 5.1 $10 / $50, 5m write $12.50, cache hits $0.25 (0.025x); Fable 5 / Mythos 5 the
//   same with hits at $1; Opus 5 and Opus 4.8-4.5 $5 / $25, $6.25, $0.50; Sonnet 4.6/4.5
//   $3 / $15, $3.75, $0.30; Haiku 4.5 $1 / $5, $1.25, $0.10.
// - https://platform.claude.com/docs/en/models/opus-5-5/overview — Opus 5.5 $4 / $20, 5m write
//   $5, cache read $0.20 (0.05x).
// - https://platform.claude.com/docs/en/models/sonnet-5/overview — Sonnet 5 $2 / $10, $2.50, $0.20.
// - https://platform.claude.com/docs/en/models/sonnet-5-5/overview — Sonnet 5.5 $2 / $10, 5m
//   write $2.50, cache read $0.20 on the page copy we could read; two price trackers that
//   re-checked the live pricing page in October 2026 (kurofune/claudit v1.9.2,
//   TheKrush/PromptFuel v1.0.23) report a cut to $0.10 (0.05x) from 2026-10-07. We use $0.10;
//   not confirmed on an Anthropic page.
// - https://platform.claude.com/docs/en/models/haiku-5-5/overview — Haiku 5.5 is priced by prompt
//   size: up to 100,000 prompt tokens $0.10 / $0.50, 5m write $0.125; above that $0.50 / $2.50,
//   5m write $0.625, for every token of the request. Cache reads ($0.01 / $0.05) and "prompt =
//   input + cache reads + cache writes" come from the same trackers: not confirmed.
// Claude Fable 5.2 (in the SDK's model list) has no price we could find: it gets the fallback.
import type { TokenUsage } from '../../shared/domain';
import type { ServiceTier } from '../../shared/economy';
import { DEFAULT_MODEL, matchModelKey } from './config';
import type { ProviderKind } from './provider';

export interface TokenPrices {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export interface ModelPrice extends TokenPrices {
  /** Prices for the whole request once its prompt (input + cache reads + writes) is longer. */
  longPrompt?: { overTokens: number; prices: TokenPrices };
}

// Written out rather than derived from the input price, so the table reads like the price
// list it copies: the cache multipliers are no longer the same for every model.
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-fable-5-1': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 },
  'claude-mythos-5-1': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 },
  'claude-fable-5': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
  'claude-mythos-5': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-8': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-7': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cacheWrite: 0.125,
    cacheRead: 0.01,
    longPrompt: { overTokens: 100_000, prices: { input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 } },
  },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
};

/** What a model missing from PRICES is priced as: the default model, said so in `note`. */
export const FALLBACK_PRICE_MODEL = DEFAULT_MODEL;

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
  // Dated snapshots ("claude-sonnet-4-5-20250929") cost the same as their alias; a newer
  // version ("claude-fable-5-2") is NOT priced like an older one that shares its prefix.
  const key = matchModelKey(PRICES, model);
  if (key) return { price: PRICES[key]!, pricedAs: key, known: true, note: null };
  return {
    price: PRICES[FALLBACK_PRICE_MODEL]!,
    pricedAs: FALLBACK_PRICE_MODEL,
    known: false,
    note: `No price known for model "${model}": cost is estimated at ${FALLBACK_PRICE_MODEL} prices.`,
  };
}

/** The per-token prices that apply to one request of `usage` (a tiered model depends on its prompt size). */
export function pricesFor(price: ModelPrice, usage: TokenUsage): TokenPrices {
  const prompt = usage.input + usage.cacheRead + usage.cacheWrite;
  return price.longPrompt && prompt > price.longPrompt.overTokens ? price.longPrompt.prices : price;
}

/**
 * The Message Batches API bills every token at half the standard price, and the discount
 * stacks with prompt caching (https://platform.claude.com/docs/en/build-with-claude/batch-processing,
 * "Pricing"). Batch requests use the 1-hour cache TTL (Anthropic's advice for batches, whose
 * cache hits are best-effort), and a 1-hour cache write costs 2× the input price instead of
 * the 5-minute 1.25×: so 1× input in a batch, and a cache read 0.1× → 0.05×.
 */
export const BATCH_DISCOUNT = 0.5;
export const ONE_HOUR_CACHE_WRITE_MULTIPLIER = 2;

/**
 * Cost in USD of one call: tiered prices depend on that call's prompt, so never pass a sum of
 * calls. A model on an OpenAI-compatible server runs on the person's own machine: $0 in
 * every total, though its tokens are still counted.
 */
export function costOf(model: string, usage: TokenUsage, tier: ServiceTier = 'standard', provider: ProviderKind = 'anthropic'): number {
  if (provider !== 'anthropic') return 0;
  const p = pricesFor(priceFor(model).price, usage);
  if (tier === 'batch') {
    const write = p.input * ONE_HOUR_CACHE_WRITE_MULTIPLIER;
    return (
      (BATCH_DISCOUNT * (usage.input * p.input + usage.output * p.output + usage.cacheWrite * write + usage.cacheRead * p.cacheRead)) /
      1_000_000
    );
  }
  return (
    (usage.input * p.input + usage.output * p.output + usage.cacheWrite * p.cacheWrite + usage.cacheRead * p.cacheRead) /
    1_000_000
  );
}
