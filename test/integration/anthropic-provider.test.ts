// The Anthropic provider against the fake Messages API: real SDK, real HTTP, real SSE, in
// both structured output modes (JSON outputs and forced tool use).
import pLimit from 'p-limit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropicProvider, type AnthropicProviderConfig } from '../../src/main/ai/anthropic';
import { ProviderHealth } from '../../src/main/ai/provider-health';
import { systemClock } from '../../src/main/ai/clock';
import { DEFAULT_MODEL, type StructuredOutputMode } from '../../src/main/ai/config';
import { ProviderError, type StructuredRequest } from '../../src/main/ai/provider';
import { callStructured, toolFromSchema, type CallAttemptRecord } from '../../src/main/ai/structured-call';
import { startFakeAnthropic, type FakeAnthropic, type FaultKind } from '../support/fake-anthropic';

const KEY = 'sk-ant-test-key';

const lessonSchema = z.object({
  title: z.string().min(1),
  objectives: z.array(z.string().min(1)).min(1).max(5),
  content: z.string().min(1),
});

const request: StructuredRequest = {
  system: 'You are a course author.',
  sharedContext: `Approved outline:\n${'Project 1: Basics. Lesson 1: Variables. Lesson 2: Loops.\n'.repeat(40)}`,
  prompt: 'Topic: Python for data analysis\nWrite lesson 1.',
  tool: toolFromSchema('write_lesson', 'Write one lesson', lessonSchema),
};

/** Each mode on a model that takes it: Haiku 4.5 still accepts forced tools; the default model refuses them. */
const MODES: { mode: StructuredOutputMode; model: string; idPrefix: RegExp; stopReason: string }[] = [
  { mode: 'tool', model: 'claude-haiku-4-5', idPrefix: /^toolu_/, stopReason: 'tool_use' },
  { mode: 'json_schema', model: DEFAULT_MODEL, idPrefix: /^msg_/, stopReason: 'end_turn' },
];

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setApiKeys([KEY]);
  fake.setOffline(false);
  fake.setLatency(0);
});

