// Every failure of an OpenAI-compatible server as a ProviderError whose message says what
// to do: start the server, pull the model, set the key, or choose another model. The kind
// is what the retry policy and the gateway act on: `network` for a server that is not
// running (the gateway then waits for it, as for the network, without spending retries).
import { ProviderError, type ProviderErrorKind } from '../provider';
import type { ServerEndpoint } from './local-servers';

export interface ErrorContext {
  endpoint: ServerEndpoint;
  model: string;
  now?: number;
}

/** The server's own words: `{error: {message}}` (OpenAI, vLLM, LM Studio, Ollama), `{error: "…"}` (older Ollama), `{message}`, `{detail}`. */
export function serverMessage(body: unknown): string | null {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 300) : null;
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const error = b.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>).message === 'string') {
    return (error as Record<string, unknown>).message as string;
  }
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  return null;
}

/** The sentence for a server that cannot be reached at all. */
export function notRunningMessage(endpoint: ServerEndpoint): string {
  return `${endpoint.name} is not running at ${endpoint.hostPort} — start it, or choose another model`;
}

export function connectionError(ctx: ErrorContext, cause: unknown): ProviderError {
  return new ProviderError('network', notRunningMessage(ctx.endpoint), { cause });
}

/** The sentence for a model the server does not have. */
export function missingModelMessage(endpoint: ServerEndpoint, model: string): string {
  if (endpoint.server === 'ollama') return `model ${model} is not pulled — run \`ollama pull ${model}\``;
  return `model ${model} is not available on ${endpoint.name} at ${endpoint.hostPort} — download or load it there, or choose another model`;
}

const NAMES_MODEL = /\bmodel\b/i;
const MISSING = /not found|does not exist|no such|not loaded|unknown/i;
const CONTEXT_TOO_LONG = /context (length|window|size)|too many tokens|maximum context|exceeds? the (available )?context|n_ctx/i;

export function httpError(status: number, body: unknown, headers: Pick<Headers, 'get'>, ctx: ErrorContext): ProviderError {
  const said = serverMessage(body);
  const detail = said ? `: ${said}` : '';
  const at = `${ctx.endpoint.name} at ${ctx.endpoint.hostPort}`;
  const make = (kind: ProviderErrorKind, message: string, retryAfterMs: number | null = null) =>
    new ProviderError(kind, message, { status, retryAfterMs, requestId: headers.get('x-request-id') });
  if (status === 404) {
    // A 404 naming a model is the model; any other is the path (a base URL with a typo).
    if (said && NAMES_MODEL.test(said)) return make('not_found', missingModelMessage(ctx.endpoint, ctx.model));
    return make('not_found', `${at} has no chat completions endpoint (404${detail}) — check the base URL (for example http://127.0.0.1:11434/v1)`);
  }
  if (status === 401 || status === 403) {
    return make('auth', `${at} refused the API key (${status}${detail}) — set this server's key in Settings → Models (Jan needs one), or choose another model`);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers, ctx.now ?? Date.now());
    return make('rate_limit', `${at} is busy with other requests (429)${retryAfterMs !== null ? `; it asked to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''}`, retryAfterMs);
  }
  if (status === 503) {
    // LM Studio and llama.cpp answer 503 while a model is loading: a wait, not a failure.
    return make('overloaded', `${at} is not ready (503${detail}) — it may still be loading the model`, parseRetryAfter(headers, ctx.now ?? Date.now()));
  }
  if (status === 408 || status === 504) return make('timeout', `${at} timed out the request (${status}${detail})`);
  if (status >= 500) return make('server', `${at} failed (${status}${detail})`);
  if (status === 400 && said && CONTEXT_TOO_LONG.test(said)) {
    return make(
      'bad_request',
      `the prompt is longer than model ${ctx.model}'s context window on ${at} (${said}) — give the model a larger context (Ollama: the num_ctx parameter), or choose another model`,
    );
  }
  if (status === 400 && said && NAMES_MODEL.test(said) && MISSING.test(said)) {
    return make('not_found', missingModelMessage(ctx.endpoint, ctx.model));
  }
  return make('bad_request', `${at} rejected the request (${status}${detail})`);
}

/** `retry-after` in seconds or as an HTTP date; `retry-after-ms` where a server sends it. */
export function parseRetryAfter(headers: Pick<Headers, 'get'>, now: number): number | null {
  const ms = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
