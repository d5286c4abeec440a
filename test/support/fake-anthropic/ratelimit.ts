// The anthropic-ratelimit-* headers, and the optional account rate limit.
//
// Off (the default) the fake never limits by itself (429s come only from faults), but clients
// that read these headers to pace themselves need plausible values: a 60 s window of usage
// against LIMITS.
//
// On (FakeAnthropicOptions.rateLimit, setRateLimit, POST /_fake/rate-limit) it limits like the
// real API, which documents "the token bucket algorithm: capacity continuously replenished up
// to the maximum": one bucket per dimension.
//   requests       capacity `burst` (default requestsPerMinute), refilled at requestsPerMinute/60
//                  per second. A Messages request that arrives (before latency, before
//                  validation) to find less than one token gets a 429 and takes none; otherwise
//                  it takes one.
//   input/output   optional; capacity = refill per minute. Deducted once the answer is built
//                  (input = uncached input + cache writes, as the API counts ITPM; cache reads
//                  are free), so they can go negative; a request arriving while one is below
//                  zero gets a 429.
// The 429 carries `retry-after` in whole seconds (ceil), as the real API sends it: the time
// until every limiting bucket can admit the request. Every answer (200, stream, 429) then
// carries the buckets' true state: limit, floor of the tokens left, and the RFC 3339 time at
// which the bucket is full again (rounded up to the second). Dimensions without a bucket keep
// the window's plausible values.
import type { FakeRateLimit } from './types';

const WINDOW_MS = 60_000;
export const LIMITS = { requests: 4000, input: 2_000_000, output: 400_000 };

interface Entry {
  at: number;
  input: number;
  output: number;
}

/** RFC 3339 in whole seconds, like the API; rounded up so the bucket is full by then. */
function rfc3339Ceil(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class Bucket {
  private tokens: number;
  private at: number;
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    readonly capacity: number,
    now: number,
  ) {
    this.perMs = perMinute / WINDOW_MS;
    this.tokens = capacity;
    this.at = now;
  }

  level(now: number): number {
    if (now > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
      this.at = now;
    }
    return this.tokens;
  }

  take(n: number, now: number): void {
    this.tokens = this.level(now) - n;
  }

  /** Ms from `now` until the bucket holds `n` tokens (0 if it does). */
  msUntil(n: number, now: number): number {
    return Math.max(0, (n - this.level(now)) / this.perMs);
  }

  headers(name: string, now: number): Record<string, string> {
    return {
      [`anthropic-ratelimit-${name}-limit`]: String(this.perMinute),
      [`anthropic-ratelimit-${name}-remaining`]: String(Math.max(0, Math.floor(this.level(now)))),
      [`anthropic-ratelimit-${name}-reset`]: rfc3339Ceil(now + this.msUntil(this.capacity, now)),
    };
  }
}

export interface Limited {
  retryAfterSec: number;
  message: string;
}

function checkLimit(limit: FakeRateLimit): void {
  const positive = (name: string, v: unknown, min = 0) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v < min) {
      throw new Error(`rate limit: ${name} must be a number > 0${min ? ` and >= ${min}` : ''}, got ${JSON.stringify(v)}`);
    }
  };
  positive('requestsPerMinute', limit.requestsPerMinute);
  if (limit.burst !== undefined) positive('burst', limit.burst, 1);
  if (limit.inputTokensPerMinute !== undefined) positive('inputTokensPerMinute', limit.inputTokensPerMinute, 1);
  if (limit.outputTokensPerMinute !== undefined) positive('outputTokensPerMinute', limit.outputTokensPerMinute, 1);
}

/** The token buckets of one account (the whole fake: every API key shares them, as an organization's keys do). */
class AccountLimit {
  private readonly requests: Bucket;
  private readonly input: Bucket | null;
  private readonly output: Bucket | null;

  constructor(
    readonly config: FakeRateLimit,
    now: number,
  ) {
    this.requests = new Bucket(config.requestsPerMinute, config.burst ?? config.requestsPerMinute, now);
    this.input = config.inputTokensPerMinute ? new Bucket(config.inputTokensPerMinute, config.inputTokensPerMinute, now) : null;
    this.output = config.outputTokensPerMinute ? new Bucket(config.outputTokensPerMinute, config.outputTokensPerMinute, now) : null;
  }

  admit(now: number): Limited | null {
    const waits: { ms: number; what: string }[] = [];
    if (this.requests.level(now) < 1) waits.push({ ms: this.requests.msUntil(1, now), what: `${this.config.requestsPerMinute} requests per minute` });
    if (this.input && this.input.level(now) < 0) waits.push({ ms: this.input.msUntil(0, now), what: `${this.config.inputTokensPerMinute} input tokens per minute` });
    if (this.output && this.output.level(now) < 0) waits.push({ ms: this.output.msUntil(0, now), what: `${this.config.outputTokensPerMinute} output tokens per minute` });
    if (waits.length === 0) {
      this.requests.take(1, now);
      return null;
    }
    const ms = Math.max(...waits.map((w) => w.ms));
    return {
      retryAfterSec: Math.max(1, Math.ceil(ms / 1000)),
      message:
        `This request would exceed the rate limit for your organization of ${waits.map((w) => w.what).join(' and ')}. ` +
        'For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers ' +
        'for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
    };
  }

  spend(input: number, output: number, now: number): void {
    this.input?.take(input, now);
    this.output?.take(output, now);
  }

