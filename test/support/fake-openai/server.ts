// HTTP server of the fake OpenAI-compatible model server. Node built-ins only: the fake must
// not share code (or bugs) with the client it tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isObject, type Json } from '../fake-anthropic/request';
import { answerText, pieces, promptTokens, schemaFor, tokensOf } from './answer';
import type { FakeOpenAI, FakeOpenAIOptions, OpenAIFaultKind, RecordedChatRequest } from './types';

const DEFAULT_MODELS = ['qwen2.5:7b', 'llama3.1:8b'];
const CHUNKS = 8;

interface QueuedFault {
  kind: OpenAIFaultKind;
  retryAfterSec: number;
  match: ((body: any) => boolean) | null;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const fake = new FakeOpenAIServer(options);
  await fake.listen(options.port ?? 0);
  return fake;
}

class FakeOpenAIServer implements FakeOpenAI {
  readonly requests: RecordedChatRequest[] = [];
  url = '';
  port = 0;
  private settings: Required<Omit<FakeOpenAIOptions, 'port' | 'apiKey'>> & { apiKey: string | null };
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly faults: QueuedFault[] = [];
  private active = 0;
  private peak = 0;
  private seq = 0;

  constructor(options: FakeOpenAIOptions) {
    this.settings = {
      models: options.models ?? DEFAULT_MODELS,
      apiKey: options.apiKey ?? null,
      jsonSchema: options.jsonSchema ?? true,
      usage: options.usage ?? true,
      noStreaming: options.noStreaming ?? false,
      style: options.style ?? 'json',
      latencyMs: options.latencyMs ?? 0,
      thinking: options.thinking ?? false,
      contextWindow: options.contextWindow ?? null,
      parameterSize: options.parameterSize ?? '7.6B',
    };
  }

  listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.requestTimeout = 0;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        this.url = `http://127.0.0.1:${this.port}`;
        resolve();
      });
    });
  }

  set(options: Partial<Omit<FakeOpenAIOptions, 'port'>>): void {
    this.settings = { ...this.settings, ...options, apiKey: options.apiKey === undefined ? this.settings.apiKey : options.apiKey };
  }

  enqueueFault(kind: OpenAIFaultKind, options: { retryAfterSec?: number; match?: (body: any) => boolean } = {}): void {
    this.faults.push({ kind, retryAfterSec: options.retryAfterSec ?? 1, match: options.match ?? null });
  }

  inFlight(): number {
    return this.active;
  }

  peakConcurrency(): number {
    return this.peak;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async start(): Promise<void> {
    if (this.server) return;
    await this.listen(this.port);
  }

  close(): Promise<void> {
    return this.stop();
  }

  /**
   * Ollama's native model details: `num_ctx` among the parameters when the fake plays a
   * server whose window was set for the model (contextWindow), and the most the model holds.
   */
  private async show(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let model = '';
    try {
      const body: unknown = JSON.parse(await readBody(req));
      if (isObject(body)) model = String(body.model ?? body.name ?? '');
    } catch {
      return error(res, 400, 'invalid JSON body', 'invalid_request_error');
    }
    if (!this.settings.models.includes(model)) return error(res, 404, `model '${model}' not found`, 'api_error');
    const parameters = ['temperature 0.7', ...(this.settings.contextWindow !== null ? [`num_ctx ${this.settings.contextWindow}`] : [])].join('\n');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ parameters, details: { family: 'qwen2', parameter_size: this.settings.parameterSize }, model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 } }));
  }

  private takeFault(body: unknown): QueuedFault | null {
    const i = this.faults.findIndex((f) => !f.match || f.match(body));
    return i < 0 ? null : this.faults.splice(i, 1)[0]!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === '/' || req.method === 'HEAD') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : 'Ollama is running');
      return;
    }
    if (!this.authorized(req)) return error(res, 401, 'Invalid API key', 'invalid_request_error');
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: this.settings.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'library' })) }));
      return;
    }
    if (req.method === 'POST' && path === '/api/show') return this.show(req, res);
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return error(res, 404, `404 page not found: ${path}`, 'not_found');
    let body: Json;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (!isObject(parsed)) throw new Error('not an object');
      body = parsed;
    } catch {
      return error(res, 400, 'invalid JSON body', 'invalid_request_error');
    }
    this.requests.push({ seq: ++this.seq, path, headers: req.headers, body, at: Date.now() });
    const model = typeof body.model === 'string' ? body.model : '';
    if (!this.settings.models.includes(model)) return error(res, 404, `model "${model}" not found, try pulling it first`, 'api_error');

    this.active++;
    this.peak = Math.max(this.peak, this.active);
    res.on('close', () => this.active--);
    try {
      await this.answer(req, res, body, model);
    } catch {
      res.destroy();
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const key = this.settings.apiKey;
    return key === null || req.headers.authorization === `Bearer ${key}`;
  }

  private async answer(req: IncomingMessage, res: ServerResponse, body: Json, model: string): Promise<void> {
    const s = this.settings;
    if (s.jsonSchema === 'reject' && isObject(body.response_format) && body.response_format.type === 'json_schema') {
      return error(res, 400, "'response_format.type' must be 'json_object' or 'text'", 'invalid_request_error');
    }
    const fault = this.takeFault(body);
    if (s.latencyMs > 0) await sleep(s.latencyMs);
    if (res.destroyed) return;
    switch (fault?.kind) {
      case 'rate_limit':
        return error(res, 429, 'too many requests', 'rate_limit_error', { 'retry-after': String(fault.retryAfterSec) });
      case 'server_error':
        return error(res, 500, 'llama runner process has terminated: signal: killed', 'api_error');
      case 'unavailable':
        return error(res, 503, 'Loading model', 'unavailable_error');
      case 'hang':
        return; // Never answered: the client's timeout or cancel ends it.
    }
    const schema = schemaFor(body, s.jsonSchema === true);
    const style = fault?.kind === 'not_json' || fault?.kind === 'breaks_schema' ? fault.kind : s.style === 'json' && s.jsonSchema !== true ? 'json_in_prose' : s.style;
    let text = answerText(body, schema, style);
    let finish = 'stop';
    if (fault?.kind === 'length') {
      text = text.slice(0, Math.ceil(text.length / 2));
      finish = 'length';
    }
    if (s.thinking) text = `<think>The learner needs a clear plan; I will answer in JSON.</think>\n${text}`;
    const id = `chatcmpl-${this.seq}`;
    const kept = s.contextWindow === null ? promptTokens(body) : Math.min(promptTokens(body), s.contextWindow);
    const usage = { prompt_tokens: kept, completion_tokens: tokensOf(text), total_tokens: kept + tokensOf(text) };
    const created = Math.floor(Date.now() / 1000);

    if (body.stream !== true || s.noStreaming) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
          ...(s.usage ? { usage } : {}),
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': id });
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const chunk = (delta: Json, finishReason: string | null = null) => ({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] });
    send(chunk({ role: 'assistant', content: '' }));
    const parts = pieces(text, CHUNKS);
    const gap = Math.round(s.latencyMs / 10 / CHUNKS);
    for (let i = 0; i < parts.length; i++) {
      if (res.destroyed) return;
      if (i === Math.floor(parts.length / 2) && fault) {
        // Let what was written reach the client first: the cut must come mid-answer, not before it.
        await sleep(20);
        if (fault?.kind === 'drop_mid_stream') return void req.socket.destroy();
        if (fault?.kind === 'hang_mid_stream') return;
        if (fault?.kind === 'stream_error') {
          send({ error: { message: 'the model runner crashed', type: 'server_error' } });
          return void res.end();
        }
      }
      send(chunk({ content: parts[i] }));
      if (gap > 0) await sleep(gap);
    }
    send(chunk({}, finish));
    const wantsUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
    if (s.usage && wantsUsage) send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
    res.end('data: [DONE]\n\n');
  }
}

function error(res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
