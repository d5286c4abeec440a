import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { classifyAnthropicError, parseRetryAfter } from '../../../src/main/ai/anthropic-errors';

function httpError(status: number, type: string, message: string, headers: Record<string, string> = {}) {
  return APIError.generate(status, { type: 'error', error: { type, message } }, undefined, new Headers({ 'request-id': 'req_1', ...headers }));
}

describe('parseRetryAfter', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500' }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250.4', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(parseRetryAfter(new Headers())).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('classifyAnthropicError', () => {
  it('maps HTTP statuses to kinds', () => {
    const cases: [number, string, string, string][] = [
      [429, 'rate_limit_error', 'Number of requests has exceeded your rate limit', 'rate_limit'],
      [529, 'overloaded_error', 'Overloaded', 'overloaded'],
      [503, 'overloaded_error', 'Overloaded', 'overloaded'],
      [500, 'api_error', 'Internal server error', 'server'],
      [502, 'api_error', 'Bad gateway', 'server'],
      [401, 'authentication_error', 'invalid x-api-key', 'auth'],
      [403, 'permission_error', 'Your API key does not have permission', 'permission'],
      [404, 'not_found_error', 'model: claude-nope', 'not_found'],
      [400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API.', 'spend_limit'],
      [400, 'invalid_request_error', 'You have reached your specified workspace API usage limits... spend limit', 'spend_limit'],
      [402, 'billing_error', 'Payment required', 'spend_limit'],
      [400, 'invalid_request_error', 'messages: field required', 'bad_request'],
      [413, 'request_too_large', 'Request exceeds the maximum size', 'bad_request'],
      [422, 'invalid_request_error', 'Unprocessable', 'bad_request'],
    ];
    for (const [status, type, message, kind] of cases) {
      const e = classifyAnthropicError(httpError(status, type, message));
      expect([status, type, e.kind]).toEqual([status, type, kind]);
      expect(e.status).toBe(status);
      expect(e.requestId).toBe('req_1');
    }
  });

  it('writes messages for people', () => {
    expect(classifyAnthropicError(httpError(401, 'authentication_error', 'invalid x-api-key')).message).toBe(
      'The Anthropic API key was rejected (401). Check the key in Settings.',
    );
    expect(classifyAnthropicError(httpError(400, 'invalid_request_error', 'Your credit balance is too low')).message).toBe(
      'Your Anthropic credit balance is too low to run this request (400). Add credits or raise the spend limit, then retry.',
    );
    expect(classifyAnthropicError(httpError(400, 'invalid_request_error', 'messages: field required')).message).toBe(
      'The Anthropic API rejected the request (400): messages: field required.',
    );
  });

  it('reads retry-after on a 429', () => {
    const e = classifyAnthropicError(httpError(429, 'rate_limit_error', 'slow down', { 'retry-after': '12' }));
    expect(e.kind).toBe('rate_limit');
    expect(e.retryAfterMs).toBe(12_000);
    expect(e.message).toMatch(/wait 12 s/);
  });

  it('treats the SDK’s spend-limit error codes as spend_limit, never retried, even when they come as a 429', () => {
    const coded = (status: number, type: string, code: string, headers: Record<string, string> = {}) =>
      APIError.generate(
        status,
        { type: 'error', error: { type, message: 'Limit reached.', details: { error_code: code } } },
        undefined,
        new Headers({ 'request-id': 'req_2', ...headers }),
      );
    const enforced = classifyAnthropicError(coded(429, 'rate_limit_error', 'enforced_spend_limit_reached', { 'retry-after': '30' }));
    expect(enforced).toMatchObject({ kind: 'spend_limit', status: 429, requestId: 'req_2', retryAfterMs: null });
    expect(enforced.retryable).toBe(false);
    expect(enforced.message).toBe(
      'Your Anthropic organisation has reached the monthly API usage limit of its usage tier (429, enforced_spend_limit_reached). ' +
        'Raise the limit or add credits in the Anthropic Console, then retry.',
    );
    const contract = classifyAnthropicError(coded(429, 'rate_limit_error', 'contract_spend_limit_reached'));
    expect([contract.kind, contract.retryable]).toEqual(['spend_limit', false]);
    expect(contract.message).toMatch(/spend limit of its contract \(429, contract_spend_limit_reached\)/);
    expect(classifyAnthropicError(coded(402, 'billing_error', 'linked_organization_spend_limit_reached')).kind).toBe('spend_limit');
    expect(classifyAnthropicError(coded(402, 'billing_error', 'linked_organization_billing_unavailable')).message).toMatch(
      /cannot bill the organisation linked to this key/,
    );
  });

  it('keeps a ramp limit (also a coded 429) a retryable rate limit, and names it', () => {
    const ramp = classifyAnthropicError(
      APIError.generate(
        429,
        { type: 'error', error: { type: 'rate_limit_error', message: 'Ramp.', details: { error_code: 'ramp_limit_exceeded' } } },
        undefined,
        new Headers({ 'retry-after': '4' }),
      ),
    );
    expect(ramp).toMatchObject({ kind: 'rate_limit', retryAfterMs: 4000 });
    expect(ramp.retryable).toBe(true);
    expect(ramp.message).toBe('Anthropic ramp limit (usage is growing faster than allowed) reached (429). The server asked to wait 4 s.');
  });

  it('classifies an SSE error event after a 200 by the body type', () => {
    const sse = (type: string) =>
      new APIError(undefined, { type: 'error', error: { type, message: 'x' } }, undefined, new Headers({ 'request-id': 'req_s' }), type as never);
    expect(classifyAnthropicError(sse('overloaded_error')).kind).toBe('overloaded');
    expect(classifyAnthropicError(sse('api_error')).kind).toBe('server');
    expect(classifyAnthropicError(sse('something_new')).kind).toBe('server');
    expect(classifyAnthropicError(sse('overloaded_error')).requestId).toBe('req_s');
    expect(classifyAnthropicError(sse('api_error')).status).toBeNull();
  });

  it('maps connection failures, timeouts and aborts', () => {
    expect(classifyAnthropicError(new APIConnectionTimeoutError()).kind).toBe('timeout');
    const net = classifyAnthropicError(new APIConnectionError({ cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }));
    expect(net.kind).toBe('network');
    expect(net.message).toMatch(/ECONNREFUSED/);
    expect(classifyAnthropicError(new APIUserAbortError()).kind).toBe('aborted');
    // Our signal wins over whatever the SDK threw.
    expect(classifyAnthropicError(new APIConnectionError({}), { signal: AbortSignal.abort() }).kind).toBe('aborted');
    // Our watchdog's abort is a timeout, not a cancel.
    expect(classifyAnthropicError(new APIUserAbortError(), { timedOut: true, timeoutMs: 2000 }).message).toMatch(/sent nothing for 2 s/);
  });

  it('maps stream-level failures', () => {
    const bad = new AnthropicError('Unexpected token');
    (bad as { cause?: unknown }).cause = new SyntaxError('Unexpected token } in JSON');
    expect(classifyAnthropicError(bad).kind).toBe('invalid_output');
    expect(classifyAnthropicError(new AnthropicError('stream ended without producing a Message with role=assistant')).kind).toBe('network');
    const terminated = new AnthropicError('terminated');
    (terminated as { cause?: unknown }).cause = new TypeError('terminated');
    expect(classifyAnthropicError(terminated).kind).toBe('network');
  });

  it('carries partial usage along', () => {
    const usage = { input: 10, output: 2, cacheRead: 0, cacheWrite: 0 };
    expect(classifyAnthropicError(new APIConnectionError({}), { usage }).usage).toEqual(usage);
  });
});
