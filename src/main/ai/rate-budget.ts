// The account's rate limits, learned from the `anthropic-ratelimit-*` headers of every
// answer, so the runner paces itself below them instead of finding the limit by 429s.
//
// Anthropic limits with token buckets: each dimension (requests, input tokens, output
// tokens per minute) refills continuously at limit/60 per second up to its capacity. We
// keep a local copy of each bucket: a request takes from it when it is sent, time refills
// it, and each answer's `remaining` corrects it (less what we sent after that request,
// which the server may not have counted yet). A request waits while a bucket would go
// below what one request costs; a 429 empties the buckets it names.
//
// Concurrency follows the same evidence (AIMD, as TCP does): a 429 halves the number of
// requests allowed at once, and each answer that left room grows it back by one request
// per `current` answers, up to the user's "requests at once", which stays the maximum.

export interface RateLimitDimension {
  limit: number;
  remaining: number;
  /** Epoch ms at which the bucket is full again, or null when not given. */
  resetAt: number | null;
}

/** What one answer's headers said; every part is optional (other providers send none). */
export interface RateLimitSnapshot {
  requests?: RateLimitDimension;
  inputTokens?: RateLimitDimension;
  outputTokens?: RateLimitDimension;
}

type DimensionName = keyof RateLimitSnapshot;
const DIMENSIONS: readonly DimensionName[] = ['requests', 'inputTokens', 'outputTokens'];
const HEADER_PREFIX: Record<DimensionName, string> = {
  requests: 'anthropic-ratelimit-requests',
  inputTokens: 'anthropic-ratelimit-input-tokens',
  outputTokens: 'anthropic-ratelimit-output-tokens',
};

/** Reads the anthropic-ratelimit-* headers; null when the answer carried none. */
export function parseRateLimitHeaders(headers: Pick<Headers, 'get'> | null | undefined): RateLimitSnapshot | null {
  if (!headers) return null;
  const out: RateLimitSnapshot = {};
  for (const name of DIMENSIONS) {
    const prefix = HEADER_PREFIX[name];
    const limit = Number(headers.get(`${prefix}-limit`) ?? NaN);
    const remaining = Number(headers.get(`${prefix}-remaining`) ?? NaN);
    if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(remaining) || remaining < 0) continue;
    const reset = Date.parse(headers.get(`${prefix}-reset`) ?? '');
    out[name] = { limit, remaining: Math.min(remaining, limit), resetAt: Number.isNaN(reset) ? null : reset };
  }
  return Object.keys(out).length > 0 ? out : null;
}

interface Bucket {
  /** Per minute, as the header says. */
  limit: number;
  /** Largest `remaining` seen: the burst the account allows (at most `limit`). */
  capacity: number;
  tokens: number;
  at: number;
  /** The send sequence number of the answer this bucket was last corrected from. */
  correctedFrom: number;
}

export interface RateBudgetOptions {
  /**
   * Share of the advertised refill rate we plan with: a little under the server's so that
   * clock drift between us and it turns into a few ms of waiting, not a 429 (default 0.97).
   */
  rateShare?: number;
}

/** The handle a sent request keeps, so its answer can be matched to what was sent after it. */
export interface BudgetTicket {
  readonly seq: number;
}

export class RateBudget {
  readonly #buckets = new Map<DimensionName, Bucket>();
  /** Average tokens per request, learned from usage: what one request is expected to take. */
  readonly #average = { inputTokens: 0, outputTokens: 0 };
  #samples = 0;
  #sent = 0;
  #maxConcurrency: number;
  #concurrency: number;
  #growth = 0;
  readonly #rateShare: number;

  constructor(maxConcurrency: number, options: RateBudgetOptions = {}) {
    this.#maxConcurrency = Math.max(1, maxConcurrency);
    this.#concurrency = this.#maxConcurrency;
    this.#rateShare = Math.min(1, Math.max(0.5, options.rateShare ?? 0.97));
  }

  /** The user's "requests at once": the most the budget will ever allow. */
  setMaxConcurrency(value: number): void {
    // At the old maximum (no 429 is holding it lower): the new limit is in force at once.
    // Below it, the account asked to slow down: it grows back towards the new one as answers come.
    const atMax = this.#concurrency >= this.#maxConcurrency;
    this.#maxConcurrency = Math.max(1, value);
    this.#concurrency = atMax ? this.#maxConcurrency : Math.min(this.#concurrency, this.#maxConcurrency);
  }

