// One HTTP request/response pair and its record. Centralises the bookkeeping every answer
// needs (request-id, status, outcome, in-flight count) so no code path can forget it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, STATUS_OF, type ApiErrorSpec } from './errors';
import type { RecordedRequest } from './types';

export class Exchange {
  /** Aborted when the client goes away (or the server closes): stops timers and writers. */
  readonly signal: AbortSignal;
  private readonly abort = new AbortController();
  /** Outcome if the response completes normally. */
  result: 'ok' | 'error' = 'ok';
  /** Set when the fake itself cut the connection (drop fault): an error, not a client abort. */
  dropped = false;
  private settled = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly rec: RecordedRequest,
    private readonly onSettle: (ex: Exchange) => void,
  ) {
    this.signal = this.abort.signal;
    res.on('close', () => this.settle(res.writableFinished ? this.result : this.dropped ? 'error' : 'aborted'));
  }

  get open(): boolean {
    return !this.settled && !this.res.destroyed;
  }

  /** Idempotent: the first caller decides the outcome; in-flight is decremented once. */
  settle(outcome: RecordedRequest['outcome']): void {
    if (this.settled) return;
    this.settled = true;
    this.rec.outcome = outcome;
    this.rec.finishedAt = Date.now();
    this.abort.abort();
    this.onSettle(this);
  }

  begin(status: number, headers: Record<string, string>): void {
    this.rec.status = status;
    this.rec.startedAt = Date.now();
    this.res.writeHead(status, { 'request-id': this.rec.id, ...headers });
  }

  sendJson(status: number, body: string, headers: Record<string, string> = {}): void {
    if (!this.open) return;
    this.result = status < 400 ? 'ok' : 'error';
    this.begin(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
    this.res.end(body);
  }

  sendError(spec: ApiErrorSpec, headers: Record<string, string> = {}): void {
    this.sendJson(STATUS_OF[spec.type], errorBody(spec, this.rec.id), headers);
  }

  /** Cut the TCP connection with no (or a partial) response, like a network failure. */
  drop(): void {
    this.dropped = true;
    this.req.socket.destroy();
  }
}

/** Resolves after `ms`, or early (false) when the exchange is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
