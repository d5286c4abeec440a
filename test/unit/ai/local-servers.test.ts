import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../../src/main/ai/providers/local-servers';
import { jsonFromText } from '../../../src/main/ai/providers/openai-answer';
import { httpError } from '../../../src/main/ai/providers/openai-errors';
import { ProviderError } from '../../../src/main/ai/provider';
import { sseData } from '../../../src/main/ai/providers/sse';

describe('parseBaseUrl', () => {
  it('accepts the URL with or without /v1 and names the server by its port', () => {
    for (const url of ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434/v1/', 'http://127.0.0.1:11434', 'http://127.0.0.1:11434/']) {
      expect(parseBaseUrl(url)).toEqual({ root: 'http://127.0.0.1:11434', api: 'http://127.0.0.1:11434/v1', hostPort: '127.0.0.1:11434', server: 'ollama', name: 'Ollama' });
    }
    expect(parseBaseUrl('http://localhost:1234/v1').name).toBe('LM Studio');
    expect(parseBaseUrl('http://localhost:1337').name).toBe('Jan');
    expect(parseBaseUrl('http://gpu-box:5000/proxy/v1')).toMatchObject({ root: 'http://gpu-box:5000/proxy', name: 'The local model server' });
    expect(parseBaseUrl('http://localhost:5000', 'vllm').name).toBe('vLLM');
  });

  it('refuses what is not an http(s) URL, saying what to give', () => {
    expect(() => parseBaseUrl('127.0.0.1:11434')).toThrow(/http/);
    expect(() => parseBaseUrl('not a url')).toThrow(/for example http:\/\/127\.0\.0\.1:11434\/v1/);
  });
});

describe('jsonFromText', () => {
  const fail = (m: string) => new ProviderError('invalid_output', m);
  it('reads bare JSON, fenced JSON, JSON inside prose, after a <think> block', () => {
    expect(jsonFromText('{"a":1}', fail)).toEqual({ a: 1 });
    expect(jsonFromText('Sure!\n```json\n{"a":1}\n```\nAnything else?', fail)).toEqual({ a: 1 });
    expect(jsonFromText('The answer is {"a":{"b":2}} as asked.', fail)).toEqual({ a: { b: 2 } });
    expect(jsonFromText('<think>hmm {"x":0}</think>{"a":1}', fail)).toEqual({ a: 1 });
  });
  it('refuses text without a JSON object, an array, an empty answer', () => {
    expect(() => jsonFromText('no JSON here', fail)).toThrow(/not a JSON object/);
    expect(() => jsonFromText('[1,2]', fail)).toThrow(/not a JSON object/);
    expect(() => jsonFromText('<think>only thoughts</think>', fail)).toThrow(/without any JSON/);
  });
});

describe('httpError', () => {
  const ctx = { endpoint: parseBaseUrl('http://127.0.0.1:11434/v1'), model: 'qwen2.5:7b' };
  const headers = new Headers();
  it('maps statuses to kinds with a sentence to act on', () => {
    expect(httpError(404, { error: { message: 'model "qwen2.5:7b" not found, try pulling it first' } }, headers, ctx).message).toBe(
      'model qwen2.5:7b is not pulled — run `ollama pull qwen2.5:7b`',
    );
    expect(httpError(404, '404 page not found', headers, ctx).message).toMatch(/check the base URL/);
    const tooLong = httpError(400, { error: { message: 'the request exceeds the available context size' } }, headers, ctx);
    expect(tooLong.kind).toBe('bad_request');
    expect(tooLong.message).toMatch(/context window.*num_ctx/);
    expect(httpError(502, null, headers, ctx).kind).toBe('server');
    expect(httpError(504, null, headers, ctx).kind).toBe('timeout');
    expect(httpError(429, null, new Headers({ 'retry-after': '3' }), ctx).retryAfterMs).toBe(3000);
  });
});

describe('sseData', () => {
  const stream = (...parts: string[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    });
  const all = async (s: ReadableStream<Uint8Array>) => {
    const out: string[] = [];
    for await (const d of sseData(s)) out.push(d);
    return out;
  };
  it('splits events across chunk boundaries and CRLF, skips comments, stops at [DONE]', async () => {
    expect(await all(stream('data: {"a"', ':1}\r\n\r\n: ping\n\ndata: x\ndata: y\n\n', 'data: [DONE]\n\ndata: after\n\n'))).toEqual(['{"a":1}', 'x\ny']);
  });
  it('keeps a last event without its blank line', async () => {
    expect(await all(stream('data: 1\n\ndata: 2'))).toEqual(['1', '2']);
  });
});
