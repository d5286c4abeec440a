// Holds in the fake Anthropic API: a held request stays pending (recorded, in flight) until
// the test releases it, then is answered as usual; a client that gives up is not kept.
import Anthropic, { APIUserAbortError } from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

const tool = (name: string) => ({ name, description: 'Save it.', input_schema: { type: 'object' as const, properties: { title: { type: 'string' } }, required: ['title'] } });

function request(name: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 1000,
    messages: [{ role: 'user', content: 'Topic: holds\nWrite it.' }],
    tools: [tool(name)],
    tool_choice: { type: 'tool', name },
  };
}

let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('holds', () => {
  it('keeps matching requests pending until released; others go through', async () => {
    const id = fake.hold((body) => body.tool_choice?.name === 'submit_lessons');
    let landed = false;
    const held = client.messages.create(request('submit_lessons')).then((m) => ((landed = true), m));
    await fake.untilHeld(1, id);
    await expect(client.messages.create(request('submit_tasks'))).resolves.toMatchObject({ type: 'message' });
    expect(landed).toBe(false);
    expect(fake.held(id)).toBe(1);
    expect(fake.inFlight()).toBe(1);
    expect(fake.requests[0]).toMatchObject({ outcome: 'pending', status: 0 });

    fake.release(id);
    await expect(held).resolves.toMatchObject({ type: 'message', stop_reason: 'tool_use' });
    expect(fake.held()).toBe(0);
    // A released hold catches nothing more.
    await expect(client.messages.create(request('submit_lessons'))).resolves.toMatchObject({ type: 'message' });
  });

  it('a hold without a matcher keeps every Messages request; release() without an id lets all go', async () => {
    fake.hold();
    const calls = [client.messages.create(request('a')), client.messages.create(request('b'))];
    await fake.untilHeld(2);
    fake.release();
    await expect(Promise.all(calls)).resolves.toHaveLength(2);
  });

  it('a client that gives up while held is recorded as aborted and no longer counted', async () => {
    const id = fake.hold();
    const controller = new AbortController();
    const call = client.messages.create(request('a'), { signal: controller.signal }).catch((e: unknown) => e);
    await fake.untilHeld(1, id);
    controller.abort();
    expect(await call).toBeInstanceOf(APIUserAbortError);
    await vi.waitFor(() => expect(fake.requests[0]!.outcome).toBe('aborted'));
    expect(fake.held(id)).toBe(0);
  });

  it('reset() releases every hold', async () => {
    fake.hold();
    const call = client.messages.create(request('a'));
    await fake.untilHeld(1);
    fake.reset();
    await expect(call).resolves.toMatchObject({ type: 'message' });
  });

  it('is driven over HTTP too: /_fake/hold by unit, /_fake/held, /_fake/release', async () => {
    const post = async (path: string, body: unknown) => (await fetch(`${fake.url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
    const { id } = (await post('/_fake/hold', { tool: 'submit_tasks' })) as { id: number };
    const call = client.messages.create(request('submit_tasks'));
    await fake.untilHeld(1, id);
    expect(await (await fetch(`${fake.url}/_fake/held?id=${id}`)).json()).toEqual({ held: 1 });
    await expect(client.messages.create(request('submit_lessons'))).resolves.toMatchObject({ type: 'message' });
    expect(await post('/_fake/release', { id })).toEqual({ ok: true });
    await expect(call).resolves.toMatchObject({ type: 'message' });
  });

  it('a hold by unit also catches the JSON output mode, which names the unit in its instruction', async () => {
    const id = (await (await fetch(`${fake.url}/_fake/hold`, { method: 'POST', body: JSON.stringify({ tool: 'submit_tasks' }) })).json()) as { id: number };
    const call = client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 1000,
      messages: [{ role: 'user', content: 'Topic: holds\nAnswer with the JSON the "submit_tasks" tool would have received, matching the required output schema.' }],
      output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false } } },
    });
    await fake.untilHeld(1, id.id);
    fake.release(id.id);
    await expect(call).resolves.toMatchObject({ type: 'message' });
  });

  it('a mid-stream hold lets the stream start and stops it halfway until released', async () => {
    const id = fake.hold(null, { midStream: true });
    // A request that does not stream is not held mid-stream.
    await expect(client.messages.create(request('a'))).resolves.toMatchObject({ type: 'message' });
    const stream = client.messages.stream(request('a'));
    let partial = '';
    stream.on('inputJson', (delta) => (partial += delta));
    await fake.untilHeld(1, id);
    await vi.waitFor(() => expect(partial.length).toBeGreaterThan(0));
    fake.release(id);
    const message = await stream.finalMessage();
    expect(JSON.stringify(message.content[0]?.type === 'tool_use' ? message.content[0].input : null)).toBe(partial);
  });
});
