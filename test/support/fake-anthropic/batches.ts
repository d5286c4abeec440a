// The Message Batches API (/v1/messages/batches...), as the real SDK's
// client.messages.batches.* calls it:
//   POST   /v1/messages/batches               {requests: [{custom_id, params}]} → MessageBatch
//   GET    /v1/messages/batches?limit&after_id&before_id   newest first; data, has_more, first_id, last_id
//   GET    /v1/messages/batches/{id}          → MessageBatch
//   POST   /v1/messages/batches/{id}/cancel   → MessageBatch (canceling, then ended)
//   DELETE /v1/messages/batches/{id}          ended batches only → {id, type: 'message_batch_deleted'}
//   GET    /v1/messages/batches/{id}/results  ended batches only: JSONL, one line per request
//
// How a batch runs: it is in_progress for the processing time (setBatchProcessing, default
// 200 ms), then ended. Its requests finish one after another over that time, in a seeded
// shuffled order (the order of the results file); request_counts say `processing: n` and 0
// elsewhere until the batch ends, as the real API reports them, then hold the final counts.
// A cancel makes it `canceling` for cancelMs (default 50 ms), then ended: requests that had
// finished before the cancel keep their result, the others are `canceled`.
//
// Outcomes: each request is drawn (seeded, in request order, one die per request even when a
// script wins) against outcomeRates (expired, or errored with invalid_request_error /
// api_error / overloaded_error), or scripted per custom_id (scriptBatchOutcome, one-shot per
// call). A succeeded request's message is built exactly like a non-streamed Messages answer
// (content overrides, prompt-cache accounting in completion order), with usage.service_tier
// 'batch' as the real API reports batch results.
//
// Validation like the real API: at create, the envelope (1..100,000 requests, custom_id
// ^[a-zA-Z0-9_-]{1,64}$ and unique, params an object without `stream: true`) → 400; the
// Messages checks of each params (validate.ts) run asynchronously, so a bad params comes
// back as an `errored` invalid_request_error result once the batch ended (the real API's
// documented behaviour). paramsValidation 'create' moves those checks to create (→ 400).
//
// Holds (holdBatch): a test stops the cycle at a point of its choosing instead of racing
// it — 'create' holds a create before the fake reads it (a client that dies meanwhile never
// created anything), 'created' after the batch exists but before the answer leaves (the
// client never learns the id), 'results' after `afterLines` lines of a results file.
//
// Not modelled: the batch rate limits, archiving (archived_at stays null), batch expiry
// after 24 h (expires_at is reported), workspaces.
import { createHash } from 'node:crypto';
import { errorBody, FAULT_ERRORS, type ApiErrorSpec, type ApiErrorType } from './errors';
import type { Exchange } from './exchange';
import { mulberry32 } from './faults';
import { buildMessage } from './message';
import { isObject, type Json } from './request';
import {
  BATCH_OUTCOME_KINDS,
  FAULT_KINDS,
  type BatchErrorType,
  type BatchOutcome,
  type BatchOutcomeKind,
  type FakeBatch,
  type FakeBatchRequest,
  type FakeBatchSettings,
  type Fault,
  type FaultKind,
} from './types';
import type { PromptCache } from './usage';
import { validateMessagesBody } from './validate';

export const BATCHES_PATH = '/v1/messages/batches';
/** The real API's limits for a batch. */
export const MAX_BATCH_REQUESTS = 100_000;
export const MAX_BATCH_BODY_BYTES = 256 * 1024 * 1024;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const DAY_MS = 24 * 3_600_000;

/** The faults a batch create can be failed with (failNextBatchCreate). */
const CREATE_FAULTS: readonly FaultKind[] = ['rate_limit', 'overloaded', 'server_error', 'unavailable', 'bad_request', 'auth', 'permission', 'spend_limit', 'hang', 'drop_mid_stream'];

