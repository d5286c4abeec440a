// The anthropic-ratelimit-* headers. The fake never limits by itself (429s come only from
// faults), but clients that read these headers to pace themselves need plausible values.

const WINDOW_MS = 60_000;
export const LIMITS = { requests: 4000, input: 2_000_000, output: 400_000 };

interface Entry {
  at: number;
  input: number;
  output: number;
}

export class RateWindow {
  private entries: Entry[] = [];

  note(input: number, output: number, at = Date.now()): void {
    this.entries.push({ at, input, output });
  }

  clear(): void {
    this.entries = [];
  }

  headers(now = Date.now(), limitedForSec?: number): Record<string, string> {
    while ((this.entries[0]?.at ?? Infinity) <= now - WINDOW_MS) this.entries.shift();
    const used = this.entries.reduce((u, e) => ({ input: u.input + e.input, output: u.output + e.output }), { input: 0, output: 0 });
    const limited = limitedForSec !== undefined;
    // Replenishment time: when the oldest entry leaves the window (or the retry time on a 429).
    const reset = new Date(limited ? now + limitedForSec * 1000 : (this.entries[0]?.at ?? now) + WINDOW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const remaining = (limit: number, n: number) => String(limited ? 0 : Math.max(0, limit - n));
    const inRem = remaining(LIMITS.input, used.input);
    const outRem = remaining(LIMITS.output, used.output);
    return {
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
  }
}
