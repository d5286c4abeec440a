// Turns whatever the Anthropic SDK throws into a ProviderError with a message a person
// can act on. The retry policy only ever looks at `kind`, so every SDK detail that
// matters (status, body type, retry-after, request id) is read here and nowhere else.
import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { TokenUsage } from '../../shared/domain';
import { ProviderError, type ProviderErrorKind } from './provider';
import { parseRateLimitHeaders } from './rate-budget';

export interface ErrorContext {
  /** The caller's signal: if it aborted, whatever the SDK threw is a cancel. */
  signal?: AbortSignal | undefined;
  /** Set when our own inactivity watchdog aborted the request. */
  timedOut?: boolean;
  timeoutMs?: number;
  model?: string;
  /** Request id from the stream's response headers, for errors raised after a 200. */
  requestId?: string | null;
  /** Usage reported before the failure (message_start arrived). */
  usage?: TokenUsage | null;
  /** Whether `usage.output` is estimated from the answer received (the stream's end never came). */
  usageEstimated?: boolean;
  now?: number;
}

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms`, `retry-after` in
 * seconds, or `retry-after` as an HTTP date. Null when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers | null | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return null;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : null;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function detail(err: APIError): string {
  const m = err.apiMessage ?? null;
  return m ? `: ${m}` : '';
}

const SPEND_PATTERN = /credit balance|spend|billing|payment|quota/i;

/**
 * `error.details.error_code` values (read by the SDK into APIError.errorCode) that mean the
 * organisation may not spend more: waiting will not help, so they are never retried. The
 * codes and their meaning come from @anthropic-ai/sdk 1.12 (core/error-classes.js,
 * resources/shared.d.ts). Two of them arrive as a 429, which would otherwise read as an
 * ordinary rate limit and be retried until the attempts run out.
 */
export const SPEND_LIMIT_CODES: Readonly<Record<string, string>> = {
  enforced_spend_limit_reached: 'Your Anthropic organisation has reached the monthly API usage limit of its usage tier',
  contract_spend_limit_reached: 'Your Anthropic organisation has reached the spend limit of its contract',
  linked_organization_spend_limit_reached:
    'The Anthropic organisation linked to this key has reached its spend limit or is out of credit',
  linked_organization_billing_unavailable: 'Anthropic cannot bill the organisation linked to this key right now',
};

export function classifyAnthropicError(err: unknown, ctx: ErrorContext = {}): ProviderError {
  if (err instanceof ProviderError) return err;
  const usage = ctx.usage ?? null;
  const base = { cause: err, usage, usageEstimated: ctx.usageEstimated === true, requestId: ctx.requestId ?? null };

  // Our signal first: an abort can surface from the SDK as an abort error, a connection
  // error or a stream error depending on where the request was when it hit.
  if (ctx.signal?.aborted) return new ProviderError('aborted', 'The request was cancelled.', base);
  if (ctx.timedOut) {
    const wait = ctx.timeoutMs !== undefined ? ` for ${seconds(ctx.timeoutMs)}` : '';
    return new ProviderError('timeout', `The Anthropic API sent nothing${wait} and the request was given up.`, base);
  }
  if (err instanceof APIUserAbortError) return new ProviderError('aborted', 'The request was cancelled.', base);
  if (err instanceof APIConnectionTimeoutError) {
    const wait = ctx.timeoutMs !== undefined ? ` within ${seconds(ctx.timeoutMs)}` : '';
    return new ProviderError('timeout', `The Anthropic API did not respond${wait}.`, base);
  }
  if (err instanceof APIConnectionError) {
    const cause = describeCause(err.cause);
    return new ProviderError(
      'network',
      `Could not reach the Anthropic API${cause ? ` (${cause})` : ''}. Check the internet connection and the API base URL.`,
      base,
    );
  }
  if (err instanceof APIError) return classifyApiError(err, ctx, usage);

  if (err instanceof AnthropicError || err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof SyntaxError || err instanceof SyntaxError) {
      return new ProviderError(
        'invalid_output',
        `The model's tool input was not valid JSON (${(cause instanceof SyntaxError ? cause : err).message}).`,
        base,
      );
    }
    if (/stream ended without producing|request ended without sending any chunks/i.test(err.message)) {
      return new ProviderError('network', 'The connection closed before the answer was complete.', base);
    }
    // Body read failures after the headers (undici "terminated", socket resets) arrive
    // wrapped in a plain AnthropicError.
    if (/terminated|socket|ECONNRESET|EPIPE|network|fetch failed|other side closed/i.test(`${err.message} ${describeCause(cause)}`)) {
      return new ProviderError(
        'network',
        `The connection to the Anthropic API broke off mid-answer (${describeCause(cause) || err.message}).`,
        base,
      );
    }
    return new ProviderError('server', `The Anthropic API request failed: ${err.message}`, base);
  }
  return new ProviderError('server', `The Anthropic API request failed: ${String(err)}`, base);
}

