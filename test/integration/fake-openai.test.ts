// The fake OpenAI-compatible server over plain fetch: what each route, answer style and fault
// looks like on the wire, so the provider tests can trust what they are up against.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';

const schema = z.object({ title: z.string().min(1), lessons: z.array(z.string().min(1)).min(2).max(4) });
const jsonSchema = z.toJSONSchema(schema);
let fake: FakeOpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

function chat(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: 'qwen2.5:7b',
      messages: [{ role: 'user', content: `Topic: Knots\nPlan a course.\n\`\`\`json\n${JSON.stringify(jsonSchema)}\n\`\`\`` }],
      response_format: { type: 'json_schema', json_schema: { name: 'plan', schema: jsonSchema, strict: true } },
      stream: true,
      stream_options: { include_usage: true },
      ...extra,
    }),
    ...(signal ? { signal } : {}),
  });
}

/** The data lines of a stream, parsed; '[DONE]' kept as is. */
async function events(res: Response): Promise<any[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((e) => e.startsWith('data: '))
    .map((e) => e.slice(6))
    .map((d) => (d === '[DONE]' ? d : JSON.parse(d)));
}

const contentOf = (evs: any[]) => evs.filter((e) => e !== '[DONE]' && e.choices?.[0]?.delta?.content).map((e) => e.choices[0].delta.content).join('');

describe('fake OpenAI-compatible server', () => {
  it('lists its models and answers GET / like Ollama', async () => {
    const models = (await (await fetch(`${fake.url}/v1/models`)).json()) as any;
    expect(models.data.map((m: any) => m.id)).toEqual(['qwen2.5:7b', 'llama3.1:8b']);
    expect(await (await fetch(fake.url)).text()).toBe('Ollama is running');
  });

  it('streams JSON that follows response_format, then finish_reason, usage and [DONE]', async () => {
    const evs = await events(await chat());
    expect(schema.safeParse(JSON.parse(contentOf(evs))).success).toBe(true);
    expect(evs.at(-1)).toBe('[DONE]');
    const usage = evs.find((e) => e !== '[DONE]' && e.usage);
    expect(usage.choices).toEqual([]);
    expect(usage.usage.prompt_tokens).toBeGreaterThan(0);
    expect(evs.some((e) => e !== '[DONE]' && e.choices?.[0]?.finish_reason === 'stop')).toBe(true);
  });

  it('sends no usage chunk when not asked, or when set not to', async () => {
    const unasked = await events(await chat({ stream_options: undefined }));
    expect(unasked.some((e) => e !== '[DONE]' && e.usage)).toBe(false);
    fake.set({ usage: false });
    const none = await events(await chat());
    expect(none.some((e) => e !== '[DONE]' && e.usage)).toBe(false);
  });

  it('as an old server, ignores response_format and follows the schema in the prompt, in prose', async () => {
    fake.set({ jsonSchema: false });
    const text = contentOf(await events(await chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: { nope: { type: 'string' } } } } } })));
    expect(text).toMatch(/^Here is the JSON/);
    const json = /```json\n([\s\S]*?)```/.exec(text)![1]!;
    expect(schema.safeParse(JSON.parse(json)).success).toBe(true);
  });

  it('answers without streaming when asked, or when set to', async () => {
    const plain = (await (await chat({ stream: false })).json()) as any;
    expect(plain.object).toBe('chat.completion');
    expect(schema.safeParse(JSON.parse(plain.choices[0].message.content)).success).toBe(true);
    fake.set({ noStreaming: true });
    const res = await chat();
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('404s an unknown model, 401s a wrong key', async () => {
    const missing = await chat({ model: 'mistral:7b' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.message).toMatch(/model "mistral:7b" not found/);
    fake.set({ apiKey: 'jan-key' });
    expect((await chat({}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${fake.url}/v1/models`)).status).toBe(401);
    expect((await chat({}, { authorization: 'Bearer jan-key' })).status).toBe(200);
  });

  it('answers queued faults: 429 with retry-after, 500, 503', async () => {
    fake.enqueueFault('rate_limit', { retryAfterSec: 2 });
    fake.enqueueFault('server_error');
    fake.enqueueFault('unavailable');
    const limited = await chat();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await chat()).status).toBe(500);
    const loading = await chat();
    expect(loading.status).toBe(503);
    expect(((await loading.json()) as any).error.message).toBe('Loading model');
    expect((await chat()).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    fake.enqueueFault('hang');
    await expect(chat({}, {}, AbortSignal.timeout(200))).rejects.toThrow();
  });

  it('cuts a stream mid-answer, or goes quiet in it', async () => {
    fake.enqueueFault('drop_mid_stream');
    const dropped = await chat();
    expect(dropped.status).toBe(200);
    await expect(dropped.text()).rejects.toThrow();
    fake.enqueueFault('hang_mid_stream');
    const quiet = await chat({}, {}, AbortSignal.timeout(300));
    await expect(quiet.text()).rejects.toThrow();
  });

  it('sends an error chunk inside a 200 stream', async () => {
    fake.enqueueFault('stream_error');
    const evs = await events(await chat());
    expect(evs.at(-1).error.message).toMatch(/crashed/);
  });

  it('writes text that is no JSON, JSON that breaks the schema, or half an answer cut at the length limit', async () => {
    fake.enqueueFault('not_json');
    const prose = contentOf(await events(await chat()));
    expect(() => JSON.parse(prose)).toThrow();
    fake.enqueueFault('breaks_schema');
    expect(schema.safeParse(JSON.parse(contentOf(await events(await chat())))).success).toBe(false);
    fake.enqueueFault('length');
    const cut = await events(await chat());
    expect(cut.find((e) => e !== '[DONE]' && e.choices?.[0]?.finish_reason)?.choices[0].finish_reason).toBe('length');
    expect(() => JSON.parse(contentOf(cut))).toThrow();
  });

  it('stops (connections refused) and starts again on the same port', async () => {
    const { port } = fake;
    await fake.stop();
    await expect(fetch(`${fake.url}/v1/models`)).rejects.toThrow();
    await fake.start();
    expect(fake.port).toBe(port);
    expect((await fetch(`${fake.url}/v1/models`)).status).toBe(200);
  });

  it('counts requests in flight', async () => {
    fake.set({ latencyMs: 80 });
    await Promise.all([chat().then((r) => r.text()), chat().then((r) => r.text())]);
    expect(fake.peakConcurrency()).toBe(2);
    expect(fake.inFlight()).toBe(0);
  });
});