function provider(overrides: Partial<AnthropicProviderConfig> = {}) {
  return createAnthropicProvider({ apiKey: KEY, baseURL: fake.url, model: 'claude-haiku-4-5', structuredOutput: 'tool', timeoutMs: 5000, ...overrides });
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe.each(MODES)('Anthropic provider in $mode mode against the fake API', ({ mode, model, idPrefix, stopReason }) => {
  const p = (overrides: Partial<AnthropicProviderConfig> = {}) => provider({ model, structuredOutput: mode, ...overrides });

  it('streams an answer and reports usage, request id and latency', async () => {
    const res = await p().call(request);
    expect(lessonSchema.safeParse(res.input).success).toBe(true);
    expect(res.toolUseId).toMatch(idPrefix);
    expect(res.model).toBe(model);
    expect(res.stopReason).toBe(stopReason);
    expect(res.requestId).toBe(fake.requests[0]!.id);
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.usage.input).toBeGreaterThan(0);
    expect(res.usage.output).toBeGreaterThan(0);
    expect(res.usage.cacheWrite).toBeGreaterThan(0);
    expect(res.usage.cacheRead).toBe(0);
  });

  it('sends system and shared context as cached blocks and never sends temperature', async () => {
    await p().call({ ...request, maxTokens: 2048 });
    expect(fake.requests).toHaveLength(1);
    const rec = fake.requests[0]!;
    const body = rec.body;
    expect(rec.stream).toBe(true);
    expect(body.model).toBe(model);
    expect(body.max_tokens).toBe(2048);
    expect(body).not.toHaveProperty('temperature');
    expect(body.system).toEqual([{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }]);
    expect(body.messages).toHaveLength(1);
    const [context, prompt] = body.messages[0].content;
    expect(context).toEqual({ type: 'text', text: request.sharedContext, cache_control: { type: 'ephemeral' } });
    expect(prompt.text.startsWith(request.prompt)).toBe(true);
    // Our retry policy is the only one: the SDK must not have retried on its own.
    expect(rec.headers['x-stainless-retry-count']).toBe('0');
  });

  it('reads the shared prefix from the cache on the second call', async () => {
    const provider = p();
    const first = await provider.call(request);
    const second = await provider.call({ ...request, prompt: 'Topic: Python for data analysis\nWrite lesson 2.' });
    expect(first.usage.cacheWrite).toBeGreaterThan(0);
    expect(second.usage.cacheRead).toBeGreaterThan(0);
    expect(second.usage.cacheRead).toBe(first.usage.cacheWrite);
    expect(second.usage.cacheWrite).toBe(0);
  });

  it('calls onPartial with the parsed partial answer as it streams', async () => {
    fake.setLatency(200);
    const partials: unknown[] = [];
    const res = await p().call({ ...request, onPartial: (x) => partials.push(structuredClone(x)) });
    expect(partials.length).toBeGreaterThan(2);
    for (const x of partials) expect(x).toEqual(expect.any(Object));
    // Grows towards the final answer.
    expect(JSON.stringify(partials.at(-1)).length).toBeGreaterThan(JSON.stringify(partials[1]).length);
    expect(partials.at(-1)).toEqual(res.input);
  });

  it('survives a throwing onPartial callback', async () => {
    const res = await p().call({
      ...request,
      onPartial: () => {
        throw new Error('UI bug');
      },
    });
    expect(lessonSchema.safeParse(res.input).success).toBe(true);
  });

  it('returns a malformed answer unvalidated (validation is the policy’s job)', async () => {
    fake.enqueueFault({ kind: 'malformed_tool_input' });
    const res = await p().call(request);
    expect(res.input).toEqual(expect.any(Object));
    expect(lessonSchema.safeParse(res.input).success).toBe(false);
  });

  it('reports an answer cut off at max_tokens as invalid_output', async () => {
    const e = await failure(p().call({ ...request, maxTokens: 5 }));
    expect(e.kind).toBe('invalid_output');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/cut off.*5 tokens/);
    // Tagged with the limit it was sent with, so the policy asks again with more room.
    expect(e.outputLimit).toBe(5);
    expect(fake.requests[0]!.body.max_tokens).toBe(5);
  });

  const cases: [FaultKind, string, number | null][] = [
    ['overloaded', 'overloaded', 529],
    ['server_error', 'server', 500],
    ['bad_request', 'bad_request', 400],
    ['auth', 'auth', 401],
    ['permission', 'permission', 403],
    ['spend_limit', 'spend_limit', 400],
    ['sse_error_after_200', 'overloaded', null],
    ['drop_mid_stream', 'network', null],
  ];
  for (const [fault, kind, status] of cases) {
    it(`maps the ${fault} fault to ${kind}, with a single HTTP request`, async () => {
      fake.enqueueFault({ kind: fault });
      const e = await failure(p().call(request));
      expect(e.kind).toBe(kind);
      expect(e.status).toBe(status);
      expect(e.requestId).toBe(fake.requests[0]!.id);
      expect(fake.requests).toHaveLength(1);
      expect(e.message).not.toMatch(/^\d{3} \{/); // not the SDK's raw "529 {json}" text
    });
  }
});

describe('forced tool use', () => {
  it('sends the tool and forces it', async () => {
    await provider().call(request);
    const rec = fake.requests[0]!;
    expect(rec.toolName).toBe('write_lesson');
    expect(rec.body.tool_choice).toEqual({ type: 'tool', name: 'write_lesson', disable_parallel_tool_use: true });
    expect(rec.body.tools).toHaveLength(1);
    expect(rec.body.tools[0].name).toBe('write_lesson');
    expect(rec.body.tools[0].input_schema.type).toBe('object');
    expect(rec.body.tools[0].input_schema).not.toHaveProperty('$schema');
    expect(rec.body).not.toHaveProperty('output_config');
    expect(rec.body.messages[0].content.at(-1).text).toBe(request.prompt);
  });

  it('is refused by the default model, which is why auto picks JSON outputs for it', async () => {
    const forced = provider({ model: DEFAULT_MODEL, structuredOutput: 'tool' });
    const e = await failure(forced.call(request));
    expect(e.kind).toBe('bad_request');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/^The Anthropic API rejected the request \(400\): tool_choice: forced tool use .* is not supported with claude-sonnet-5-5/);
    expect(provider({ model: DEFAULT_MODEL, structuredOutput: 'auto' }).structuredOutput).toBe('json_schema');
    expect(createAnthropicProvider({ apiKey: KEY, model: 'claude-3-7-sonnet-20250219' }).structuredOutput).toBe('tool');
  });
});