  /** `window` (the plausible values) with every bucket's dimension replaced by its true state. */
  headers(window: Record<string, string>, now: number): Record<string, string> {
    const out = { ...window, ...this.requests.headers('requests', now) };
    if (this.input) Object.assign(out, this.input.headers('input-tokens', now));
    if (this.output) Object.assign(out, this.output.headers('output-tokens', now));
    if (this.input || this.output) {
      const sum = (kind: 'limit' | 'remaining') =>
        String(Number(out[`anthropic-ratelimit-input-tokens-${kind}`]) + Number(out[`anthropic-ratelimit-output-tokens-${kind}`]));
      const resets = [out['anthropic-ratelimit-input-tokens-reset']!, out['anthropic-ratelimit-output-tokens-reset']!].sort();
      Object.assign(out, {
        'anthropic-ratelimit-tokens-limit': sum('limit'),
        'anthropic-ratelimit-tokens-remaining': sum('remaining'),
        'anthropic-ratelimit-tokens-reset': resets[1]!,
      });
    }
    return out;
  }
}

export class RateWindow {
  private entries: Entry[] = [];
  private limit: AccountLimit | null = null;

  /** Turns the account rate limit on with full buckets (or off, with null). Throws on nonsense. */
  setLimit(limit: FakeRateLimit | null, now = Date.now()): void {
    if (limit) checkLimit(limit);
    this.limit = limit ? new AccountLimit({ ...limit }, now) : null;
  }

  limitConfig(): FakeRateLimit | null {
    return this.limit ? { ...this.limit.config } : null;
  }

  note(input: number, output: number, at = Date.now()): void {
    this.entries.push({ at, input, output });
  }

  /** Counts an answer against the token buckets (if configured); input as the API counts ITPM. */
  spend(input: number, output: number, now = Date.now()): void {
    this.limit?.spend(input, output, now);
  }

  /** Decides at arrival: null lets the request in (taking a request token), else why not and for how long. */
  admit(now = Date.now()): Limited | null {
    return this.limit ? this.limit.admit(now) : null;
  }

  /** Forgets usage; an account limit stays on, with full buckets. */
  clear(now = Date.now()): void {
    this.entries = [];
    if (this.limit) this.limit = new AccountLimit(this.limit.config, now);
  }

  /** `limitedForSec`: a fault 429 (ignored when the account limit is on: its headers tell the truth). */
  headers(now = Date.now(), limitedForSec?: number): Record<string, string> {
    while ((this.entries[0]?.at ?? Infinity) <= now - WINDOW_MS) this.entries.shift();
    const used = this.entries.reduce((u, e) => ({ input: u.input + e.input, output: u.output + e.output }), { input: 0, output: 0 });
    const limited = limitedForSec !== undefined && !this.limit;
    // Replenishment time: when the oldest entry leaves the window (or the retry time on a 429).
    const reset = new Date(limited ? now + limitedForSec * 1000 : (this.entries[0]?.at ?? now) + WINDOW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const remaining = (limit: number, n: number) => String(limited ? 0 : Math.max(0, limit - n));
    const inRem = remaining(LIMITS.input, used.input);
    const outRem = remaining(LIMITS.output, used.output);
    const window = {
      'anthropic-ratelimit-requests-limit': String(LIMITS.requests),
      'anthropic-ratelimit-requests-remaining': remaining(LIMITS.requests, this.entries.length),
      'anthropic-ratelimit-requests-reset': reset,
      'anthropic-ratelimit-input-tokens-limit': String(LIMITS.input),
      'anthropic-ratelimit-input-tokens-remaining': inRem,
      'anthropic-ratelimit-input-tokens-reset': reset,
      'anthropic-ratelimit-output-tokens-limit': String(LIMITS.output),
      'anthropic-ratelimit-output-tokens-remaining': outRem,
      'anthropic-ratelimit-output-tokens-reset': reset,
      'anthropic-ratelimit-tokens-limit': String(LIMITS.input + LIMITS.output),
      'anthropic-ratelimit-tokens-remaining': String(Number(inRem) + Number(outRem)),
      'anthropic-ratelimit-tokens-reset': reset,
    };
    return this.limit ? this.limit.headers(window, now) : window;
  }
}

/** A request received inside a retry-after window the fake had announced to the same client. */
export interface EarlyRequest {
  id: string;
  receivedAt: number;
  /** The 429 whose window it fell in, and how long after that 429 was sent it came. */
  after429: string;
  msAfter429: number;
  retryAfterMs: number;
}

/** Grace after a 429: requests already on their way when it was sent are not the client's fault. */
export const EARLY_GRACE_MS = 50;

interface Answered {
  id: string;
  receivedAt: number;
  startedAt: number;
  status: number;
  retryAfterMs?: number;
  headers: Record<string, string | string[] | undefined>;
}

function clientKey(headers: Answered['headers']): string {
  const key = headers['x-api-key'] ?? headers.authorization ?? '';
  return Array.isArray(key) ? (key[0] ?? '') : key;
}

/**
 * Requests (in arrival order) received in (t + EARLY_GRACE_MS, t + R) after a 429 sent at t
 * with retry-after R to the same client (same API key): each counted once, under the first
 * 429 it violates. How a test proves that the client honours retry-after.
 */
export function earlyAfter429(requests: readonly Answered[]): EarlyRequest[] {
  const early = new Map<string, EarlyRequest>();
  requests.forEach((r, i) => {
    if (r.status !== 429 || !r.retryAfterMs) return;
    const sentAt = r.startedAt;
    const key = clientKey(r.headers);
    for (const q of requests.slice(i + 1)) {
      if (q.receivedAt >= sentAt + r.retryAfterMs) break;
      if (q.receivedAt <= sentAt + EARLY_GRACE_MS || early.has(q.id) || clientKey(q.headers) !== key) continue;
      early.set(q.id, { id: q.id, receivedAt: q.receivedAt, after429: r.id, msAfter429: q.receivedAt - sentAt, retryAfterMs: r.retryAfterMs });
    }
  });
  return [...early.values()].sort((a, b) => a.receivedAt - b.receivedAt);
}
