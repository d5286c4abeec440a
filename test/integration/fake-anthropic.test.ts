// The fake Anthropic API, driven by the real SDK: if the SDK accepts what the fake sends
// (and fails the way it fails against the real API), every other test can trust it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import Anthropic, {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import { z } from 'zod';
import { startFakeAnthropic, type FakeAnthropic, type FaultKind } from '../support/fake-anthropic';
import { parseHint } from '../support/fake-anthropic/output-format';

// Forced tool use is tested on a model that accepts it; the newest ones refuse it (see below).
const MODEL = 'claude-haiku-4-5';
const JSON_MODEL = 'claude-sonnet-5-5';

const sectionsSchema = z.object({
  title: z.string().trim().min(1).max(200),
  sections: z
    .array(
      z.object({
        title: z.string().min(1).max(120),
        content: z.string().min(100),
        tags: z.array(z.string().min(1)).min(1).max(5),
        level: z.enum(['beginner', 'intermediate', 'advanced']),
        minutes: z.int().min(5).max(90),
        answer_key: z.string().max(500).nullable(),
      }),
    )
    .length(4),
});
const sectionsTool = { name: 'save_sections', description: 'Save the sections.', input_schema: z.toJSONSchema(sectionsSchema) as Anthropic.Tool.InputSchema };

function toolRequest(topic: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: MODEL,
    max_tokens: 8000,
    messages: [{ role: 'user', content: `Topic: ${topic}\nWrite four sections.` }],
    tools: [sectionsTool],
    tool_choice: { type: 'tool', name: sectionsTool.name },
    ...extra,
  };
}

function toolInput(msg: Anthropic.Message): unknown {
  const block = msg.content[0];
  if (block?.type !== 'tool_use') throw new Error(`expected a tool_use block, got ${block?.type}`);
  return block.input;
}