  /** Requests allowed in flight now: the user's limit, less what 429s taught. */
  get concurrency(): number {
    return Math.max(1, Math.min(this.#maxConcurrency, Math.floor(this.#concurrency)));
  }

  /** The per-minute limits last seen, for display ("account allows ~50 requests/min"). */
  get limits(): { requestsPerMinute: number | null; inputTokensPerMinute: number | null; outputTokensPerMinute: number | null } {
    return {
      requestsPerMinute: this.#buckets.get('requests')?.limit ?? null,
      inputTokensPerMinute: this.#buckets.get('inputTokens')?.limit ?? null,
      outputTokensPerMinute: this.#buckets.get('outputTokens')?.limit ?? null,
    };
  }

  /** Milliseconds until one more request fits every known bucket (0: it fits now). */
  delayBeforeNext(now: number): number {
    let wait = 0;
    for (const [name, bucket] of this.#buckets) {
      const cost = this.#cost(name);
      if (cost <= 0) continue;
      // A request can never take more than the whole bucket: wait for a full one at most.
      const need = Math.min(cost, bucket.capacity);
      const tokens = this.#refilled(bucket, now);
      if (tokens >= need) continue;
      wait = Math.max(wait, Math.ceil(((need - tokens) / this.#ratePerMs(bucket)) + 1));
    }
    return wait;
  }

  /** A request goes out now: it takes its cost from every bucket. */
  take(now: number): BudgetTicket {
    for (const [name, bucket] of this.#buckets) {
      bucket.tokens = this.#refilled(bucket, now) - this.#cost(name);
      bucket.at = now;
    }
    return { seq: ++this.#sent };
  }

  /**
   * An answer arrived (200 or error) carrying the account's view of the buckets after the
   * request of `ticket` was counted. Requests we sent after it may not have reached the
   * server yet: they are taken off what it says is left.
   */
  observe(snapshot: RateLimitSnapshot | null, ticket: BudgetTicket | null, now: number): void {
    if (!snapshot) return;
    const seq = ticket?.seq ?? this.#sent;
    const sentAfter = this.#sent - seq;
    for (const name of DIMENSIONS) {
      const seen = snapshot[name];
      if (!seen) continue;
      let bucket = this.#buckets.get(name);
      if (!bucket) {
        bucket = { limit: seen.limit, capacity: seen.remaining, tokens: seen.remaining, at: now, correctedFrom: seq };
        this.#buckets.set(name, bucket);
      }
      bucket.limit = seen.limit;
      bucket.capacity = Math.min(seen.limit, Math.max(bucket.capacity, seen.remaining, 1));
      // Answers can arrive out of order: an older one must not undo a newer correction.
      if (seq < bucket.correctedFrom) continue;
      bucket.correctedFrom = seq;
      bucket.tokens = seen.remaining - sentAfter * this.#cost(name);
      bucket.at = now;
    }
  }

  /** The account said "slower": the named buckets are empty and fewer requests go at once. */
  rateLimited(snapshot: RateLimitSnapshot | null, inFlight: number, now: number): void {
    for (const name of DIMENSIONS) {
      const bucket = this.#buckets.get(name);
      if (!bucket) continue;
      const seen = snapshot?.[name];
      if (seen && seen.remaining > 0) continue;
      bucket.tokens = Math.min(this.#refilled(bucket, now), 0);
      bucket.at = now;
    }
    this.#concurrency = Math.max(1, Math.min(this.#concurrency, Math.ceil(Math.max(1, inFlight) / 2)));
    this.#growth = 0;
  }

  /** An answer came back without a 429: the usage teaches the cost of a request, and the window may grow. */
  answered(usage: { input: number; output: number; cacheWrite: number } | null): void {
    if (usage) {
      // Cache reads do not count towards Anthropic's input-token limit; cache writes do.
      const input = usage.input + usage.cacheWrite;
      this.#samples = Math.min(this.#samples + 1, 20);
      this.#average.inputTokens += (input - this.#average.inputTokens) / this.#samples;
      this.#average.outputTokens += (usage.output - this.#average.outputTokens) / this.#samples;
    }
    if (this.#concurrency < this.#maxConcurrency) {
      this.#growth += 1;
      if (this.#growth >= Math.floor(this.#concurrency)) {
        this.#growth = 0;
        this.#concurrency = Math.min(this.#maxConcurrency, Math.floor(this.#concurrency) + 1);
      }
    }
  }

  #cost(name: DimensionName): number {
    if (name === 'requests') return 1;
    return this.#average[name];
  }

  #ratePerMs(bucket: Bucket): number {
    return ((bucket.limit / 60_000) * this.#rateShare) || 1e-9;
  }

  #refilled(bucket: Bucket, now: number): number {
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(bucket.capacity, bucket.tokens + elapsed * this.#ratePerMs(bucket));
  }
}
