// HTTP server, routing, recording and lifecycle of the fake Anthropic API. Node built-ins
// only: the fake must not share code (or bugs) with the SDK it is testing against.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerMessages } from './answer';
import { BATCHES_PATH, BatchStore, MAX_BATCH_BODY_BYTES, type BatchHoldPoint } from './batches';
import { handleControl } from './control';
import { Exchange } from './exchange';
import { FaultPicker } from './faults';
import { Holds, matchTool } from './holds';
import { MODELS } from './models';
import { RateWindow, earlyAfter429 } from './ratelimit';
import { validateMessagesBody } from './validate';
import { PromptCache, countInputTokens } from './usage';
import type { Json } from './request';
import type {
  BatchOutcome,
  FakeAnthropic,
  FakeAnthropicOptions,
  FakeBatch,
  FakeBatchSettings,
  FakeRateLimit,
  Fault,
  FaultKind,
  RecordedRequest,
} from './types';

/** The real API's limit for a Messages request body. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const fake = new FakeAnthropicServer(opts);
  await fake.listen(opts.port ?? 0);
  return fake;
}

class FakeAnthropicServer implements FakeAnthropic {
  readonly requests: RecordedRequest[] = [];
  /** Requests under /v1/messages/batches (see batches.ts), kept out of `requests`. */
  readonly batchRequests: RecordedRequest[] = [];
  url = '';
  private readonly server: Server;
  private readonly sockets = new Map<Socket, number>(); // socket -> requests being answered on it
  private readonly exchanges = new Set<Exchange>();
  /** Batch-route exchanges: not in inFlight()/peakConcurrency(), which count Messages traffic. */
  private readonly batchExchanges = new Set<Exchange>();
  private readonly batchStore: BatchStore;
  private readonly faults: FaultPicker;
  private readonly cache: PromptCache;
  private readonly rate = new RateWindow();
  private readonly holds = new Holds();
  private latency: number;
  private apiKeys: string[] | null;
  private override: ((body: Json) => unknown) | null = null;
  private offline = false;
  private seq = 0;
  private peak = 0;

  constructor(opts: FakeAnthropicOptions) {
    this.latency = Math.max(0, opts.latencyMs ?? 0);
    this.apiKeys = opts.apiKeys ?? null;
    this.faults = new FaultPicker(opts.faultRates ?? {}, opts.seed ?? 1);
    this.cache = new PromptCache(opts.minCacheableTokens ?? 0, opts.cacheReadableFromResponse ?? false);
    this.rate.setLimit(opts.rateLimit ?? null);
    this.batchStore = new BatchStore(
      { cache: this.cache, override: () => this.override, url: () => this.url },
      {
        processingMs: opts.batchProcessingMs,
        outcomeRates: opts.batchOutcomeRates,
        seed: opts.batchSeed ?? opts.seed ?? 1,
        paramsValidation: opts.batchParamsValidation,
      },
    );
    this.server = createServer((req, res) => void this.handle(req, res));
    // Hung requests must stay hung until the client gives up, not until Node's 5 min default.
    this.server.requestTimeout = 0;
    this.server.on('connection', (socket: Socket) => {
      if (this.offline) return void socket.destroy();
      this.sockets.set(socket, 0);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }
  setRateLimit(limit: FakeRateLimit | null): void {
    this.rate.setLimit(limit);
  }
  setFaultRates(rates: Partial<Record<FaultKind, number>>, seed?: number): void {
    this.faults.setRates(rates, seed);
  }
  enqueueFault(fault: Fault, match?: (body: any) => boolean): void {
    this.faults.enqueue(fault, match);
  }
  setContentOverride(fn: ((body: any) => unknown | undefined) | null): void {
    this.override = fn;
  }
  setApiKeys(keys: string[] | null): void {
    this.apiKeys = keys;
  }
  setOffline(offline: boolean): void {
    this.offline = offline;
    // Pooled keep-alive connections would otherwise carry new requests straight through.
    if (offline) for (const [socket, busy] of this.sockets) if (busy === 0) socket.destroy();
  }
  hold(match?: ((body: any) => boolean) | null, options: { midStream?: boolean } = {}): number {
    return this.holds.add(match, options.midStream ? 'mid-stream' : 'before');
  }
  release(id?: number): void {
    this.holds.release(id);
  }
  held(id?: number): number {
    return this.holds.held(id);
  }
  untilHeld(count: number, id?: number): Promise<void> {
    return this.holds.untilHeld(count, id);
  }
  batches(): FakeBatch[] {
    return this.batchStore.snapshot();
  }
  setBatchProcessing(settings: FakeBatchSettings): void {
    this.batchStore.configure(settings);
  }
  scriptBatchOutcome(customId: string, outcome: BatchOutcome): void {
    this.batchStore.script(customId, outcome);
  }
  failNextBatchCreate(kind?: FaultKind, retryAfterSec?: number): void {
    this.batchStore.failNextCreate(kind, retryAfterSec);
  }
  /** Holds batch requests at a point of the cycle (batches.ts, "Holds"). */
  holdBatch(point: BatchHoldPoint, opts: { afterLines?: number } = {}): void {
    this.batchStore.hold(point, opts);
  }
  finishBatches(): void {
    this.batchStore.finishAll();
  }
  releaseBatchHold(point?: BatchHoldPoint): void {
    this.batchStore.releaseHold(point);
  }
  untilBatchHeld(point: BatchHoldPoint, count = 1): Promise<void> {
    return this.batchStore.untilHeld(point, count);
  }
  batchesHeldNow(point: BatchHoldPoint): number {
    return this.batchStore.heldNow(point);
  }
  inFlight(): number {
    return this.exchanges.size;
  }
  peakConcurrency(): number {
    return this.peak;
  }
  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
    this.override = null;
    this.cache.clear();
    this.rate.clear();
    this.holds.release();
    this.peak = this.exchanges.size;
    this.batchRequests.length = 0;
    this.batchStore.reset();
  }
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const ex of this.exchanges) ex.settle('aborted');
    for (const ex of this.batchExchanges) ex.settle('aborted');
    this.batchStore.close();
    for (const socket of this.sockets.keys()) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.offline) return void req.socket.destroy();
    const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '');
    if (path.startsWith('/_fake/')) return handleControl(req, res, path, this.controlApi());
    const socket = req.socket;
    this.sockets.set(socket, (this.sockets.get(socket) ?? 0) + 1);
    const batchRoute = path === BATCHES_PATH || path.startsWith(`${BATCHES_PATH}/`);
    const now = Date.now();
    const rec: RecordedRequest = {
      id: `req_fake_${String(++this.seq).padStart(6, '0')}`,
      receivedAt: now,
      startedAt: now,
      finishedAt: null,
      body: null,
      headers: { ...req.headers },
      stream: false,
      fault: null,
      status: 0,
      outcome: 'pending',
      toolName: null,
      method: req.method ?? 'GET',
      path,
    };
    (batchRoute ? this.batchRequests : this.requests).push(rec);
    const ex = new Exchange(req, res, rec, (done) => {
      this.exchanges.delete(done);
      this.batchExchanges.delete(done);
      if (this.sockets.has(socket)) this.sockets.set(socket, Math.max(0, (this.sockets.get(socket) ?? 1) - 1));
    });
    if (batchRoute) this.batchExchanges.add(ex);
    else this.exchanges.add(ex);
    this.peak = Math.max(this.peak, this.exchanges.size);
    try {
      await (batchRoute ? this.routeBatches(ex, path) : this.route(ex, path));
    } catch (err) {
      // A bug here (or a throwing content override) must surface as a 500, not a hung test.
      ex.sendError({ type: 'api_error', message: `fake-anthropic: ${(err as Error)?.message ?? String(err)}` });
    }
  }

  private async route(ex: Exchange, path: string): Promise<void> {
    const raw = await readBody(ex);
    if (raw === null) return; // client went away, or 413 already sent
    const authError = this.checkAuth(ex);
    if (authError) return ex.sendError({ type: 'authentication_error', message: authError });
    const method = ex.req.method ?? 'GET';
    if (method === 'GET' && path === '/v1/models') {
      return ex.sendJson(200, JSON.stringify({ data: MODELS, has_more: false, first_id: MODELS[0]?.id, last_id: MODELS.at(-1)?.id }));
    }
    if (method === 'GET' && path.startsWith('/v1/models/')) {
      const model = MODELS.find((m) => m.id === decodeURIComponent(path.slice('/v1/models/'.length)));
      if (model) return ex.sendJson(200, JSON.stringify(model));
      return ex.sendError({ type: 'not_found_error', message: `model: ${path.slice('/v1/models/'.length)}` });
    }
    if (method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')) {
      return ex.sendError({ type: 'not_found_error', message: 'Not Found' });
    }
    if (!ex.req.headers['anthropic-version']) {
      return ex.sendError({ type: 'invalid_request_error', message: 'anthropic-version: header is required' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      ex.rec.body = raw;
      return ex.sendError({ type: 'invalid_request_error', message: 'There was an error parsing the body of your request. Please make sure it is valid JSON.' });
    }
    if (path === '/v1/messages/count_tokens') {
      ex.rec.body = body;
      const invalid = validateMessagesBody(body, true);
      if (invalid) return ex.sendError(invalid);
      return ex.sendJson(200, JSON.stringify({ input_tokens: countInputTokens(body as Json) }));
    }
    ex.rec.body = body;
    if (!(await this.holds.wait(body, ex.signal))) return;
    await answerMessages(ex, body, {
      latencyMs: () => this.latency,
      faults: this.faults,
      cache: this.cache,
      rate: this.rate,
      override: () => this.override,
      midStreamHold: (b) => this.holds.catcher(b, 'mid-stream'),
    });
  }

  /** /v1/messages/batches...: auth and anthropic-version like the Messages routes, then batches.ts. */
  private async routeBatches(ex: Exchange, path: string): Promise<void> {
    const raw = await readBody(ex, MAX_BATCH_BODY_BYTES);
    if (raw === null) return;
    const authError = this.checkAuth(ex);
    if (authError) return ex.sendError({ type: 'authentication_error', message: authError });
    if (!ex.req.headers['anthropic-version']) {
      return ex.sendError({ type: 'invalid_request_error', message: 'anthropic-version: header is required' });
    }
    this.batchStore.route(ex, ex.req.method ?? 'GET', path, raw);
  }

  /** x-api-key, or a Bearer token (OAuth); the message is the real API's wording. */
  private checkAuth(ex: Exchange): string | null {
    const header = ex.req.headers['x-api-key'];
    const bearer = /^Bearer (.+)$/i.exec(ex.req.headers.authorization ?? '')?.[1];
    const key = (Array.isArray(header) ? header[0] : header) ?? bearer;
    if (!key) return 'x-api-key header is required';
    if (this.apiKeys && !this.apiKeys.includes(key)) return 'invalid x-api-key';
    return null;
  }

  private controlApi() {
    return {
      stats: () => ({
        url: this.url,
        requests: this.requests.length,
        inFlight: this.inFlight(),
        peakConcurrency: this.peak,
        outcomes: countBy(this.requests.map((r) => r.outcome)),
        faults: countBy(this.requests.map((r) => r.fault ?? 'none')),
        statuses: countBy(this.requests.map((r) => String(r.status))),
        rateLimit: this.rate.limitConfig(),
        ...rateLimitStats(this.requests),
        batchRequests: this.batchRequests.length,
        batches: this.batchStore.stats(),
      }),
      requests: () => this.requests,
      setRateLimit: (limit: FakeRateLimit | null) => this.setRateLimit(limit),
      setLatency: (ms: number) => this.setLatency(ms),
      setFaultRates: (rates: Partial<Record<FaultKind, number>>, seed?: number) => this.setFaultRates(rates, seed),
      enqueueFault: (fault: Fault) => this.enqueueFault(fault),
      hold: (tool?: string, midStream?: boolean) => this.hold(tool ? matchTool(tool) : null, { midStream: midStream === true }),
      release: (id?: number) => this.release(id),
      held: (id?: number) => this.held(id),
      reset: () => this.reset(),
      batches: () => this.batches(),
      setBatches: (body: Record<string, unknown>) => {
        this.setBatchProcessing(body as FakeBatchSettings);
        if (typeof body.failNextCreate === 'string') {
          this.failNextBatchCreate(body.failNextCreate as FaultKind, typeof body.retryAfterSec === 'number' ? body.retryAfterSec : undefined);
        }
      },
      scriptBatchOutcome: (customId: string, outcome: BatchOutcome) => this.scriptBatchOutcome(customId, outcome),
    };
  }
}

/** 429s (all, and those of the account rate limit) and the requests that came inside a retry-after window. */
function rateLimitStats(requests: RecordedRequest[]) {
  const early = earlyAfter429(requests);
  return {
    responses429: requests.filter((r) => r.status === 429).length,
    rateLimited: requests.filter((r) => r.rateLimited).length,
    earlyAfter429: early.length,
    earlyRequests: early,
  };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The request body as text; null if the client left or it was too large (413 sent). */
async function readBody(ex: Exchange, maxBytes = MAX_BODY_BYTES): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ex.req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        ex.res.setHeader('connection', 'close');
        ex.sendError({ type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' });
        return null;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    return null;
  }
  return ex.open ? Buffer.concat(chunks).toString('utf8') : null;
}
