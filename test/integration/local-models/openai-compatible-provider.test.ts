// The OpenAI-compatible provider against the fake local server over real HTTP: the request
// it sends, the answers it reads (streamed or not, with or without usage, wrapped in prose
// or a <think> block), and every failure as the typed error with the sentence it promises.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError, type StructuredRequest } from '../../../src/main/ai/provider';
import { createOpenAICompatibleProvider, type OpenAICompatibleConfig } from '../../../src/main/ai/providers/openai-compatible';
import { toolFromSchema } from '../../../src/main/ai/structured-call';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

// No numeric bounds: the schema the server gets says them only in words (a grammar engine
// skips them), and the fake, like such an engine, does not read words.
const planSchema = z.object({
  title: z.string().min(1).max(200),
  lessons: z.array(z.object({ title: z.string().min(1).max(200), level: z.enum(['intro', 'practice']) })).min(2).max(4),
});
const request: StructuredRequest = {
  system: 'You plan courses.',
  sharedContext: 'Course: Knots for sailors.',
  prompt: 'Topic: Knots\nPlan the lessons.',
  tool: toolFromSchema('submit_plan', 'Submit the plan.', planSchema),
};

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

function provider(extra: Partial<OpenAICompatibleConfig> = {}) {
  return createOpenAICompatibleProvider({ baseUrl: `${fake.url}/v1`, model: 'qwen2.5:7b', server: 'ollama', timeoutMs: 2_000, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAI-compatible provider', () => {
  it('asks for json_schema with the schema also in the prompt, an explicit temperature, streamed, and reads the answer', async () => {
    const result = await provider().call(request);
    expect(planSchema.safeParse(result.input).success).toBe(true);
    expect(result.usage.input).toBeGreaterThan(0);
    expect(result.usage.output).toBeGreaterThan(0);
    expect(result.usageEstimated).toBeUndefined();
    expect(result.model).toBe('qwen2.5:7b');
    expect(result.stopReason).toBe('stop');

    const body = fake.requests[0]!.body;
    expect(body.temperature).toBe(0.7);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema).toMatchObject({ name: 'submit_plan', strict: true });
    // Simplified for grammar engines: length bounds said in words, objects closed.
    const title = body.response_format.json_schema.schema.properties.title;
    expect(title.maxLength).toBeUndefined();
    expect(title.description).toContain('maxLength: 200');
    expect(body.response_format.json_schema.schema.additionalProperties).toBe(false);
    expect(body.messages[0]).toEqual({ role: 'system', content: 'You plan courses.' });
    expect(body.messages[1].content).toContain('Course: Knots for sailors.');
    expect(body.messages[1].content).toContain(JSON.stringify(body.response_format.json_schema.schema));
  });

  it('takes the base URL with or without /v1, with a trailing slash', async () => {
    for (const baseUrl of [fake.url, `${fake.url}/`, `${fake.url}/v1/`]) {
      await provider({ baseUrl }).call(request);
    }
    expect(fake.requests.map((r) => r.path)).toEqual(Array(3).fill('/v1/chat/completions'));
  });

  it('sends the key as a bearer token when there is one', async () => {
    fake.set({ apiKey: 'jan-secret' });
    await provider({ apiKey: 'jan-secret', server: 'jan' }).call(request);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer jan-secret');
  });

  it('reads an old server that ignored response_format: the JSON from the prose around it', async () => {
    fake.set({ jsonSchema: false });
    const result = await provider().call(request);
    expect(planSchema.safeParse(result.input).success).toBe(true);
  });

  it('goes on without response_format once a server refuses it, keeping the schema in the prompt', async () => {
    fake.set({ jsonSchema: 'reject' });
    const p = provider();
    expect(planSchema.safeParse((await p.call(request)).input).success).toBe(true);
    expect(planSchema.safeParse((await p.call(request)).input).success).toBe(true);
    // Refused once, then never sent again by this provider.
    expect(fake.requests.map((r) => r.body.response_format !== undefined)).toEqual([true, false, false]);
    expect(fake.requests[2]!.body.messages[0].content).toBe('You plan courses.');
  });

  it('skips a <think> block before the answer', async () => {
    fake.set({ thinking: true });
    expect(planSchema.safeParse((await provider().call(request)).input).success).toBe(true);
  });

  it('estimates the usage when the server reports none, and says so', async () => {
    fake.set({ usage: false });
    const result = await provider().call(request);
    expect(result.usageEstimated).toBe(true);
    expect(result.usage.input).toBeGreaterThan(50);
    expect(result.usage.output).toBeGreaterThan(5);
  });

  it('reads a server that answers without streaming', async () => {
    fake.set({ noStreaming: true });
    const result = await provider().call(request);
    expect(planSchema.safeParse(result.input).success).toBe(true);
    expect(result.usageEstimated).toBeUndefined();
  });

  it('hands partial answers to onPartial as they stream in', async () => {
    const partials: unknown[] = [];
    await provider().call({ ...request, onPartial: (p) => partials.push(p) });
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.at(-1)).toHaveProperty('title');
  });

  it('sends the repair turn: the previous answer, then what was wrong with it', async () => {
    await provider().call({ ...request, repair: { toolUseId: 'x', previousInput: { title: '' }, error: 'title: Too small' } });
    const messages = fake.requests[0]!.body.messages;
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: '{"title":""}' });
    expect(messages.at(-1).role).toBe('user');
    expect(messages.at(-1).content).toContain('title: Too small');
  });

  describe('failures', () => {
    it('a server that is not running: network, "Ollama is not running at …"', async () => {
      await fake.stop();
      const e = await failure(provider().call(request));
      expect(e.kind).toBe('network');
      expect(e.message).toBe(`Ollama is not running at 127.0.0.1:${fake.port} — start it, or choose another model`);
    });

    it('a model the server does not have: "not pulled — run `ollama pull …`"; other servers: load it there', async () => {
      const e = await failure(provider({ model: 'qwen2.5:14b' }).call(request));
      expect(e.kind).toBe('not_found');
      expect(e.retryable).toBe(false);
      expect(e.message).toBe('model qwen2.5:14b is not pulled — run `ollama pull qwen2.5:14b`');
      const lms = await failure(provider({ model: 'qwen2.5:14b', server: 'lmstudio' }).call(request));
      expect(lms.message).toBe(`model qwen2.5:14b is not available on LM Studio at 127.0.0.1:${fake.port} — download or load it there, or choose another model`);
    });

    it('a wrong key: auth, and what to change', async () => {
      fake.set({ apiKey: 'right' });
      const e = await failure(provider({ apiKey: 'wrong' }).call(request));
      expect(e.kind).toBe('auth');
      expect(e.message).toMatch(/refused the API key \(401/);
    });

    it('429 with retry-after, 500, 503 while a model loads', async () => {
      fake.enqueueFault('rate_limit', { retryAfterSec: 2 });
      const limited = await failure(provider().call(request));
      expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limit', 2000]);
      fake.enqueueFault('server_error');
      expect((await failure(provider().call(request))).kind).toBe('server');
      fake.enqueueFault('unavailable');
      const loading = await failure(provider().call(request));
      expect(loading.kind).toBe('overloaded');
      expect(loading.message).toMatch(/loading the model/);
    });

    it('a server that never answers, or goes quiet mid-answer: timeout', async () => {
      fake.enqueueFault('hang');
      expect((await failure(provider({ timeoutMs: 200 }).call(request))).kind).toBe('timeout');
      fake.enqueueFault('hang_mid_stream');
      const quiet = await failure(provider({ timeoutMs: 200 }).call(request));
      expect(quiet.kind).toBe('timeout');
      expect(quiet.usageEstimated).toBe(true);
    });

    it('a stream cut mid-answer: network, with the usage so far estimated', async () => {
      fake.enqueueFault('drop_mid_stream');
      const e = await failure(provider().call(request));
      expect(e.kind).toBe('network');
      expect(e.message).toMatch(/broke off mid-answer/);
      expect(e.usageEstimated).toBe(true);
      expect(e.usage!.input).toBeGreaterThan(0);
    });

    it('an error chunk inside the stream: server', async () => {
      fake.enqueueFault('stream_error');
      const e = await failure(provider().call(request));
      expect(e.kind).toBe('server');
      expect(e.message).toMatch(/crashed/);
    });

    it('text that is no JSON: invalid_output', async () => {
      fake.enqueueFault('not_json');
      const e = await failure(provider().call(request));
      expect(e.kind).toBe('invalid_output');
      expect(e.message).toMatch(/not a JSON object/);
    });

    it('an answer cut at the length limit: invalid_output with the limit, so the policy can ask for more room', async () => {
      fake.enqueueFault('length');
      const e = await failure(provider().call({ ...request, maxTokens: 1000 }));
      expect(e.kind).toBe('invalid_output');
      expect(e.outputLimit).toBe(1000);
    });

    it('a prompt the server cut to its context window (Ollama, silently): says to give the model more context', async () => {
      fake.set({ contextWindow: 512 });
      const long = { ...request, sharedContext: 'The approved outline, at length. '.repeat(400) };
      const e = await failure(provider().call(long));
      expect(e.kind).toBe('bad_request');
      expect(e.retryable).toBe(false);
      expect(e.message).toMatch(/^Ollama kept only 512 tokens of this step's prompt \(about [\d,]+\): model qwen2\.5:7b's context window is too small for it — give the model a larger context \(Ollama: OLLAMA_CONTEXT_LENGTH=16384/);
      // A prompt that fits is answered as usual.
      expect(planSchema.safeParse((await provider().call(request)).input).success).toBe(true);
    });

    it('a wrong base URL path: says to check it', async () => {
      const e = await failure(provider({ baseUrl: `${fake.url}/api/v1` }).call(request));
      expect(e.kind).toBe('not_found');
      expect(e.message).toMatch(/check the base URL/);
    });

    it('a cancel: aborted', async () => {
      fake.enqueueFault('hang');
      const controller = new AbortController();
      const call = provider().call({ ...request, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect((await failure(call)).kind).toBe('aborted');
    });
  });
});