function classifyApiError(err: APIError, ctx: ErrorContext, usage: TokenUsage | null): ProviderError {
  const status = typeof err.status === 'number' ? err.status : null;
  const requestId = err.requestID ?? ctx.requestId ?? null;
  const opts = { status, requestId, usage, usageEstimated: ctx.usageEstimated === true, rateLimit: parseRateLimitHeaders(err.headers), cause: err };
  const make = (kind: ProviderErrorKind, message: string, retryAfterMs: number | null = null) =>
    new ProviderError(kind, message, { ...opts, retryAfterMs });
  const type = err.type;

  const spend = err.errorCode ? SPEND_LIMIT_CODES[err.errorCode] : undefined;
  if (spend) {
    return make(
      'spend_limit',
      `${spend} (${status ?? 'stream error'}, ${err.errorCode}). Raise the limit or add credits in the Anthropic Console, then retry.`,
    );
  }

  // An `error` event inside a 200 stream: no status, the body's type says what happened.
  if (status === null) {
    switch (type) {
      case 'overloaded_error':
        return make('overloaded', `Anthropic's API is temporarily overloaded (stream error)${detail(err)}.`);
      case 'rate_limit_error':
        return make('rate_limit', `Anthropic rate limit reached mid-answer${detail(err)}.`, parseRetryAfter(err.headers, ctx.now));
      default:
        return make('server', `The Anthropic API failed mid-answer (${type ?? 'unknown error'})${detail(err)}.`);
    }
  }

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(err.headers, ctx.now);
    const wait = retryAfterMs !== null ? ` The server asked to wait ${seconds(retryAfterMs)}.` : '';
    // A ramp limit caps how fast usage may grow: still a wait-and-retry, but worth naming.
    const what = err.errorCode === 'ramp_limit_exceeded' ? 'ramp limit (usage is growing faster than allowed)' : 'rate limit';
    return make('rate_limit', `Anthropic ${what} reached (429).${wait}`, retryAfterMs);
  }
  if (status === 529 || type === 'overloaded_error') {
    return make('overloaded', `Anthropic's API is temporarily overloaded (${status}).`, parseRetryAfter(err.headers, ctx.now));
  }
  if (status === 401) return make('auth', `The Anthropic API key was rejected (401). Check the key in Settings.`);
  if (status === 403) {
    return make(
      'permission',
      `The Anthropic API key is not allowed to do this (403)${detail(err)}. Check the key's workspace and model access.`,
    );
  }
  if (status === 404) {
    const model = ctx.model ? ` model "${ctx.model}" or` : '';
    return make('not_found', `The Anthropic API could not find the${model} endpoint (404)${detail(err)}. Check the model name and base URL in Settings.`);
  }
  if (status === 402 || type === 'billing_error' || (status === 400 && SPEND_PATTERN.test(err.apiMessage ?? err.message))) {
    return make(
      'spend_limit',
      `Your Anthropic credit balance is too low to run this request (${status}). Add credits or raise the spend limit, then retry.`,
    );
  }
  if (status === 408) return make('timeout', `The Anthropic API timed out the request (408).`);
  if (status >= 500) return make('server', `The Anthropic API had a server error (${status})${detail(err)}.`);
  return make('bad_request', `The Anthropic API rejected the request (${status})${detail(err)}.`);
}

function describeCause(cause: unknown): string {
  if (!cause || typeof cause !== 'object') return '';
  const c = cause as { code?: unknown; message?: unknown; cause?: unknown };
  const inner = c.cause && typeof c.cause === 'object' ? (c.cause as { code?: unknown; message?: unknown }) : null;
  const code = typeof inner?.code === 'string' ? inner.code : typeof c.code === 'string' ? c.code : null;
  const message = typeof inner?.message === 'string' && inner.message ? inner.message : typeof c.message === 'string' ? c.message : '';
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