const ERROR_MESSAGES: Record<BatchErrorType, string> = {
  invalid_request_error: 'Invalid request',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

export type BatchHoldPoint = 'create' | 'created' | 'results';

interface BatchHold {
  point: BatchHoldPoint;
  afterLines: number;
  /** Exchanges waiting at it. */
  waiting: Set<() => void>;
  reached: number;
  onReach: Set<() => void>;
}

export interface BatchDeps {
  cache: PromptCache;
  override(): ((body: Json) => unknown) | null;
  /** Base URL for results_url when the request has no Host header. */
  url(): string;
}

type Status = 'in_progress' | 'canceling' | 'ended';
type Result =
  | { type: 'succeeded'; message: unknown }
  | { type: 'errored'; error: { type: 'error'; error: { type: string; message: string }; request_id: null } }
  | { type: 'canceled' }
  | { type: 'expired' };

interface Item {
  customId: string;
  params: Json;
  planned: BatchOutcome;
  /** When it finishes processing (ms since epoch), by its place in the shuffled order. */
  doneAt: number;
  result: Result | null;
}

interface Batch {
  seq: number;
  id: string;
  createdAt: number;
  status: Status;
  endedAt: number | null;
  cancelInitiatedAt: number | null;
  deletedAt: number | null;
  items: Item[];
  /** Indexes into items: completion order, which is the results file's order. */
  order: number[];
  /** Processing (or canceling) ends at. */
  dueAt: number;
  timer: NodeJS.Timeout | null;
}

const bad = (message: string): ApiErrorSpec => ({ type: 'invalid_request_error', message });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class BatchStore {
  private readonly list: Batch[] = [];
  private readonly byId = new Map<string, Batch>();
  private readonly scripted = new Map<string, BatchOutcome[]>();
  private createFaults: Fault[] = [];
  private processingMs: number;
  private cancelMs: number;
  private rates: Partial<Record<BatchOutcomeKind, number>> = {};
  private random: () => number;
  private seq = 0;
  private readonly paramsValidation: 'results' | 'create';
  private readonly salt = `${process.pid}|${Date.now()}|${Math.random()}`;
  private readonly holds = new Map<BatchHoldPoint, BatchHold>();

  /** Stops requests at `point` until released (see the header). Returns how many reached it so far via `reached`. */
  hold(point: BatchHoldPoint, opts: { afterLines?: number } = {}): void {
    this.holds.set(point, { point, afterLines: opts.afterLines ?? 0, waiting: new Set(), reached: 0, onReach: new Set() });
  }

  /** Lets every request held at `point` (or at every point) go on, and holds no more there. */
  releaseHold(point?: BatchHoldPoint): void {
    for (const [p, h] of this.holds) {
      if (point !== undefined && p !== point) continue;
      this.holds.delete(p);
      for (const go of h.waiting) go();
    }
  }

  /** Requests waiting at the hold at `point` now (one whose client closed its connection leaves at once). */
  heldNow(point: BatchHoldPoint): number {
    return this.holds.get(point)?.waiting.size ?? 0;
  }

  /** Resolves once `count` requests have reached the hold at `point`. */
  untilHeld(point: BatchHoldPoint, count = 1): Promise<void> {
    const h = this.holds.get(point);
    if (!h) return Promise.reject(new Error(`no hold at ${point}`));
    if (h.reached >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (h.reached >= count) {
          h.onReach.delete(check);
          resolve();
        }
      };
      h.onReach.add(check);
    });
  }

  /** Waits at `point` if it is held: false when the client went away meanwhile. */
  private async pass(ex: Exchange, point: BatchHoldPoint): Promise<boolean> {
    const h = this.holds.get(point);
    if (!h) return true;
    h.reached++;
    for (const f of [...h.onReach]) f();
    await new Promise<void>((resolve) => {
      const go = () => {
        h.waiting.delete(go);
        ex.signal.removeEventListener('abort', go);
        resolve();
      };
      h.waiting.add(go);
      ex.signal.addEventListener('abort', go, { once: true });
    });
    return ex.open;
  }

  constructor(
    private readonly deps: BatchDeps,
    settings: FakeBatchSettings & { paramsValidation?: 'results' | 'create' } = {},
  ) {
    this.processingMs = 200;
    this.cancelMs = 50;
    this.random = mulberry32(settings.seed ?? 1);
    this.paramsValidation = settings.paramsValidation ?? 'results';
    this.configure(settings);
  }

  /** Changes what later batches get (a running batch keeps its timing and outcomes). */
  configure(settings: FakeBatchSettings): void {
    const ms = (v: unknown, what: string) => {
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${what} must be a number ≥ 0`);
      return v;
    };
    if (settings.processingMs !== undefined) this.processingMs = ms(settings.processingMs, 'processingMs');
    if (settings.cancelMs !== undefined) this.cancelMs = ms(settings.cancelMs, 'cancelMs');
    if (settings.outcomeRates !== undefined) {
      let sum = 0;
      for (const [kind, p] of Object.entries(settings.outcomeRates ?? {})) {
        if (!(BATCH_OUTCOME_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown batch outcome: ${kind} (known: ${BATCH_OUTCOME_KINDS.join(', ')})`);
        if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`batch outcome rate for ${kind} must be in [0, 1]`);
        sum += p;
      }
      if (sum > 1 + 1e-9) throw new Error('batch outcome rates must add up to at most 1');
      this.rates = { ...settings.outcomeRates };
    }
    if (settings.seed !== undefined) this.random = mulberry32(settings.seed);
  }

  script(customId: string, outcome: BatchOutcome): void {
    if (!isObject(outcome) || !['succeeded', 'errored', 'expired'].includes(outcome.type)) {
      throw new Error(`a scripted batch outcome is {type: 'succeeded' | 'errored' | 'expired'}, got ${JSON.stringify(outcome)}`);
    }
    this.scripted.set(customId, [...(this.scripted.get(customId) ?? []), outcome]);
  }

  failNextCreate(kind: FaultKind = 'overloaded', retryAfterSec?: number): void {
    if (!FAULT_KINDS.includes(kind) || !CREATE_FAULTS.includes(kind)) throw new Error(`a batch create cannot fail with ${kind} (can: ${CREATE_FAULTS.join(', ')})`);
    this.createFaults.push({ kind, retryAfterSec });
  }

  /** Stops every timer; forgets batches, scripts, queued create faults and outcome rates. */
  reset(): void {
    for (const b of this.list) if (b.timer) clearTimeout(b.timer);
    this.list.length = 0;
    this.byId.clear();
    this.scripted.clear();
    this.createFaults = [];
    this.rates = {};
    this.releaseHold();
  }

  close(): void {
    for (const b of this.list) if (b.timer) clearTimeout(b.timer);
    this.releaseHold();
  }

  snapshot(): FakeBatch[] {
    const now = Date.now();
    return this.list.map((b) => {
      this.advance(b, now);
      const requests: FakeBatchRequest[] = b.items.map((it) => ({
        customId: it.customId,
        params: it.params,
        planned: it.planned,
        result: it.result ? (structuredClone(it.result) as FakeBatchRequest['result']) : null,
      }));
      return {
        id: b.id,
        processingStatus: b.status,
        createdAt: b.createdAt,
        endedAt: b.endedAt,
        cancelInitiatedAt: b.cancelInitiatedAt,
        deletedAt: b.deletedAt,
        requestCounts: this.counts(b),
        requests,
        resultOrder: b.order.map((i) => b.items[i]!.customId),
      };
    });
  }

  /** Batches by processing status (deleted ones as 'deleted'), for /_fake/stats. */
  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    const now = Date.now();
    for (const b of this.list) {
      this.advance(b, now);
      const key = b.deletedAt !== null ? 'deleted' : b.status;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  /** Answers a request under /v1/messages/batches; `raw` is its body text. */
  route(ex: Exchange, method: string, path: string, raw: string): void {
    const rest = path.slice(BATCHES_PATH.length).split('/').filter(Boolean).map(decodeURIComponent);
    const now = Date.now();
    if (rest.length === 0 && method === 'POST') {
      if (!this.holds.has('create')) return this.create(ex, raw, now);
      void this.pass(ex, 'create').then((open) => open && this.create(ex, raw, Date.now()));
      return;
    }
    if (rest.length === 0 && method === 'GET') return this.page(ex, now);
    const batch = rest[0] === undefined ? undefined : this.byId.get(rest[0]);
    const known = batch && batch.deletedAt === null;
    const route = `${method} ${rest.length === 1 ? '{id}' : `{id}/${rest.slice(1).join('/')}`}`;
    if (!['GET {id}', 'DELETE {id}', 'POST {id}/cancel', 'GET {id}/results'].includes(route)) {
      return ex.sendError({ type: 'not_found_error', message: 'Not Found' });
    }
    if (!known) return ex.sendError({ type: 'not_found_error', message: `message_batch: ${rest[0]}` });
    this.advance(batch, now);
    switch (route) {
      case 'GET {id}':
        return this.sendBatch(ex, batch);
      case 'POST {id}/cancel':
        if (batch.status === 'ended') return ex.sendError(bad(`Batch ${batch.id} cannot be canceled: it has already ended.`));
        if (batch.status === 'in_progress') this.cancel(batch, now);
        return this.sendBatch(ex, batch);
      case 'DELETE {id}':
        if (batch.status !== 'ended') return ex.sendError(bad(`Batch ${batch.id} cannot be deleted while it is ${batch.status.replace('_', ' ')}. Cancel it first and wait for it to end.`));
        batch.deletedAt = now;
        return ex.sendJson(200, JSON.stringify({ id: batch.id, type: 'message_batch_deleted' }));
      default:
        if (batch.status !== 'ended') return ex.sendError(bad(`Batch ${batch.id} has not ended yet (processing_status: ${batch.status}); its results are not available.`));
        return this.sendResults(ex, batch);
    }
  }

  private create(ex: Exchange, raw: string, now: number): void {
    const fault = this.createFaults.shift();
    if (fault) return this.sendFault(ex, fault);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      ex.rec.body = raw;
      return ex.sendError(bad('There was an error parsing the body of your request. Please make sure it is valid JSON.'));
    }
    ex.rec.body = body;
    const invalid = this.validate(body);
    if (invalid) return ex.sendError(invalid);
    const requests = (body as Json).requests as { custom_id: string; params: Json }[];
    const seq = ++this.seq;
    const batch: Batch = {
      seq,
      id: `msgbatch_01${createHash('sha256').update(`${this.salt}|${seq}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`,
      createdAt: now,
      status: 'in_progress',
      endedAt: null,
      cancelInitiatedAt: null,
      deletedAt: null,
      items: [],
      order: [],
      dueAt: now + this.processingMs,
      timer: null,
    };
    // One die per request in request order (a script wins but still rolls), then the shuffle.
    for (const r of requests) {
      const roll = this.random();
      const planned = this.takeScript(r.custom_id) ?? this.draw(roll);
      batch.items.push({ customId: r.custom_id, params: r.params, planned, doneAt: 0, result: null });
    }
    batch.order = shuffle(batch.items.map((_, i) => i), this.random);
    batch.order.forEach((i, k) => (batch.items[i]!.doneAt = now + (this.processingMs * (k + 1)) / batch.items.length));
    this.list.push(batch);
    this.byId.set(batch.id, batch);
    this.schedule(batch);
    if (!this.holds.has('created')) return this.sendBatch(ex, batch);
    void this.pass(ex, 'created').then((open) => open && this.sendBatch(ex, batch));
  }

  private validate(body: unknown): ApiErrorSpec | null {
    if (!isObject(body)) return bad('Input should be a valid dictionary or object to extract fields from');
    if (body.requests === undefined) return bad('requests: Field required');
    if (!Array.isArray(body.requests)) return bad('requests: Input should be a valid list');
    const n = body.requests.length;
    if (n < 1) return bad('requests: List should have at least 1 item after validation, not 0');
    if (n > MAX_BATCH_REQUESTS) return bad(`requests: List should have at most ${MAX_BATCH_REQUESTS} items after validation, not ${n}`);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const r: unknown = body.requests[i];
      if (!isObject(r)) return bad(`requests.${i}: Input should be a valid dictionary or object to extract fields from`);
      if (r.custom_id === undefined) return bad(`requests.${i}.custom_id: Field required`);
      if (typeof r.custom_id !== 'string') return bad(`requests.${i}.custom_id: Input should be a valid string`);
      if (!CUSTOM_ID.test(r.custom_id)) return bad(`requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
      if (seen.has(r.custom_id)) return bad(`requests: custom_id values must be unique within a batch; found duplicate: ${r.custom_id}`);
      seen.add(r.custom_id);
      if (r.params === undefined) return bad(`requests.${i}.params: Field required`);
      if (!isObject(r.params)) return bad(`requests.${i}.params: Input should be a valid dictionary or object to extract fields from`);
      if (r.params.stream === true) return bad(`requests.${i}.params.stream: Streaming is not supported in a Message Batch request`);
      if (this.paramsValidation === 'create') {
        const invalid = validateMessagesBody(r.params);
        if (invalid) return bad(`requests.${i}.params.${invalid.message}`);
      }
    }
    return null;
  }

  private takeScript(customId: string): BatchOutcome | null {
    const queue = this.scripted.get(customId);
    const next = queue?.shift() ?? null;
    if (queue && queue.length === 0) this.scripted.delete(customId);
    return next;
  }

  private draw(roll: number): BatchOutcome {
    let acc = 0;
    for (const kind of BATCH_OUTCOME_KINDS) {
      acc += this.rates[kind] ?? 0;
      if (roll < acc) return kind === 'expired' ? { type: 'expired' } : { type: 'errored', error: kind };
    }
    return { type: 'succeeded' };
  }

  private schedule(batch: Batch): void {
    if (batch.timer) clearTimeout(batch.timer);
    batch.timer = setTimeout(() => this.advance(batch, Math.max(Date.now(), batch.dueAt)), Math.max(0, batch.dueAt - Date.now()));
    batch.timer.unref();
  }

  private cancel(batch: Batch, now: number): void {
    batch.status = 'canceling';
    batch.cancelInitiatedAt = now;
    batch.dueAt = Math.min(batch.dueAt, now + this.cancelMs);
    this.schedule(batch);
  }

  /** Ends every batch still in progress now, as if its processing time had passed (its requests all finish). */
  finishAll(): void {
    const now = Date.now();
    for (const b of this.list) {
      if (b.status !== 'in_progress') continue;
      b.dueAt = now;
      for (const item of b.items) item.doneAt = Math.min(item.doneAt, now);
      this.advance(b, now);
    }
  }

  /** Ends the batch once its time has come (timers can be late on a loaded machine; every read checks too). */
  private advance(batch: Batch, now: number): void {
    if (batch.status === 'ended' || now < batch.dueAt) return;
    if (batch.timer) clearTimeout(batch.timer);
    batch.timer = null;
    const cutoff = batch.cancelInitiatedAt ?? Infinity;
    for (const i of batch.order) {
      const item = batch.items[i]!;
      item.result = item.doneAt <= cutoff ? this.safeResultOf(batch, item) : { type: 'canceled' };
    }
    // Finished requests first, then the canceled ones: both in completion order.
    const finished = (i: number) => batch.items[i]!.result?.type !== 'canceled';
    batch.order = [...batch.order.filter(finished), ...batch.order.filter((i) => !finished(i))];
    batch.status = 'ended';
    batch.endedAt = Math.max(now, batch.createdAt);
  }

  /** This runs in a timer too: a bug (or a throwing content override) must end up in the result, not crash the process. */
  private safeResultOf(batch: Batch, item: Item): Result {
    try {
      return this.resultOf(batch, item);
    } catch (err) {
      return errored('api_error', `fake-anthropic: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private resultOf(batch: Batch, item: Item): Result {
    const planned = item.planned;
    if (planned.type === 'expired') return { type: 'expired' };
    if (planned.type === 'errored') {
      const type = planned.error ?? 'api_error';
      return errored(type, planned.message ?? ERROR_MESSAGES[type] ?? 'Error');
    }
    // The Messages API's checks run now, as the real API validates params asynchronously.
    const invalid = validateMessagesBody(item.params);
    if (invalid) return errored(invalid.type, invalid.message);
    const message = buildMessage(item.params, {
      requestId: `${batch.id}/${item.customId}`,
      inputUsage: this.deps.cache.account(item.params),
      override: this.deps.override(),
      malformed: false,
    });
    return { type: 'succeeded', message: { ...message, usage: { ...message.usage, service_tier: 'batch' } } };
  }

  /** `processing: n` and 0 elsewhere until the batch ends (as the real API reports), then the final counts. */
  private counts(batch: Batch) {
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (batch.status !== 'ended') return { ...counts, processing: batch.items.length };
    for (const item of batch.items) {
      if (item.result) counts[item.result.type]++;
      else counts.processing++;
    }
    return counts;
  }

  private json(ex: Exchange, batch: Batch) {
    const host = ex.req.headers.host;
    const base = host ? `http://${host}` : this.deps.url();
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: batch.status,
      request_counts: this.counts(batch),
      ended_at: iso(batch.endedAt),
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.createdAt + DAY_MS),
      archived_at: null,
      cancel_initiated_at: iso(batch.cancelInitiatedAt),
      results_url: batch.status === 'ended' ? `${base}${BATCHES_PATH}/${batch.id}/results` : null,
    };
  }

  private sendBatch(ex: Exchange, batch: Batch): void {
    ex.sendJson(200, JSON.stringify(this.json(ex, batch)));
  }

  private sendResults(ex: Exchange, batch: Batch): void {
    // One line per request, each ending in \n: never a blank line (the SDK's decoder would
    // JSON.parse it and throw).
    const lines = batch.order.map((i) => `${JSON.stringify({ custom_id: batch.items[i]!.customId, result: batch.items[i]!.result })}\n`);
    const hold = this.holds.get('results');
    if (!hold) return ex.sendJson(200, lines.join(''), { 'content-type': 'application/binary' });
    // The first lines go out (and reach the client), then the file stops until released.
    const head = lines.slice(0, hold.afterLines).join('');
    const tail = lines.slice(hold.afterLines).join('');
    ex.begin(200, { 'content-type': 'application/binary', 'content-length': String(Buffer.byteLength(head) + Buffer.byteLength(tail)) });
    ex.res.write(head);
    void this.pass(ex, 'results').then((open) => {
      if (open) ex.res.end(tail);
    });
  }

  /** GET /v1/messages/batches: newest first, cursor paging like the real API. */
  private page(ex: Exchange, now: number): void {
    const q = new URL(ex.req.url ?? '/', 'http://fake').searchParams;
    const limitRaw = q.get('limit');
    const limit = limitRaw === null ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return ex.sendError(bad('limit: Input should be an integer between 1 and 1000'));
    const after = q.get('after_id');
    const before = q.get('before_id');
    if (after !== null && before !== null) return ex.sendError(bad('Only one of after_id and before_id may be given'));
    const all = this.list.filter((b) => b.deletedAt === null).sort((a, b) => b.seq - a.seq);
    for (const b of all) this.advance(b, now);
    let data: Batch[];
    let hasMore: boolean;
    const cursor = after ?? before;
    if (cursor === null) {
      data = all.slice(0, limit);
      hasMore = all.length > limit;
    } else {
      const at = all.findIndex((b) => b.id === cursor);
      if (at < 0) return ex.sendError(bad(`${after !== null ? 'after_id' : 'before_id'}: no message batch with id ${cursor}`));
      if (after !== null) {
        data = all.slice(at + 1, at + 1 + limit);
        hasMore = all.length > at + 1 + limit;
      } else {
        data = all.slice(Math.max(0, at - limit), at);
        hasMore = at - limit > 0;
      }
    }
    ex.sendJson(200, JSON.stringify({ data: data.map((b) => this.json(ex, b)), has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }));
  }

  private sendFault(ex: Exchange, fault: Fault): void {
    ex.rec.fault = fault.kind;
    switch (fault.kind) {
      case 'hang':
        return;
      case 'drop_mid_stream':
        return ex.drop();
      case 'unavailable':
        return ex.sendJson(503, errorBody(FAULT_ERRORS.unavailable!, ex.rec.id));
      case 'rate_limit': {
        const sec = Math.max(0, fault.retryAfterSec ?? 1);
        const headers: Record<string, string> = { 'retry-after': String(Math.ceil(sec)) };
        if (!Number.isInteger(sec)) headers['retry-after-ms'] = String(Math.round(sec * 1000));
        ex.rec.retryAfterMs = Number(headers['retry-after-ms'] ?? Math.ceil(sec) * 1000);
        return ex.sendError(FAULT_ERRORS.rate_limit!, headers);
      }
      default:
        return ex.sendError(FAULT_ERRORS[fault.kind]!);
    }
  }
}

function errored(type: ApiErrorType | string, message: string): Result {
  return { type: 'errored', error: { type: 'error', error: { type, message }, request_id: null } };
}

/** Fisher–Yates with the given [0, 1) source. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
