// Answering POST /v1/messages: the account rate limit, validation, faults, latency, then a
// JSON or SSE response.
import { errorBody, FAULT_ERRORS, OVERLOADED_SSE_ERROR } from './errors';
import { sleep, type Exchange } from './exchange';
import type { FaultPicker } from './faults';
import { buildMessage, type FakeMessage } from './message';
import type { RateWindow } from './ratelimit';
import { forcedToolName, isObject, type Json } from './request';
import { frame, streamEvents } from './sse';
import type { Fault } from './types';
import { PromptCache } from './usage';
import { validateMessagesBody } from './validate';

export interface AnswerDeps {
  latencyMs(): number;
  faults: FaultPicker;
  cache: PromptCache;
  rate: RateWindow;
  override(): ((body: Json) => unknown) | null;
  /** The wait of a hold that stops this stream halfway (false: the client left), or null; see holds.ts. */
  midStreamHold?(body: Json): ((signal: AbortSignal) => Promise<boolean>) | null;
}

/** Share of the latency spent before the first stream event; the rest spreads over deltas. */
const STREAM_HEAD_SHARE = 0.7;

export async function answerMessages(ex: Exchange, body: unknown, deps: AnswerDeps): Promise<void> {
  ex.rec.body = body;
  ex.rec.stream = isObject(body) && body.stream === true;
  ex.rec.toolName = forcedToolName(body);
  // The account rate limit decides on arrival, before the body is looked at or a fault drawn
  // (a limited request never reaches the model, and leaves queued faults for later ones).
  const limited = deps.rate.admit();
  if (limited) {
    ex.rec.rateLimited = true;
    ex.rec.retryAfterMs = limited.retryAfterSec * 1000;
    return ex.sendError({ type: 'rate_limit_error', message: limited.message }, { ...deps.rate.headers(), 'retry-after': String(limited.retryAfterSec) });
  }
  const invalid = validateMessagesBody(body);
  if (invalid) return ex.sendError(invalid);
  const req = body as Json;
  const fault = deps.faults.pick(req);
  ex.rec.fault = fault?.kind ?? null;

  // Rejections made before the model runs (gateway, billing, rate limiting) come back at once.
  switch (fault?.kind) {
    case 'rate_limit':
      return sendRateLimit(ex, fault, deps);
    case 'overloaded':
    case 'bad_request':
    case 'auth':
    case 'permission':
    case 'spend_limit':
      return ex.sendError(FAULT_ERRORS[fault.kind]!);
    case 'unavailable':
      // A 503 from the front door; the SDK makes it an InternalServerError (ServiceUnavailableError).
      return ex.sendJson(503, errorBody(FAULT_ERRORS.unavailable!, ex.rec.id));
    case 'hang':
      return; // Accepted, never answered: only a client abort or close() ends it.
  }

  const stream = ex.rec.stream;
  const latency = deps.latencyMs();
  if (!(await sleep(stream ? Math.round(latency * STREAM_HEAD_SHARE) : latency, ex.signal))) return;

  if (fault?.kind === 'server_error') return ex.sendError(FAULT_ERRORS.server_error!);
  if (!stream && fault?.kind === 'drop_mid_stream') return ex.drop();
  // A JSON answer cannot carry an SSE error event; the same failure arrives as a 529.
  if (!stream && fault?.kind === 'sse_error_after_200') return ex.sendError(FAULT_ERRORS.overloaded!);

  const msg = buildMessage(req, {
    requestId: ex.rec.id,
    inputUsage: deps.cache.account(req, Date.now(), ex.rec.receivedAt),
    override: deps.override(),
    malformed: fault?.kind === 'malformed_tool_input',
  });
  deps.rate.note(msg.usage.input_tokens + msg.usage.cache_creation_input_tokens + msg.usage.cache_read_input_tokens, msg.usage.output_tokens);
  deps.rate.spend(msg.usage.input_tokens + msg.usage.cache_creation_input_tokens, msg.usage.output_tokens);
  if (!stream) return ex.sendJson(200, JSON.stringify(msg), deps.rate.headers());
  await writeStream(ex, req, msg, fault, latency - Math.round(latency * STREAM_HEAD_SHARE), deps);
}

/** Lets what was written reach the client, then waits for `next`. */
async function flushThen(ex: Exchange, next: (signal: AbortSignal) => Promise<boolean>): Promise<boolean> {
  await new Promise<void>((resolve) => ex.res.write('', () => resolve()));
  return next(ex.signal);
}

function sendRateLimit(ex: Exchange, fault: Fault, deps: AnswerDeps): void {
  const sec = Math.max(0, fault.retryAfterSec ?? 1);
  const headers: Record<string, string> = { ...deps.rate.headers(Date.now(), sec), 'retry-after': String(Math.ceil(sec)) };
  // The real API sends whole seconds only; sub-second test delays also go out in
  // retry-after-ms, which the SDK prefers, so fast tests need not wait a full second.
  if (!Number.isInteger(sec)) headers['retry-after-ms'] = String(Math.round(sec * 1000));
  ex.rec.retryAfterMs = Number(headers['retry-after-ms'] ?? Math.ceil(sec) * 1000);
  ex.sendError(FAULT_ERRORS.rate_limit!, headers);
}

async function writeStream(ex: Exchange, req: Json, msg: FakeMessage, fault: Fault | null, spreadMs: number, deps: AnswerDeps): Promise<void> {
  const { events, head } = streamEvents(msg);
  const failing = fault?.kind === 'drop_mid_stream' || fault?.kind === 'sse_error_after_200';
  // A failing stream dies halfway through the deltas, after the client has seen content.
  const deltaCount = events.length - head - 3;
  const stopAt = failing ? head + Math.max(1, Math.floor(deltaCount / 2)) : events.length;
  const gap = spreadMs / Math.max(1, stopAt - head);

  ex.begin(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...deps.rate.headers() });
  ex.res.write(events.slice(0, head).map(frame).join(''));
  const half = head + Math.max(1, Math.floor(deltaCount / 2));
  for (let i = head; i < stopAt; i++) {
    const held = i === half ? deps.midStreamHold?.(req) : null;
    if (held && !(await flushThen(ex, held))) return;
    if (gap >= 1 && !(await sleep(gap, ex.signal))) return;
    if (!ex.open) return;
    ex.res.write(frame(events[i]!));
  }
  if (fault?.kind === 'drop_mid_stream') {
    // Let what was written reach the client first, so it sees a stream die mid-way.
    await new Promise<void>((resolve) => ex.res.write('', () => resolve()));
    return ex.drop();
  }
  if (fault?.kind === 'sse_error_after_200') {
    ex.result = 'error';
    ex.res.end(frame({ event: 'error', data: OVERLOADED_SSE_ERROR }));
    return;
  }
  ex.res.end();
}