/** The promise's rejection (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

async function until(cond: () => boolean, ms = 1000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
});
afterEach(() => {
  fake.reset();
  fake.setLatency(0);
  fake.setApiKeys(null);
  fake.setOffline(false);
});
afterAll(() => fake.close());

describe('successful answers', () => {
  it('answers a forced tool call with schema-valid input and real-API headers', async () => {
    const { data: msg, response } = await client.messages.create(toolRequest('Rust ownership')).withResponse();
    expect(msg.type).toBe('message');
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.id).toMatch(/^msg_/);
    expect(msg.content).toHaveLength(1);
    expect(msg.content[0]).toMatchObject({ type: 'tool_use', name: 'save_sections', id: expect.stringMatching(/^toolu_/) });
    const input = sectionsSchema.parse(toolInput(msg));
    expect(input.sections).toHaveLength(4);
    expect(new Set(input.sections.map((s) => s.title)).size).toBe(4);
    expect(input.sections[0]!.content).toMatch(/^## .+\n\n[\s\S]*\n- [\s\S]*`[^`]+`/);
    expect(input.sections[0]!.answer_key).toEqual(expect.any(String));

    const rec = fake.requests[0]!;
    expect(response.headers.get('request-id')).toBe(rec.id);
    expect(rec).toMatchObject({ status: 200, outcome: 'ok', stream: false, fault: null, toolName: 'save_sections' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toMatch(/^\d+$/);
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toMatch(/^\d+$/);
    expect(msg.usage.input_tokens).toBeGreaterThan(0);
    expect(msg.usage.output_tokens).toBe(Math.ceil(JSON.stringify(input).length / 4));
  });

  it('streams the same content with input_json_delta events', async () => {
    const expected = toolInput(await client.messages.create(toolRequest('Rust ownership')));
    const stream = client.messages.stream(toolRequest('Rust ownership'));
    const partials: string[] = [];
    stream.on('inputJson', (delta) => partials.push(delta));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(toolInput(final)).toEqual(expected);
    expect(partials.length).toBeGreaterThan(2);
    expect(partials.join('')).toBe(JSON.stringify(expected));
    expect(fake.requests[1]).toMatchObject({ stream: true, status: 200, outcome: 'ok' });
  });

  it('sends the real SSE event sequence and framing', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Topic: Tea\nHello' }] }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('request-id')).toMatch(/^req_fake_/);
    const text = await res.text();
    const frames = text.split('\n\n').filter(Boolean);
    for (const f of frames) expect(f).toMatch(/^event: [a-z_]+\ndata: \{.*\}$/);
    const types = frames.map((f) => /^event: (\S+)/.exec(f)![1]);
    expect(types.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(types.slice(3, -3).every((t) => t === 'content_block_delta')).toBe(true);
    const data = frames.map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)));
    expect(data[0].message).toMatchObject({ role: 'assistant', content: [], stop_reason: null, usage: { input_tokens: expect.any(Number) } });
    expect(data.at(-2)).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: expect.any(Number) } });
    expect(data[3].delta.type).toBe('text_delta');
  });

  it('is deterministic: same request, same input; other topic, other title', async () => {
    const a = toolInput(await client.messages.create(toolRequest('Rust ownership')));
    const b = toolInput(await client.messages.create(toolRequest('Rust ownership')));
    const c = toolInput(await client.messages.create(toolRequest('Sourdough baking')));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const title = (v: unknown) => (v as { title: string }).title;
    expect(title(c)).not.toBe(title(a));
    expect(title(a)).toContain('Rust ownership');
    expect(title(c)).toContain('Sourdough baking');
  });

  it('answers text with end_turn when there are no tools', async () => {
    const msg = await client.messages.create({ model: MODEL, max_tokens: 200, messages: [{ role: 'user', content: 'Topic: Tea\nSay hi' }] });
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Tea') });
  });

  it('stops at max_tokens like the real API', async () => {
    const msg = await client.messages.create(toolRequest('Rust ownership', { max_tokens: 50 }));
    expect(msg.stop_reason).toBe('max_tokens');
    expect(msg.usage.output_tokens).toBe(50);
    expect(sectionsSchema.safeParse(toolInput(msg)).success).toBe(false);
  });

  it('uses the content override when it returns a value', async () => {
    fake.setContentOverride((body) => (JSON.stringify(body).includes('Override me') ? { title: 'Fixed' } : undefined));
    expect(toolInput(await client.messages.create(toolRequest('Override me')))).toEqual({ title: 'Fixed' });
    expect(sectionsSchema.safeParse(toolInput(await client.messages.create(toolRequest('Other')))).success).toBe(true);
  });
});

describe('other endpoints', () => {
  it('serves count_tokens and the model list', async () => {
    const { input_tokens } = await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    expect(input_tokens).toBeGreaterThanOrEqual(100);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain(MODEL);
  });
});

describe('prompt caching', () => {
  it('reads the cached prefix on the second identical-prefix request', async () => {
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are a course author. '.repeat(200), cache_control: { type: 'ephemeral' } }];
    const first = await client.messages.create(toolRequest('Rust ownership', { system }));
    const second = await client.messages.create(toolRequest('Sourdough baking', { system }));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1000);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(100);
    // A different prefix (here: another system text) is a miss.
    const other = await client.messages.create(toolRequest('Rust ownership', { system: [{ ...system[0]!, text: 'Other. '.repeat(300) }] }));
    expect(other.usage.cache_read_input_tokens).toBe(0);
  });
});

describe('errors', () => {
  it('429 carries retry-after and rate-limit headers', async () => {
    fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 2 });
    const err = await rejection(client.messages.create(toolRequest('Rust ownership')));
    expect(err).toBeInstanceOf(RateLimitError);
    const e = err as RateLimitError;
    expect(e.status).toBe(429);
    expect(e.headers.get('retry-after')).toBe('2');
    expect(e.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(e.type).toBe('rate_limit_error');
    expect(e.requestID).toBe(fake.requests[0]!.id);
    expect(fake.requests[0]).toMatchObject({ fault: 'rate_limit', status: 429, outcome: 'error' });
  });

  it('529 overloaded', async () => {
    fake.enqueueFault({ kind: 'overloaded' });
    const err = (await rejection(client.messages.create(toolRequest('x')))) as APIError;
    expect(err.status).toBe(529);
    expect(err.type).toBe('overloaded_error');
  });

  it('wrong API key is a 401 AuthenticationError', async () => {
    fake.setApiKeys(['the-right-key']);
    const err = await rejection(client.messages.create(toolRequest('x')));
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).type).toBe('authentication_error');
    const ok = new Anthropic({ apiKey: 'the-right-key', baseURL: fake.url, maxRetries: 0 });
    await expect(ok.messages.create(toolRequest('x'))).resolves.toMatchObject({ type: 'message' });
  });

  it('spend limit is a 400 saying the credit balance is too low', async () => {
    fake.enqueueFault({ kind: 'spend_limit' });
    const err = await rejection(client.messages.create(toolRequest('x')));
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).type).toBe('invalid_request_error');
    expect((err as BadRequestError).message).toMatch(/credit balance is too low/);
  });

  it('validates like the API, with the exact error body shape', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('request-id')).toMatch(/^req_fake_/);
    expect(await res.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
      request_id: res.headers.get('request-id'),
    });
  });

  it('rejects a tool_use without its tool_result, as the API does', async () => {
    const err = await rejection(
      client.messages.create({
        ...toolRequest('x'),
        messages: [
          { role: 'user', content: 'Topic: x' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'save_sections', input: {} }] },
          { role: 'user', content: 'try again' },
        ],
      }),
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).message).toMatch(/tool_use.*ids were found without .*tool_result/);
  });

  it('a one-shot fault waits for the first request its matcher accepts', async () => {
    fake.enqueueFault({ kind: 'permission' }, (body) => JSON.stringify(body.messages).includes('Secret topic'));
    await expect(client.messages.create(toolRequest('Open topic'))).resolves.toMatchObject({ type: 'message' });
    expect(((await rejection(client.messages.create(toolRequest('Secret topic')))) as APIError).status).toBe(403);
    await expect(client.messages.create(toolRequest('Secret topic'))).resolves.toMatchObject({ type: 'message' });
    expect(fake.requests.map((r) => r.fault)).toEqual([null, 'permission', null]);
  });

  it('malformed_tool_input returns valid JSON that breaks the schema', async () => {
    fake.enqueueFault({ kind: 'malformed_tool_input' });
    const msg = await client.messages.create(toolRequest('Rust ownership'));
    expect(sectionsSchema.safeParse(toolInput(msg)).success).toBe(false);
    expect(fake.requests[0]!.fault).toBe('malformed_tool_input');
  });
});

describe('stream and connection failures', () => {
  it('sse_error_after_200: the stream rejects with the overloaded error event', async () => {
    fake.enqueueFault({ kind: 'sse_error_after_200' });
    const err = (await rejection(client.messages.stream(toolRequest('Rust ownership')).finalMessage())) as APIError;
    expect(err).toBeInstanceOf(APIError);
    expect(err.type).toBe('overloaded_error');
    expect(fake.requests[0]).toMatchObject({ status: 200, outcome: 'error', fault: 'sse_error_after_200' });
  });

  it('drop_mid_stream: the stream rejects after partial content', async () => {
    fake.enqueueFault({ kind: 'drop_mid_stream' });
    const stream = client.messages.stream(toolRequest('Rust ownership'));
    let partials = 0;
    stream.on('inputJson', () => partials++);
    await rejection(stream.finalMessage());
    expect(partials).toBeGreaterThan(0);
    await until(() => fake.requests[0]!.outcome !== 'pending');
    expect(fake.requests[0]).toMatchObject({ status: 200, outcome: 'error', fault: 'drop_mid_stream' });
  });

  it('drop_mid_stream on a non-stream request is a connection error', async () => {
    fake.enqueueFault({ kind: 'drop_mid_stream' });
    expect(await rejection(client.messages.create(toolRequest('x')))).toBeInstanceOf(APIConnectionError);
  });

  it('hang: the client abort ends it quickly and it is recorded as aborted', async () => {
    fake.enqueueFault({ kind: 'hang' });
    // Aborted once the fake holds the request, not on a timer that could fire before it arrives.
    const abort = new AbortController();
    const pending = rejection(client.messages.create(toolRequest('x'), { signal: abort.signal }));
    await until(() => fake.inFlight() === 1, 10_000);
    const started = Date.now();
    abort.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => fake.requests[0]!.outcome === 'aborted');
    expect(fake.requests[0]!.finishedAt).not.toBeNull();
    expect(fake.inFlight()).toBe(0);
  });

  it('setOffline: new requests fail with APIConnectionError, even on a pooled connection', async () => {
    await client.messages.create(toolRequest('x')); // leaves a keep-alive connection in the pool
    fake.setOffline(true);
    expect(await rejection(client.messages.create(toolRequest('x')))).toBeInstanceOf(APIConnectionError);
    fake.setOffline(false);
    await expect(client.messages.create(toolRequest('x'))).resolves.toMatchObject({ type: 'message' });
  });

  it('close() ends hung requests and resolves quickly', async () => {
    const own = await startFakeAnthropic();
    own.enqueueFault({ kind: 'hang' });
    const c = new Anthropic({ apiKey: 'k', baseURL: own.url, maxRetries: 0 });
    const pending = rejection(c.messages.create(toolRequest('x')));
    await until(() => own.inFlight() === 1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(APIConnectionError);
    expect(own.requests[0]!.outcome).toBe('aborted');
  });
});

describe('timing and concurrency', () => {
  it('honours latency and counts concurrent requests', async () => {
    fake.setLatency(200);
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map((i) => client.messages.create(toolRequest(`Topic ${i}`))));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    for (const r of fake.requests) expect(r.startedAt - r.receivedAt).toBeGreaterThanOrEqual(199);
    expect(fake.peakConcurrency()).toBe(4);
    expect(fake.inFlight()).toBe(0);
  });

  it('a client that gives up during the latency is recorded as aborted', async () => {
    fake.setLatency(2000);
    const abort = new AbortController();
    const pending = rejection(client.messages.create(toolRequest('x'), { signal: abort.signal }));
    // Given up while the fake waits out its latency: after the request arrived, whatever the machine's speed.
    await until(() => fake.requests[0]?.body != null, 10_000);
    abort.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(APIUserAbortError);
    await until(() => fake.requests[0]!.outcome !== 'pending');
    expect(fake.requests[0]).toMatchObject({ outcome: 'aborted', status: 0 });
    expect(fake.requests[0]!.finishedAt! - fake.requests[0]!.receivedAt).toBeLessThan(1000);
    expect(fake.inFlight()).toBe(0);
  });

  it('spreads stream latency but keeps the total', async () => {
    fake.setLatency(200);
    const started = Date.now();
    await client.messages.stream(toolRequest('x')).finalMessage();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('random faults follow the seed', async () => {
    const run = async () => {
      const own = await startFakeAnthropic({ seed: 42, faultRates: { overloaded: 0.3, server_error: 0.2 } });
      const c = new Anthropic({ apiKey: 'k', baseURL: own.url, maxRetries: 0 });
      for (let i = 0; i < 20; i++) await c.messages.create(toolRequest('x')).catch(() => undefined);
      const faults = own.requests.map((r) => r.fault);
      await own.close();
      return faults;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a.filter((f): f is FaultKind => f !== null).length).toBeGreaterThan(2);
    expect(a).toContain(null);
  });
});

describe('CLI', () => {
  it('prints its URL, serves, and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../support/fake-anthropic/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--latency', '0', '--fault-rate', 'overloaded=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    await until(() => /FAKE_ANTHROPIC_URL=(\S+)\n/.test(out), 8000);
    const url = /FAKE_ANTHROPIC_URL=(\S+)\n/.exec(out)![1]!;
    const c = new Anthropic({ apiKey: 'k', baseURL: url, maxRetries: 0 });
    await expect(c.messages.create(toolRequest('x'))).resolves.toMatchObject({ type: 'message' });
    const stats = await (await fetch(`${url}/_fake/stats`)).json();
    expect(stats).toMatchObject({ requests: 1, inFlight: 0 });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

describe('JSON outputs (output_config.format)', () => {
  // What a client sends: the SDK's transform of the zod schema, which moves the keywords
  // the API rejects into descriptions (as its zodOutputFormat helper does).
  const sentSchema = transformJSONSchema(z.toJSONSchema(sectionsSchema) as Record<string, unknown>);

  function jsonRequest(topic: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}): Anthropic.MessageCreateParamsNonStreaming {
    return {
      model: JSON_MODEL,
      max_tokens: 8000,
      messages: [{ role: 'user', content: `Topic: ${topic}\nWrite four sections.` }],
      output_config: { format: { type: 'json_schema', schema: sentSchema } },
      ...extra,
    };
  }

  function jsonText(msg: Anthropic.Message): string {
    const block = msg.content[0];
    if (block?.type !== 'text') throw new Error(`expected a text block, got ${block?.type}`);
    return block.text;
  }

  async function badRequest(body: unknown): Promise<string> {
    const err = await rejection(client.messages.create(body as Anthropic.MessageCreateParamsNonStreaming));
    expect(err).toBeInstanceOf(BadRequestError);
    return (err as BadRequestError).apiMessage ?? '';
  }

  it('answers with a text block of JSON that honours the constraints the descriptions carry', async () => {
    const msg = await client.messages.create(jsonRequest('Rust ownership'));
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.content).toHaveLength(1);
    const text = jsonText(msg);
    // The sent schema alone would allow 3 sections and 10-character content; the zod schema
    // (stricter, and what the hints say) is what the answer meets.
    const value = sectionsSchema.parse(JSON.parse(text));
    expect(value.sections).toHaveLength(4);
    expect(value.title).toContain('Rust ownership');
    expect(msg.usage.output_tokens).toBe(Math.ceil(text.length / 4));
    expect(fake.requests[0]).toMatchObject({ status: 200, fault: null, toolName: null });
  });

  it('works with the SDK’s own zodOutputFormat helper and parse()', async () => {
    const res = await client.messages.parse({
      model: JSON_MODEL,
      max_tokens: 8000,
      messages: [{ role: 'user', content: 'Topic: Tea\nWrite four sections.' }],
      output_config: { format: zodOutputFormat(sectionsSchema) },
    });
    expect(res.parsed_output?.sections).toHaveLength(4);
  });

  it('streams the JSON as text_delta events, ending with end_turn', async () => {
    const expected = jsonText(await client.messages.create(jsonRequest('Rust ownership')));
    const stream = client.messages.stream(jsonRequest('Rust ownership'));
    const deltas: string[] = [];
    stream.on('text', (d) => deltas.push(d));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('end_turn');
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(expected);
    expect(jsonText(final)).toBe(expected);
  });

  it('is deterministic and follows the topic', async () => {
    const a = jsonText(await client.messages.create(jsonRequest('Rust ownership')));
    expect(jsonText(await client.messages.create(jsonRequest('Rust ownership')))).toBe(a);
    expect(jsonText(await client.messages.create(jsonRequest('Sourdough baking')))).toContain('Sourdough baking');
  });

  it('malformed_tool_input: valid JSON that breaks the schema', async () => {
    fake.enqueueFault({ kind: 'malformed_tool_input' });
    const text = jsonText(await client.messages.create(jsonRequest('Rust ownership')));
    expect(sectionsSchema.safeParse(JSON.parse(text)).success).toBe(false);
    expect(fake.requests[0]!.fault).toBe('malformed_tool_input');
  });

  it('a string override is the raw text (so invalid JSON can be tested); other values are serialised', async () => {
    fake.setContentOverride((body) => (JSON.stringify(body).includes('Broken') ? '{"title": "unterminated' : undefined));
    expect(jsonText(await client.messages.create(jsonRequest('Broken')))).toBe('{"title": "unterminated');
    fake.setContentOverride(() => ({ title: 'Fixed' }));
    expect(jsonText(await client.messages.create(jsonRequest('x')))).toBe('{"title":"Fixed"}');
  });

  it('stops mid-JSON at max_tokens', async () => {
    const msg = await client.messages.create(jsonRequest('Rust ownership', { max_tokens: 30 }));
    expect(msg.stop_reason).toBe('max_tokens');
    expect(jsonText(msg)).toHaveLength(120);
    expect(() => JSON.parse(jsonText(msg))).toThrow();
  });

  it('counts the schema as input', async () => {
    const plain = { model: JSON_MODEL, messages: [{ role: 'user' as const, content: 'Topic: Tea' }] };
    const without = (await client.messages.countTokens(plain)).input_tokens;
    const withFormat = (await client.messages.countTokens({ ...plain, output_config: { format: { type: 'json_schema', schema: sentSchema } } })).input_tokens;
    expect(withFormat - without).toBe(Math.ceil(JSON.stringify(sentSchema).length / 4));
  });

  it('rejects the JSON Schema features the API does not support', async () => {
    const withSchema = (schema: unknown) => jsonRequest('x', { output_config: { format: { type: 'json_schema', schema: schema as Record<string, unknown> } } });
    // The raw zod schema, as zod writes it for input: objects left open, lengths and ranges, minItems 4.
    expect(await badRequest(withSchema(z.toJSONSchema(sectionsSchema, { io: 'input' })))).toBe(
      'output_config.format.schema: objects must set "additionalProperties": false (at the root)',
    );
    expect(await badRequest(withSchema(z.toJSONSchema(sectionsSchema)))).toBe('output_config.format.schema: "minLength" is not supported (at title)');
    const closed = { type: 'object', additionalProperties: false, required: ['a'] };
    expect(await badRequest(withSchema({ ...closed, properties: { a: { type: 'string', maxLength: 5 } } }))).toBe(
      'output_config.format.schema: "maxLength" is not supported (at a)',
    );
    expect(await badRequest(withSchema({ ...closed, properties: { a: { type: 'array', items: { type: 'integer', minimum: 1 } } } }))).toMatch(
      /"minimum" is not supported \(at a\[\]\)/,
    );
    expect(await badRequest(withSchema({ ...closed, properties: { a: { type: 'array', items: { type: 'string' }, minItems: 2 } } }))).toMatch(
      /"minItems" must be 0 or 1, got 2/,
    );
    expect(await badRequest(withSchema({ ...closed, properties: { a: { type: 'string', format: 'credit-card' } } }))).toMatch(
      /string format "credit-card" is not supported/,
    );
    expect(await badRequest(withSchema({ ...closed, properties: { a: { $ref: 'https://example.com/s.json' } } }))).toMatch(/external \$ref/);
    const tree = { ...closed, properties: { a: { $ref: '#/$defs/node' } }, $defs: { node: { type: 'object', additionalProperties: false, properties: { kids: { type: 'array', items: { $ref: '#/$defs/node' } } } } } };
    expect(await badRequest(withSchema(tree))).toMatch(/recursive schemas are not supported/);
    // A reused (non-recursive) definition is fine.
    const reused = { ...closed, required: ['a', 'b'], properties: { a: { $ref: '#/$defs/n' }, b: { $ref: '#/$defs/n' } }, $defs: { n: { type: 'string', format: 'date' } } };
    const ok = await client.messages.create(withSchema(reused));
    expect(JSON.parse(jsonText(ok))).toEqual({ a: '2024-01-15', b: '2024-01-15' });
  });

  it('validates output_config itself', async () => {
    const body = (output_config: unknown) => ({ ...jsonRequest('x'), output_config });
    expect(await badRequest(body({ format: { type: 'json', schema: {} } }))).toBe("output_config.format.type: Input should be 'json_schema'");
    expect(await badRequest(body({ format: { type: 'json_schema' } }))).toBe('output_config.format.schema: Field required');
    expect(await badRequest(body({ effort: 'extreme' }))).toMatch(/^output_config.effort: Input should be 'low'/);
    expect(await badRequest(body({ verbosity: 1 }))).toBe('output_config.verbosity: Extra inputs are not permitted');
    await expect(client.messages.create({ ...jsonRequest('x'), output_config: { effort: 'low', format: null } })).resolves.toMatchObject({ stop_reason: 'end_turn' });
  });

  it('reads SDK description hints, values with commas included', () => {
    expect(parseHint('Lesson text.\n\n{minLength: 1, maxLength: 200}')).toEqual({ minLength: 1, maxLength: 200 });
    expect(parseHint('{pattern: "^a, b$", maxItems: 3}')).toEqual({ pattern: '^a, b$', maxItems: 3 });
    expect(parseHint('Just a description.')).toBeNull();
    expect(parseHint('{not a hint}')).toBeNull();
  });
});

describe('per-model rules of the newest models', () => {
  it('refuses forced tool use on Sonnet 5.5 (and its snapshots) but not on Haiku 4.5', async () => {
    for (const model of [JSON_MODEL, `${JSON_MODEL}-20260928`, 'claude-opus-5-5']) {
      const err = await rejection(client.messages.create(toolRequest('x', { model })));
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).apiMessage).toBe(
        `tool_choice: forced tool use (type 'tool') is not supported with ${model}. Use tool_choice 'auto' or 'none', or output_config.format for structured output.`,
      );
    }
    await expect(client.messages.create(toolRequest('x', { model: 'claude-haiku-4-5' }))).resolves.toMatchObject({ stop_reason: 'tool_use' });
    // Tools without forcing are fine.
    await expect(client.messages.create(toolRequest('x', { model: JSON_MODEL, tool_choice: { type: 'auto' } }))).resolves.toMatchObject({ type: 'message' });
  });

  it('refuses a trailing assistant turn (prefill) on the 5.5 models', async () => {
    const prefill = (model: string) =>
      client.messages.create({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Topic: Tea' }, { role: 'assistant', content: '{' }] });
    expect(((await rejection(prefill('claude-haiku-5-5'))) as BadRequestError).apiMessage).toMatch(/prefill is not supported with claude-haiku-5-5/);
    await expect(prefill('claude-haiku-4-5')).resolves.toMatchObject({ type: 'message' });
  });
});

describe('content varies with the call, not only the topic', () => {
  it('two outline options for one topic (different instructions) get different titles; the same request the same', async () => {
    const { generateFromSchema } = await import('../support/fake-anthropic');
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
    const a = generateFromSchema(schema, 'Knitting', 'Take a practical angle. This is option 1.') as { title: string };
    const b = generateFromSchema(schema, 'Knitting', 'Take a concepts-first angle. This is option 2.') as { title: string };
    const again = generateFromSchema(schema, 'Knitting', 'Take a practical angle. This is option 1.') as { title: string };
    expect(a.title).not.toBe(b.title);
    expect(again).toEqual(a);
    expect(a.title).toContain('Knitting');
  });
});

describe('503 fault', () => {
  it('unavailable: a 503 api_error the SDK maps to InternalServerError, at once', async () => {
    fake.setLatency(5000);
    fake.enqueueFault({ kind: 'unavailable' });
    const err = (await rejection(client.messages.create(toolRequest('x')))) as APIError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(503);
    expect(err.type).toBe('api_error');
    expect(err.message).toContain('Service Unavailable');
    expect(err.requestID).toBe(fake.requests[0]!.id);
    expect(fake.requests[0]).toMatchObject({ fault: 'unavailable', status: 503, outcome: 'error' });
  });
});

describe('account rate limit (token buckets)', () => {
  const H = 'anthropic-ratelimit-';
  type Stats = {
    rateLimit: unknown;
    responses429: number;
    rateLimited: number;
    earlyAfter429: number;
    earlyRequests: { id: string; after429: string; msAfter429: number; retryAfterMs: number }[];
  };
  const stats = async (f: FakeAnthropic) => (await (await fetch(`${f.url}/_fake/stats`)).json()) as Stats;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let own: FakeAnthropic | null = null;
  const startOwn = async (rateLimit: Parameters<FakeAnthropic['setRateLimit']>[0]) => {
    own = await startFakeAnthropic({ rateLimit });
    return { f: own, c: new Anthropic({ apiKey: 'k', baseURL: own.url, maxRetries: 0 }) };
  };
  afterEach(async () => {
    await own?.close();
    own = null;
  });

  it('lets `burst` requests through, then 429s with a true retry-after; headers tell the bucket state', async () => {
    // 6/min: a token every 10 s, so nothing refills while the test runs (a loaded machine included).
    const { f, c } = await startOwn({ requestsPerMinute: 6, burst: 3 });
    const heads: Headers[] = [];
    for (let i = 0; i < 2; i++) heads.push((await c.messages.create(toolRequest('x')).withResponse()).response.headers);
    const stream = c.messages.stream(toolRequest('x'));
    heads.push((await stream.withResponse()).response.headers);
    await stream.finalMessage();
    heads.forEach((h, i) => {
      expect(h.get(`${H}requests-limit`)).toBe('6');
      expect(h.get(`${H}requests-remaining`)).toBe(String(2 - i));
      // Full again after the (i + 1) tokens taken refill, 10 s each (header in whole seconds, rounded up).
      const fullIn = Date.parse(h.get(`${H}requests-reset`)!) - Date.now();
      expect(fullIn).toBeGreaterThan((i + 1) * 10_000 - 3000);
      expect(fullIn).toBeLessThanOrEqual((i + 1) * 10_000 + 1000);
      expect(h.get(`${H}input-tokens-limit`)).toBe('2000000'); // no input bucket: the plausible values stay
    });

    const err = (await rejection(c.messages.create(toolRequest('x')))) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.type).toBe('rate_limit_error');
    expect(err.message).toContain('6 requests per minute');
    // The next token is ~10 s away; whole seconds only, as the real API sends it.
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThanOrEqual(8);
    expect(Number(err.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect(err.headers.get('retry-after-ms')).toBeNull();
    expect(err.headers.get(`${H}requests-limit`)).toBe('6');
    expect(err.headers.get(`${H}requests-remaining`)).toBe('0');
    const limited = f.requests[3]!;
    expect(limited).toMatchObject({ status: 429, rateLimited: true, fault: null, outcome: 'error' });
    expect(limited.retryAfterMs).toBe(Number(err.headers.get('retry-after')) * 1000);
    // A limited request takes no token and no fault: the queued one waits for an admitted request.
    f.enqueueFault({ kind: 'overloaded' });
    await rejection(c.messages.create(toolRequest('x')));
    expect(f.requests[4]).toMatchObject({ status: 429, rateLimited: true, fault: null });
  });

  it('refills continuously: after the wait, requests succeed again', async () => {
    // 600/min: a token every 100 ms, bucket of 2.
    const { f, c } = await startOwn({ requestsPerMinute: 600, burst: 2 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.messages.create(toolRequest('x'))));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThanOrEqual(2);
    expect(ok).toBeLessThan(6);
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      expect(r.reason).toBeInstanceOf(RateLimitError);
      expect((r.reason as RateLimitError).headers.get('retry-after')).toBe('1'); // 100 ms, rounded up
    }
    expect(f.requests.filter((r) => r.rateLimited)).toHaveLength(6 - ok);
    await sleep(300); // 3 tokens' worth: the bucket is full (2) again
    const { response } = await c.messages.create(toolRequest('x')).withResponse();
    expect(Number(response.headers.get(`${H}requests-remaining`))).toBeGreaterThanOrEqual(1);
    await c.messages.create(toolRequest('x'));
  });

  it('an SDK that retries honours retry-after: no early request', async () => {
    const { f } = await startOwn({ requestsPerMinute: 60, burst: 1 });
    const retrying = new Anthropic({ apiKey: 'k', baseURL: f.url, maxRetries: 2 });
    await retrying.messages.create(toolRequest('x'));
    const started = Date.now();
    await retrying.messages.create(toolRequest('x')); // 429, retry-after 1, then served
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const s = await stats(f);
    expect(s.rateLimited).toBeGreaterThanOrEqual(1);
    expect(s.responses429).toBe(s.rateLimited);
    expect(s.earlyAfter429).toBe(0);
    expect(f.requests.at(-1)).toMatchObject({ status: 200, outcome: 'ok' });
  });

  it('stats count requests a client sent inside an announced retry-after window', async () => {
    const { f, c } = await startOwn({ requestsPerMinute: 6, burst: 1 });
    await c.messages.create(toolRequest('x'));
    await rejection(c.messages.create(toolRequest('x'))); // 429, retry-after ~10 s
    await sleep(120); // past the 50 ms grace
    await rejection(c.messages.create(toolRequest('x'))); // early
    // The limit is the account's: another key is limited too, but it was told nothing yet.
    const other = new Anthropic({ apiKey: 'other', baseURL: f.url, maxRetries: 0 });
    await rejection(other.messages.create(toolRequest('x')));
    const s = await stats(f);
    expect(s).toMatchObject({ rateLimit: { requestsPerMinute: 6, burst: 1 }, responses429: 3, rateLimited: 3, earlyAfter429: 1 });
    expect(s.earlyRequests[0]).toMatchObject({ id: f.requests[2]!.id, after429: f.requests[1]!.id, retryAfterMs: f.requests[1]!.retryAfterMs });
    expect(s.earlyRequests[0]!.msAfter429).toBeGreaterThan(50);
    // Fault 429s announce windows too (retry-after-ms when sub-second).
    f.setRateLimit(null);
    f.enqueueFault({ kind: 'rate_limit', retryAfterSec: 5 });
    await rejection(c.messages.create(toolRequest('x')));
    expect(f.requests.at(-1)).toMatchObject({ fault: 'rate_limit', retryAfterMs: 5000 });
    expect((await stats(f)).responses429).toBe(4);
  });

  it('token buckets: output is deducted once the answer is built, and a bucket below zero limits', async () => {
    const { f, c } = await startOwn({ requestsPerMinute: 600, outputTokensPerMinute: 100 });
    const { data: msg, response } = await c.messages.create(toolRequest('x')).withResponse();
    const out = msg.usage.output_tokens;
    expect(out).toBeGreaterThan(150);
    expect(response.headers.get(`${H}output-tokens-limit`)).toBe('100');
    expect(response.headers.get(`${H}output-tokens-remaining`)).toBe('0');
    expect(response.headers.get(`${H}input-tokens-limit`)).toBe('2000000');
    expect(response.headers.get(`${H}requests-limit`)).toBe('600');
    const err = (await rejection(c.messages.create(toolRequest('x')))) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.message).toContain('100 output tokens per minute');
    // Back to zero from -(out - 100) at 100 tokens a minute.
    const expected = ((out - 100) * 60) / 100;
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThanOrEqual(Math.floor(expected) - 2);
    expect(Number(err.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(expected));
    expect(f.requests[1]).toMatchObject({ status: 429, rateLimited: true });
  });

  it('is off by default; POST /_fake/rate-limit turns it on and off; reset refills but keeps it', async () => {
    const post = (body: string) => fetch(`${fake.url}/_fake/rate-limit`, { method: 'POST', body });
    try {
      expect((await stats(fake)).rateLimit).toBeNull();
      expect((await post('{"requestsPerMinute":6,"burst":1}')).status).toBe(200);
      expect((await stats(fake)).rateLimit).toEqual({ requestsPerMinute: 6, burst: 1 });
      await client.messages.create(toolRequest('x'));
      expect(await rejection(client.messages.create(toolRequest('x')))).toBeInstanceOf(RateLimitError);
      fake.reset();
      const { response } = await client.messages.create(toolRequest('x')).withResponse();
      expect(response.headers.get(`${H}requests-limit`)).toBe('6');
      expect((await post('{"requestsPerMinute":-1}')).status).toBe(400);
      expect((await post('{}')).status).toBe(200);
      const again = await client.messages.create(toolRequest('x')).withResponse();
      expect(again.response.headers.get(`${H}requests-limit`)).toBe('4000');
      await post('{"requestsPerMinute":6,"burst":1}');
      expect((await post('null')).status).toBe(200);
      expect((await stats(fake)).rateLimit).toBeNull();
    } finally {
      fake.setRateLimit(null);
    }
  });

  it('CLI: --rate-limit-rpm and --rate-limit-burst', async () => {
    const main = fileURLToPath(new URL('../support/fake-anthropic/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--rate-limit-rpm', '6', '--rate-limit-burst', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      await until(() => /FAKE_ANTHROPIC_URL=(\S+)\n/.test(out), 8000);
      const url = /FAKE_ANTHROPIC_URL=(\S+)\n/.exec(out)![1]!;
      const c = new Anthropic({ apiKey: 'k', baseURL: url, maxRetries: 0 });
      await c.messages.create(toolRequest('x'));
      expect(await rejection(c.messages.create(toolRequest('x')))).toBeInstanceOf(RateLimitError);
      const s = (await (await fetch(`${url}/_fake/stats`)).json()) as Stats;
      expect(s).toMatchObject({ rateLimit: { requestsPerMinute: 6, burst: 1 }, rateLimited: 1 });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
