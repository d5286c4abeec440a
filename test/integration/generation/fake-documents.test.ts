// The fake Messages API's PDF document blocks, checked like the real API's: a malformed one
// (wrong media type, data not base64, bytes not a PDF) is a 400 invalid_request_error; a good
// one counts its pages' tokens (text + image, the documented approximation) in the cached
// prefix, read from the cache the second time.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { PAGE_IMAGE_TOKENS } from '../../support/fake-anthropic/documents';
import { PDF_PAGE_IMAGE_TOKENS } from '../../../src/main/generation/grounding';
import { textPdf } from '../../support/material-fixtures';

let fake: FakeAnthropic | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function send(url: string, source: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'document', source, title: 'figures.pdf', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Summarise.' }] }],
    }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the fake’s PDF document blocks', () => {
  it('rejects a malformed one with a 400 invalid_request_error, like the API', async () => {
    fake = await startFakeAnthropic({ latencyMs: 0 });
    const pdf = Buffer.from(await textPdf([['One page']])).toString('base64');
    for (const source of [
      { type: 'base64', media_type: 'image/png', data: pdf },
      { type: 'base64', media_type: 'application/pdf', data: 'not base64 at all!' },
      { type: 'base64', media_type: 'application/pdf', data: Buffer.from('plain text, no PDF').toString('base64') },
    ]) {
      const { status, body } = await send(fake.url, source);
      expect(status, JSON.stringify(source).slice(0, 60)).toBe(400);
      expect(body.error.type).toBe('invalid_request_error');
    }
  });

  it('counts a PDF’s pages (text and image) in the cached prefix, read from the cache the second time', async () => {
    expect(PAGE_IMAGE_TOKENS).toBe(PDF_PAGE_IMAGE_TOKENS);
    fake = await startFakeAnthropic({ latencyMs: 0 });
    const source = { type: 'base64', media_type: 'application/pdf', data: Buffer.from(await textPdf([['a'], ['b'], ['c']])).toString('base64') };
    const first = await send(fake.url, source);
    expect(first.status).toBe(200);
    expect(first.body.usage.cache_creation_input_tokens).toBeGreaterThanOrEqual(3 * (750 + PAGE_IMAGE_TOKENS));
    expect(first.body.usage.cache_creation_input_tokens).toBeLessThan(4 * (750 + PAGE_IMAGE_TOKENS));
    const second = await send(fake.url, source);
    expect(second.body.usage.cache_read_input_tokens).toBe(first.body.usage.cache_creation_input_tokens);
  });
});
