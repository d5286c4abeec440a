import { describe, expect, it } from 'vitest';
import { RateBudget, parseRateLimitHeaders, type RateLimitSnapshot } from '../../../src/main/ai/rate-budget';

const requests = (limit: number, remaining: number): RateLimitSnapshot => ({ requests: { limit, remaining, resetAt: null } });

describe('parseRateLimitHeaders', () => {
  it('reads limit, remaining and reset of each dimension and ignores what is missing or nonsense', () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-limit': '120',
      'anthropic-ratelimit-requests-remaining': '17',
      'anthropic-ratelimit-requests-reset': '2026-12-07T02:14:00Z',
      'anthropic-ratelimit-input-tokens-limit': '40000',
      'anthropic-ratelimit-input-tokens-remaining': 'lots',
      'anthropic-ratelimit-output-tokens-limit': '8000',
      'anthropic-ratelimit-output-tokens-remaining': '8000',
    });
    expect(parseRateLimitHeaders(headers)).toEqual({
      requests: { limit: 120, remaining: 17, resetAt: Date.parse('2026-12-07T02:14:00Z') },
      outputTokens: { limit: 8000, remaining: 8000, resetAt: null },
    });
    expect(parseRateLimitHeaders(new Headers())).toBeNull();
    expect(parseRateLimitHeaders(null)).toBeNull();
  });
});

describe('RateBudget', () => {
  it('lets everything through until the account says what it allows', () => {
    const budget = new RateBudget(12);
    expect(budget.delayBeforeNext(0)).toBe(0);
    for (let i = 0; i < 100; i++) budget.take(0);
    expect(budget.delayBeforeNext(0)).toBe(0);
  });

  it('paces requests at the account’s refill rate once the burst is spent', () => {
    const budget = new RateBudget(12, { rateShare: 1 });
    const first = budget.take(0);
    budget.observe(requests(120, 3), first, 0);
    // 3 left: three go at once, the fourth waits for the refill of one (0.5 s at 2/s).
    for (let i = 0; i < 3; i++) {
      expect(budget.delayBeforeNext(0)).toBe(0);
      budget.take(0);
    }
    const wait = budget.delayBeforeNext(0);
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThan(510);
    expect(budget.delayBeforeNext(500 + 2)).toBe(0);
  });

  it('takes requests sent after the observed one off what the server says is left', () => {
    const budget = new RateBudget(12, { rateShare: 1 });
    const a = budget.take(0);
    budget.take(0);
    budget.take(0);
    // A's answer: 2 left after A; B and C were sent after A and may not be counted yet.
    budget.observe(requests(60, 2), a, 0);
    expect(budget.delayBeforeNext(0)).toBeGreaterThan(0);
    // An older answer arriving late does not undo the newer correction.
    const d = budget.take(1000);
    budget.observe(requests(60, 0), d, 1000);
    budget.observe(requests(60, 30), a, 1000);
    expect(budget.delayBeforeNext(1000)).toBeGreaterThan(900);
  });

  it('halves the requests allowed at once on a 429 and grows back one per window of answers, never past the user’s limit', () => {
    const budget = new RateBudget(12);
    expect(budget.concurrency).toBe(12);
    budget.rateLimited(null, 12, 0);
    expect(budget.concurrency).toBe(6);
    budget.rateLimited(null, 6, 0);
    expect(budget.concurrency).toBe(3);
    for (let i = 0; i < 3; i++) budget.answered(null);
    expect(budget.concurrency).toBe(4);
    for (let i = 0; i < 200; i++) budget.answered(null);
    expect(budget.concurrency).toBe(12);
    budget.setMaxConcurrency(4);
    expect(budget.concurrency).toBe(4);
  });

  it('learns the token cost of a request and waits for the token buckets too', () => {
    const budget = new RateBudget(12, { rateShare: 1 });
    budget.answered({ input: 9000, output: 1000, cacheWrite: 1000 });
    budget.observe({ inputTokens: { limit: 60_000, remaining: 60_000, resetAt: null } }, budget.take(0), 0);
    budget.observe({ inputTokens: { limit: 60_000, remaining: 5_000, resetAt: null } }, budget.take(0), 0);
    // 10,000 input tokens a request, 5,000 left, 1,000 a second: 5 s.
    const wait = budget.delayBeforeNext(0);
    expect(wait).toBeGreaterThanOrEqual(5_000);
    expect(wait).toBeLessThan(5_010);
    expect(budget.limits).toEqual({ requestsPerMinute: null, inputTokensPerMinute: 60_000, outputTokensPerMinute: null });
  });

  it('empties the buckets a 429 names', () => {
    const budget = new RateBudget(12, { rateShare: 1 });
    const t = budget.take(0);
    budget.observe(requests(120, 10), t, 0);
    budget.rateLimited(requests(120, 0), 4, 0);
    expect(budget.delayBeforeNext(0)).toBeGreaterThanOrEqual(500);
  });
});
