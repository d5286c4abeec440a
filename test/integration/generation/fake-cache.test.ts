// The fake Messages API's prompt cache for a repeated prefix (what the cached-share figures
// rest on): a later request with the same prefix reads it; with `cacheReadableFromResponse`
// (the API's rule) requests sent together, before the first answer began, all write it.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';

let fake: FakeAnthropic | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const PREFIX = 'Shared materials. '.repeat(400);

async function send(url: string, prompt: string): Promise<{ read: number; write: number }> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: PREFIX, cache_control: { type: 'ephemeral' } }, { type: 'text', text: prompt }] }],
    }),
  });
  const body = (await response.json()) as { usage: { cache_read_input_tokens: number; cache_creation_input_tokens: number } };
  return { read: body.usage.cache_read_input_tokens, write: body.usage.cache_creation_input_tokens };
}

describe('the fake’s prompt cache', () => {
  it('reads a repeated prefix after the first request, whatever follows it', async () => {
    fake = await startFakeAnthropic({ latencyMs: 0 });
    const first = await send(fake.url, 'one');
    expect(first.read).toBe(0);
    expect(first.write).toBeGreaterThan(1500);
    expect(await send(fake.url, 'two, a different prompt')).toEqual({ read: first.write, write: 0 });
  });

  it('with the API’s rule, requests sent together all write; one sent after the first answer began reads', async () => {
    fake = await startFakeAnthropic({ latencyMs: 150, cacheReadableFromResponse: true });
    const together = await Promise.all([send(fake.url, 'a'), send(fake.url, 'b'), send(fake.url, 'c')]);
    for (const usage of together) expect(usage).toEqual({ read: 0, write: together[0]!.write });
    expect(await send(fake.url, 'd')).toEqual({ read: together[0]!.write, write: 0 });
  });

  it('by default (what older tests expect), a request answered after the writer reads even if it was sent with it', async () => {
    fake = await startFakeAnthropic({ latencyMs: 150 });
    const together = await Promise.all([send(fake.url, 'a'), send(fake.url, 'b')]);
    expect(together.map((u) => u.read > 0).sort()).toEqual([false, true]);
  });
});
