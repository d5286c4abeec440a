// The fake's Message Batches API, driven by the real SDK's client.messages.batches.*: if the
// SDK accepts what the fake sends (and fails the way it fails against the real API), the
// economy mode can be built and tested against it. Timings are small but never asserted
// tightly: waits poll retrieve with a generous timeout (a loaded 2-core machine).
import Anthropic, { AnthropicError, APIError, BadRequestError, NotFoundError } from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

const MODEL = 'claude-haiku-4-5';
type BatchRequest = Anthropic.Messages.BatchCreateParams.Request;
type Result = Anthropic.Messages.MessageBatchIndividualResponse;

function params(topic: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: 500, messages: [{ role: 'user', content: `Topic: ${topic}\nWrite a short overview.` }], ...extra };
}

const request = (customId: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}): BatchRequest => ({
  custom_id: customId,
  params: params(`topic ${customId}`, extra),
});

const ids = (n: number, prefix = 'req') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** The promise's rejection (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

let fake: FakeAnthropic;
let client: Anthropic;

/** Polls retrieve until the batch ended; every in-progress look must report counts of 0 but processing. */
async function untilEnded(id: string, timeoutMs = 15_000): Promise<Anthropic.Messages.MessageBatch> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const batch = await client.messages.batches.retrieve(id);
    if (batch.processing_status === 'ended') return batch;
    const total = Object.values(batch.request_counts).reduce((a, b) => a + b, 0);
    expect(batch.request_counts).toEqual({ processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    expect(batch.results_url).toBeNull();
    if (Date.now() > end) throw new Error(`batch ${id} did not end in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function results(id: string): Promise<Result[]> {
  const out: Result[] = [];
  for await (const line of await client.messages.batches.results(id)) out.push(line);
  return out;
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
});
afterEach(() => {
  fake.reset();
  fake.setBatchProcessing({ processingMs: 200, cancelMs: 50, seed: 1 });
});
afterAll(() => fake.close());

describe('a batch from create to results', () => {
  it('is in progress with counts of 0, ends, and returns every custom_id once, shuffled, as Messages answers', async () => {
    fake.setBatchProcessing({ processingMs: 300, seed: 11 });
    const customIds = ids(30);
    const created = await client.messages.batches.create({ requests: customIds.map((id) => request(id)) });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^msgbatch_01\w{22}$/),
      type: 'message_batch',
      processing_status: 'in_progress',
      request_counts: { processing: 30, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: null,
      archived_at: null,
      cancel_initiated_at: null,
      results_url: null,
    });
    expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(24 * 3_600_000);
    const ended = await untilEnded(created.id);
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 30, errored: 0, canceled: 0, expired: 0 });
    expect(ended.ended_at).toEqual(expect.any(String));
    expect(Date.parse(ended.ended_at!)).toBeGreaterThanOrEqual(Date.parse(created.created_at));
    expect(ended.results_url).toBe(`${fake.url}/v1/messages/batches/${created.id}/results`);

    const lines = await results(created.id);
    const order = lines.map((l) => l.custom_id);
    expect([...order].sort()).toEqual([...customIds].sort());
    expect(new Set(order).size).toBe(30);
    expect(order).not.toEqual(customIds);
    expect(fake.batches()[0]!.resultOrder).toEqual(order);

    // Each message is what a non-streamed Messages call with the same params answers.
    const first = lines[0]!;
    if (first.result.type !== 'succeeded') throw new Error(`expected succeeded, got ${first.result.type}`);
    const direct = await client.messages.create(params(`topic ${first.custom_id}`));
    expect(first.result.message).toMatchObject({ type: 'message', role: 'assistant', model: MODEL, id: expect.stringMatching(/^msg_/) });
    expect(first.result.message.content).toEqual(direct.content);
    expect(first.result.message.stop_reason).toBe(direct.stop_reason);
    expect({ ...first.result.message.usage, service_tier: 'standard' }).toEqual(direct.usage);
    expect(first.result.message.usage.service_tier).toBe('batch');

    // Batch routes are recorded apart: `requests` holds the one Messages call only.
    expect(fake.requests).toHaveLength(1);
    expect(fake.batchRequests.length).toBeGreaterThanOrEqual(4);
    expect(fake.batchRequests.every((r) => r.status === 200 && r.outcome === 'ok')).toBe(true);
  });

  it('shuffles by the seed: the same seed gives the same order, another seed another', async () => {
    const run = async (seed: number) => {
      fake.setBatchProcessing({ processingMs: 20, seed });
      const b = await client.messages.batches.create({ requests: ids(20).map((id) => request(id)) });
      await untilEnded(b.id);
      return (await results(b.id)).map((l) => l.custom_id);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('applies content overrides and prompt caching like the Messages API', async () => {
    fake.setBatchProcessing({ processingMs: 20 });
    fake.setContentOverride(() => 'overridden');
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'Shared course context. '.repeat(50), cache_control: { type: 'ephemeral' } }];
    const b = await client.messages.batches.create({ requests: ids(4).map((id) => request(id, { system })) });
    await untilEnded(b.id);
    const messages = (await results(b.id)).map((l) => (l.result.type === 'succeeded' ? l.result.message : null));
    expect(messages.every((m) => m?.content[0]?.type === 'text' && m.content[0].text === 'overridden')).toBe(true);
    // The first request to finish writes the shared prefix, the others read it.
    expect(messages.map((m) => (m!.usage.cache_creation_input_tokens ?? 0) > 0)).toEqual([true, false, false, false]);
    expect(messages.slice(1).every((m) => (m!.usage.cache_read_input_tokens ?? 0) > 0)).toBe(true);
  });
});

describe('validation', () => {
  const cases: [string, unknown, RegExp][] = [
    ['no requests', [], /at least 1 item/],
    ['a custom_id with a space', [{ custom_id: 'has space', params: params('x') }], /requests\.0\.custom_id: String should match pattern/],
    ['a 65-character custom_id', [{ custom_id: 'a'.repeat(65), params: params('x') }], /custom_id: String should match pattern/],
    ['an empty custom_id', [{ custom_id: '', params: params('x') }], /custom_id: String should match pattern/],
    ['a duplicate custom_id', [request('same'), request('other'), request('same')], /duplicate: same/],
    ['stream: true', [request('a'), { custom_id: 'b', params: { ...params('x'), stream: true } }], /requests\.1\.params\.stream/],
    ['no params', [{ custom_id: 'a' }], /requests\.0\.params: Field required/],
  ];
  it.each(cases)('refuses a batch with %s (400 invalid_request_error)', async (_name, requests, message) => {
    const err = await rejection(client.messages.batches.create({ requests: requests as BatchRequest[] }));
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(message) } });
    expect(fake.batches()).toHaveLength(0);
    expect(fake.batchRequests[0]).toMatchObject({ status: 400, outcome: 'error' });
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts 64-character custom_ids of letters, digits, _ and -', async () => {
    const id = `aZ09_-${'x'.repeat(58)}`;
    await expect(client.messages.batches.create({ requests: [{ custom_id: id, params: params('x') }] })).resolves.toMatchObject({ processing_status: 'in_progress' });
  });

  it('refuses more than 100,000 requests', async () => {
    const one = { custom_id: '', params: { model: MODEL, max_tokens: 1, messages: [{ role: 'user' as const, content: 'x' }] } };
    const requests = Array.from({ length: 100_001 }, (_, i) => ({ ...one, custom_id: `r${i}` }));
    const err = await rejection(client.messages.batches.create({ requests }));
    expect((err as APIError).status).toBe(400);
    expect((err as APIError).message).toMatch(/at most 100000 items/);
  });

  it('checks each params like the Messages API asynchronously: a bad one ends errored', async () => {
    fake.setBatchProcessing({ processingMs: 20 });
    const b = await client.messages.batches.create({ requests: [request('good'), { custom_id: 'bad', params: { ...params('x'), max_tokens: 0 } }] });
    const ended = await untilEnded(b.id);
    expect(ended.request_counts).toMatchObject({ succeeded: 1, errored: 1 });
    const bad = (await results(b.id)).find((l) => l.custom_id === 'bad')!;
    expect(bad.result).toEqual({
      type: 'errored',
      error: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Input should be greater than or equal to 1' }, request_id: null },
    });
  });

  it("with batchParamsValidation 'create', a bad params fails the create", async () => {
    const strict = await startFakeAnthropic({ batchParamsValidation: 'create' });
    try {
      const c = new Anthropic({ apiKey: 'k', baseURL: strict.url, maxRetries: 0 });
      const err = await rejection(c.messages.batches.create({ requests: [request('good'), { custom_id: 'bad', params: { ...params('x'), max_tokens: 0 } }] }));
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).message).toMatch(/requests\.1\.params\.max_tokens/);
    } finally {
      await strict.close();
    }
  });
});

describe('list, cancel, delete', () => {
  it('lists newest first and pages with after_id / before_id', async () => {
    fake.setBatchProcessing({ processingMs: 60_000 });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await client.messages.batches.create({ requests: [request(`r${i}`)] })).id);
    const newestFirst = [...made].reverse();

    const page = await client.messages.batches.list({ limit: 2 });
    expect(page.data.map((b) => b.id)).toEqual(newestFirst.slice(0, 2));
    expect(page).toMatchObject({ has_more: true, first_id: newestFirst[0], last_id: newestFirst[1] });
    const all: string[] = [];
    for await (const b of client.messages.batches.list({ limit: 2 })) all.push(b.id);
    expect(all).toEqual(newestFirst);

    const before = await client.messages.batches.list({ limit: 2, before_id: newestFirst[4] });
    expect(before.data.map((b) => b.id)).toEqual(newestFirst.slice(2, 4));
    expect(before.has_more).toBe(true);
    const next = await before.getNextPage();
    expect(next.data.map((b) => b.id)).toEqual(newestFirst.slice(0, 2));
    expect(next.has_more).toBe(false);

    const rest = await client.messages.batches.list({ after_id: newestFirst[3] });
    expect(rest).toMatchObject({ has_more: false, first_id: newestFirst[4], last_id: newestFirst[4] });
    for (const id of made) await client.messages.batches.cancel(id);
  });

  it('cancels mid-processing: canceling, then ended with the unfinished requests canceled', async () => {
    fake.setBatchProcessing({ processingMs: 600_000, cancelMs: 30 });
    const b = await client.messages.batches.create({ requests: ids(10).map((id) => request(id)) });
    const canceling = await client.messages.batches.cancel(b.id);
    expect(canceling).toMatchObject({ processing_status: 'canceling', cancel_initiated_at: expect.any(String), results_url: null });
    expect(canceling.request_counts).toEqual({ processing: 10, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    const ended = await untilEnded(b.id);
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 0, errored: 0, canceled: 10, expired: 0 });
    const lines = await results(b.id);
    expect(lines.map((l) => l.custom_id).sort()).toEqual(ids(10).sort());
    expect(lines.every((l) => l.result.type === 'canceled')).toBe(true);
    // An ended batch cannot be canceled again.
    expect(await rejection(client.messages.batches.cancel(b.id))).toBeInstanceOf(BadRequestError);
  });

  it('deletes only an ended batch; a deleted one is gone from retrieve and list', async () => {
    fake.setBatchProcessing({ processingMs: 60_000 });
    const b = await client.messages.batches.create({ requests: [request('a')] });
    expect(await rejection(client.messages.batches.delete(b.id))).toBeInstanceOf(BadRequestError);
    // Results of a batch still in progress: the SDK refuses (no results_url yet), and the API answers a 4xx.
    expect(await rejection(client.messages.batches.results(b.id))).toBeInstanceOf(AnthropicError);
    const early = await fetch(`${fake.url}/v1/messages/batches/${b.id}/results`, { headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } });
    expect(early.status).toBe(400);
    await client.messages.batches.cancel(b.id);
    await untilEnded(b.id);
    await expect(client.messages.batches.delete(b.id)).resolves.toEqual({ id: b.id, type: 'message_batch_deleted' });
    expect(await rejection(client.messages.batches.retrieve(b.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(client.messages.batches.delete(b.id))).toBeInstanceOf(NotFoundError);
    expect((await client.messages.batches.list()).data).toEqual([]);
    expect(fake.batches()[0]).toMatchObject({ id: b.id, processingStatus: 'ended', deletedAt: expect.any(Number) });
  });
});

describe('per-request outcomes and faults', () => {
  it('ends scripted requests errored or expired, once per script', async () => {
    fake.setBatchProcessing({ processingMs: 20 });
    fake.scriptBatchOutcome('busy', { type: 'errored', error: 'overloaded_error' });
    fake.scriptBatchOutcome('broken', { type: 'errored', error: 'api_error', message: 'Something broke' });
    fake.scriptBatchOutcome('late', { type: 'expired' });
    const b = await client.messages.batches.create({ requests: ['ok', 'busy', 'broken', 'late'].map((id) => request(id)) });
    const ended = await untilEnded(b.id);
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 1, errored: 2, canceled: 0, expired: 1 });
    const byId = new Map((await results(b.id)).map((l) => [l.custom_id, l.result]));
    expect(byId.get('ok')?.type).toBe('succeeded');
    expect(byId.get('busy')).toEqual({ type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: null } });
    expect(byId.get('broken')).toMatchObject({ type: 'errored', error: { error: { type: 'api_error', message: 'Something broke' } } });
    expect(byId.get('late')).toEqual({ type: 'expired' });

    // The scripts were used up: the same custom_ids succeed in the next batch.
    const again = await client.messages.batches.create({ requests: ['busy', 'late'].map((id) => request(id)) });
    expect((await untilEnded(again.id)).request_counts).toMatchObject({ succeeded: 2 });
  });

  it('draws outcomes by seeded rates, the same for the same seed', async () => {
    const run = async () => {
      fake.setBatchProcessing({ processingMs: 20, outcomeRates: { expired: 0.2, overloaded_error: 0.2, invalid_request_error: 0.1 }, seed: 3 });
      const b = await client.messages.batches.create({ requests: ids(40).map((id) => request(id)) });
      const ended = await untilEnded(b.id);
      const lines = await results(b.id);
      return { counts: ended.request_counts, outcomes: Object.fromEntries(lines.map((l) => [l.custom_id, l.result.type === 'errored' ? l.result.error.error.type : l.result.type])) };
    };
    const first = await run();
    expect(first.counts.succeeded + first.counts.errored + first.counts.expired).toBe(40);
    expect(first.counts.succeeded).toBeGreaterThan(0);
    expect(first.counts.errored).toBeGreaterThan(0);
    expect(first.counts.expired).toBeGreaterThan(0);
    expect(await run()).toEqual(first);
  });

  it('fails the next create once with a 529, which the SDK surfaces with status 529', async () => {
    fake.failNextBatchCreate();
    const err = await rejection(client.messages.batches.create({ requests: [request('a')] }));
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(529);
    expect((err as APIError).error).toMatchObject({ error: { type: 'overloaded_error' } });
    expect(fake.batchRequests[0]).toMatchObject({ status: 529, fault: 'overloaded' });
    await expect(client.messages.batches.create({ requests: [request('a')] })).resolves.toMatchObject({ processing_status: 'in_progress' });
    expect(fake.batches()).toHaveLength(1);
    // Messages requests never see a batch-create fault.
    fake.failNextBatchCreate('rate_limit', 0.05);
    await expect(client.messages.create(params('x'))).resolves.toMatchObject({ type: 'message' });
    expect((await rejection(client.messages.batches.create({ requests: [request('b')] })) as APIError).status).toBe(429);
  });

  it('a throwing content override ends its request errored (api_error), never crashes the fake', async () => {
    fake.setBatchProcessing({ processingMs: 10 });
    fake.setContentOverride((body) => {
      if (JSON.stringify(body).includes('topic boom')) throw new Error('override bug');
      return undefined;
    });
    const b = await client.messages.batches.create({ requests: [request('boom'), request('fine')] });
    expect((await untilEnded(b.id)).request_counts).toMatchObject({ succeeded: 1, errored: 1 });
    const boom = (await results(b.id)).find((l) => l.custom_id === 'boom')!;
    expect(boom.result).toMatchObject({ type: 'errored', error: { error: { type: 'api_error', message: expect.stringMatching(/override bug/) } } });
  });

  it('leaves Messages recording alone and reports batches in /_fake/stats; control routes configure them', async () => {
    const control = (path: string, body?: unknown) =>
      fetch(`${fake.url}/_fake/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    await control('batches', { processingMs: 60_000, outcomeRates: {}, seed: 2 });
    await control('batches/outcome', { customId: 'x', outcome: { type: 'expired' } });
    const running = await client.messages.batches.create({ requests: [request('x')] });
    await control('batches', { processingMs: 10 });
    const quick = await client.messages.batches.create({ requests: [request('x')] });
    await untilEnded(quick.id);
    await client.messages.create(params('x'));
    const stats = await control('stats');
    expect(stats).toMatchObject({ requests: 1, batches: { in_progress: 1, ended: 1 } });
    expect(stats.batchRequests).toBeGreaterThanOrEqual(3);
    expect(fake.peakConcurrency()).toBe(1);
    const listed = (await control('batches')) as { id: string; requests: { customId: string; result: unknown }[] }[];
    expect(listed.map((b) => b.id)).toEqual([running.id, quick.id]);
    expect(listed[0]!.requests[0]).toMatchObject({ customId: 'x', result: null });
    expect(listed[1]!.requests[0]).toMatchObject({ customId: 'x', result: { type: 'succeeded' } });

    await control('batches', { failNextCreate: 'overloaded' });
    expect((await rejection(client.messages.batches.create({ requests: [request('y')] })) as APIError).status).toBe(529);
    await client.messages.batches.cancel(running.id);
    expect((await untilEnded(running.id)).request_counts).toMatchObject({ expired: 0, canceled: 1 });
  });
});