describe('JSON outputs', () => {
  const p = (overrides: Partial<AnthropicProviderConfig> = {}) => provider({ model: DEFAULT_MODEL, structuredOutput: 'auto', ...overrides });

  it('sends output_config.format with an API-safe schema and no tools, and says what to answer', async () => {
    await p().call(request);
    const rec = fake.requests[0]!;
    expect(rec.toolName).toBeNull();
    expect(rec.body).not.toHaveProperty('tools');
    expect(rec.body).not.toHaveProperty('tool_choice');
    const schema = rec.body.output_config.format.schema;
    expect(rec.body.output_config.format.type).toBe('json_schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.objectives).toMatchObject({ type: 'array', minItems: 1, description: '{maxItems: 5}' });
    expect(rec.body.messages[0].content.at(-1).text).toMatch(/Write lesson 1\.\n\nOutput format: .*"write_lesson".*Write one lesson\.$/s);
  });

  it('reports text that is not JSON as invalid_output, quoting the start of it', async () => {
    fake.setContentOverride(() => 'Sure! Here is the lesson: {"title": "Variables"');
    const e = await failure(p().call(request));
    expect(e.kind).toBe('invalid_output');
    expect(e.retryable).toBe(true);
    expect(e.requestId).toBe(fake.requests[0]!.id);
    expect(e.usage?.output).toBeGreaterThan(0);
    expect(e.message).toMatch(/^The model's answer was not valid JSON \(.+\): Sure! Here is the lesson: \{"title": "Variables"$/);
  });

  it('reports JSON that is not an object, and an empty answer, as invalid_output', async () => {
    fake.setContentOverride(() => '["a", "b"]');
    expect((await failure(p().call(request))).message).toBe('The model\'s answer was JSON but not an object: ["a", "b"]');
    fake.setContentOverride(() => '  ');
    expect((await failure(p().call(request))).message).toBe('The model answered without any JSON text (stop reason: end_turn).');
  });

  it('refuses, before sending anything, a schema the API could not take', async () => {
    const tool = { name: 'x', description: 'd', inputSchema: { type: 'object', properties: { anything: {} } } };
    const e = await failure(p().call({ ...request, tool }));
    expect(e.kind).toBe('bad_request');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('errors that do not depend on the mode', () => {
  it('writes the auth and spend-limit messages for a person', async () => {
    fake.enqueueFault({ kind: 'auth' });
    expect((await failure(provider().call(request))).message).toBe('The Anthropic API key was rejected (401). Check the key in Settings.');
    fake.enqueueFault({ kind: 'spend_limit' });
    expect((await failure(provider().call(request))).message).toBe(
      'Your Anthropic credit balance is too low to run this request (400). Add credits or raise the spend limit, then retry.',
    );
  });

  it('maps a 429 that carries a spend-limit code to spend_limit, which the policy does not retry', async () => {
    // The fake has no such fault, so the HTTP answer comes from a fetch that stands in for the
    // network: the SDK still parses the real response shape and picks its error class.
    const calls: string[] = [];
    const spendLimited: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(
        JSON.stringify({
          type: 'error',
          error: { type: 'rate_limit_error', message: 'Monthly usage limit reached.', details: { error_code: 'enforced_spend_limit_reached' } },
          request_id: 'req_spend',
        }),
        { status: 429, headers: { 'content-type': 'application/json', 'request-id': 'req_spend', 'retry-after': '60' } },
      );
    };
    const deps = { provider: provider({ fetch: spendLimited }), limiter: pLimit(1), health: new ProviderHealth({ clock: systemClock }), clock: systemClock };
    const e = await failure(callStructured(deps, { request, schema: lessonSchema }));
    expect(e).toMatchObject({ kind: 'spend_limit', status: 429, requestId: 'req_spend' });
    expect(e.message).toMatch(/monthly API usage limit .*enforced_spend_limit_reached/);
    expect(calls).toHaveLength(1);
    expect(deps.health.gate.waitingUntil).toBeNull();
  });

  it('maps a rejected API key to auth', async () => {
    const e = await failure(provider({ apiKey: 'sk-ant-wrong' }).call(request));
    expect(e.kind).toBe('auth');
    expect(e.retryable).toBe(false);
  });

  it('maps a 429 to rate_limit with retry-after in ms', async () => {
    fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 7 });
    const e = await failure(provider().call(request));
    expect(e.kind).toBe('rate_limit');
    expect(e.status).toBe(429);
    expect(e.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('prefers retry-after-ms for sub-second waits', async () => {
    fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 0.25 });
    expect((await failure(provider().call(request))).retryAfterMs).toBe(250);
  });

  it('keeps the partial usage of a stream that failed after message_start', async () => {
    fake.setLatency(100);
    fake.enqueueFault({ kind: 'sse_error_after_200' });
    const e = await failure(provider().call(request));
    expect(e.usage?.input).toBeGreaterThan(0);
  });

  for (const { mode, model } of MODES) {
    it(`estimates the output tokens of a stream that broke off before reporting them (${mode})`, async () => {
      const p = () => provider({ model, structuredOutput: mode });
      const whole = await p().call(request);
      expect(whole.usage.output).toBeGreaterThan(20);
      fake.enqueueFault({ kind: 'drop_mid_stream' });
      const e = await failure(p().call(request));
      // message_start says 1 output token; about half the answer had arrived when it broke off.
      expect(e.usageEstimated).toBe(true);
      expect(e.usage!.output).toBeGreaterThan(whole.usage.output * 0.25);
      expect(e.usage!.output).toBeLessThan(whole.usage.output * 0.75);
      expect(e.usage!.input).toBeGreaterThan(0);
      // The attempt record carries the mark to the ledger.
      fake.enqueueFault({ kind: 'drop_mid_stream' });
      const attempts: CallAttemptRecord[] = [];
      const deps = { provider: p(), limiter: pLimit(1), health: new ProviderHealth({ clock: systemClock }), clock: systemClock, policy: { baseDelayMs: 1 } };
      await callStructured(deps, { request, schema: lessonSchema, onAttempt: (a) => attempts.push(a) });
      expect(attempts.map((a) => [a.outcome, a.usageEstimated ?? false])).toEqual([
        ['error', true],
        ['ok', false],
      ]);
    });
  }

  it('maps an unknown endpoint to not_found', async () => {
    const e = await failure(provider({ baseURL: `${fake.url}/nowhere` }).call(request));
    expect(e.kind).toBe('not_found');
    expect(e.status).toBe(404);
  });

  it('maps an unreachable server to network', async () => {
    fake.setOffline(true);
    const e = await failure(provider().call(request));
    expect(e.kind).toBe('network');
    expect(e.retryable).toBe(true);
  });

  it('rejects within a second with aborted when the signal aborts during a hang', async () => {
    fake.enqueueFault({ kind: 'hang' });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 200);
    const e = await failure(provider().call({ ...request, signal: ac.signal }));
    expect(e.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('rejects at once for an already-aborted signal without sending anything', async () => {
    const e = await failure(provider().call({ ...request, signal: AbortSignal.abort() }));
    expect(e.kind).toBe('aborted');
    expect(fake.requests).toHaveLength(0);
  });

  it('times out a hung request after timeoutMs', async () => {
    fake.enqueueFault({ kind: 'hang' });
    const started = Date.now();
    const e = await failure(provider({ timeoutMs: 300 }).call(request));
    expect(e.kind).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('callStructured with the Anthropic provider', () => {
  function deps(p = provider()) {
    return { provider: p, limiter: pLimit(2), health: new ProviderHealth({ clock: systemClock }), clock: systemClock, policy: { baseDelayMs: 20, maxDelayMs: 100 } };
  }

  it('repairs a malformed tool call by continuing the conversation with a tool_result error', async () => {
    fake.enqueueFault({ kind: 'malformed_tool_input' });
    const attempts: CallAttemptRecord[] = [];
    const { signal: _s, ...req } = request;
    const res = await callStructured(deps(), { request: req, schema: lessonSchema, onAttempt: (a) => attempts.push(a) });
    expect(res.attempts).toBe(2);
    expect(attempts.map((a) => a.outcome)).toEqual(['invalid_output', 'ok']);
    expect(attempts[0]!.requestId).toBe(fake.requests[0]!.id);
    expect(res.costUsd).toBeGreaterThan(0);

    const second = fake.requests[1]!.body;
    expect(second.messages).toHaveLength(3);
    const toolUse = second.messages[1];
    expect(toolUse.role).toBe('assistant');
    expect(toolUse.content[0]).toMatchObject({ type: 'tool_use', name: 'write_lesson' });
    const toolResult = second.messages[2].content[0];
    expect(toolResult).toMatchObject({ type: 'tool_result', tool_use_id: toolUse.content[0].id, is_error: true });
    expect(toolResult.content).toMatch(/^Your input did not match the schema: .+\. Call the tool again with corrected input\.$/);
  });

  it('repairs a malformed JSON answer with the previous answer as text and the error as a user turn', async () => {
    fake.enqueueFault({ kind: 'malformed_tool_input' });
    const attempts: CallAttemptRecord[] = [];
    const res = await callStructured(deps(provider({ model: DEFAULT_MODEL, structuredOutput: 'auto' })), {
      request,
      schema: lessonSchema,
      onAttempt: (a) => attempts.push(a),
    });
    expect(res.attempts).toBe(2);
    expect(lessonSchema.parse(res.value)).toEqual(res.value);
    expect(attempts.map((a) => [a.outcome, a.model])).toEqual([
      ['invalid_output', DEFAULT_MODEL],
      ['ok', DEFAULT_MODEL],
    ]);

    // The fake answers a body deterministically: replay the first request to see what it said.
    const first = fake.requests[0]!.body;
    fake.enqueueFault({ kind: 'malformed_tool_input' });
    const replay = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...first, stream: false }),
    });
    const firstText = ((await replay.json()) as { content: { text: string }[] }).content[0]!.text;
    expect(lessonSchema.safeParse(JSON.parse(firstText)).success).toBe(false);

    const second = fake.requests[1]!.body;
    expect(second.messages).toHaveLength(3);
    expect(second.messages[0]).toEqual(fake.requests[0]!.body.messages[0]);
    expect(second.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: firstText }] });
    expect(second.messages[2].role).toBe('user');
    expect(second.messages[2].content[0].text).toMatch(/^Your answer did not match the schema: .+\. Answer again with the whole corrected JSON object\.$/);
    expect(JSON.stringify(second)).not.toMatch(/tool_result|tool_use/);
    expect(fake.requests[1]!.status).toBe(200);
  });

  it('retries a 429 after the server’s retry-after and holds the shared gate meanwhile', async () => {
    fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 0.3 });
    const d = deps();
    const waits: (number | null)[] = [];
    d.health.gate.onChange((s) => waits.push(s.waitingUntil));
    const res = await callStructured(d, { request, schema: lessonSchema });
    expect(res.attempts).toBe(2);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(290);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeNull();
  });

  it('gives up on auth at once', async () => {
    const e = await failure(callStructured(deps(provider({ apiKey: 'sk-ant-nope' })), { request, schema: lessonSchema }));
    expect(e.kind).toBe('auth');
    expect(fake.requests).toHaveLength(1);
  });
});
