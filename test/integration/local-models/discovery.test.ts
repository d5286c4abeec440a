// Finding local servers on their ports, listing their models, testing one: against the fake
// OpenAI-compatible server, a closed port, a port that never answers and one that wants a key.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectLocalServers, listLocalModels, smallModelWarning, testLocalModel } from '../../../src/main/ai/providers/local-discovery';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

let local: FakeOpenAI;
let locked: FakeOpenAI;
let silent: Server;
let closedPort: number;

beforeEach(async () => {
  local = await startFakeOpenAI({ models: ['qwen2.5:7b', 'llama3.2:3b'] });
  locked = await startFakeOpenAI({ apiKey: 'jan-key' });
  // Accepts connections and never answers: a scan must not wait for it past its timeout.
  silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const spare = await startFakeOpenAI();
  closedPort = spare.port;
  await spare.close();
});
afterEach(async () => {
  await local.close();
  await locked.close();
  silent.closeAllConnections();
  await new Promise((r) => silent.close(r));
});

describe('local model discovery', () => {
  it('finds the servers answering on their ports, in about one timeout, and lists their models', async () => {
    const started = Date.now();
    const found = await detectLocalServers({
      timeoutMs: 500,
      candidates: [
        { server: 'ollama', port: local.port },
        { server: 'jan', port: locked.port },
        { server: 'lmstudio', port: closedPort },
        { server: 'llamacpp', port: (silent.address() as AddressInfo).port },
      ],
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(found).toEqual([
      { server: 'ollama', name: 'Ollama', baseUrl: `http://127.0.0.1:${local.port}/v1`, models: ['qwen2.5:7b', 'llama3.2:3b'] },
      // Jan without its key: there, but it will not say what it has.
      { server: 'jan', name: 'Jan', baseUrl: `http://127.0.0.1:${locked.port}/v1`, models: [] },
    ]);
  });

  it('lists a server’s models with its key, and says why it cannot', async () => {
    expect(await listLocalModels(`http://127.0.0.1:${locked.port}`, { apiKey: 'jan-key' })).toEqual(['qwen2.5:7b', 'llama3.1:8b']);
    await expect(listLocalModels(`http://127.0.0.1:${locked.port}/v1`, { apiKey: 'nope', server: 'jan' })).rejects.toThrow(/Jan at 127\.0\.0\.1:\d+ refused the API key/);
    await expect(listLocalModels(`http://127.0.0.1:${closedPort}/v1`, { server: 'ollama' })).rejects.toThrow(`Ollama is not running at 127.0.0.1:${closedPort} — start it, or choose another model`);
  });

  it('tests a model with one small structured call, and says how long it took', async () => {
    const ok = await testLocalModel({ baseUrl: `${local.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' });
    expect(ok.ok).toBe(true);
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ok.message).toMatch(/answered in shape in \d+\.\d s/);
    local.set({ style: 'not_json' });
    const small = await testLocalModel({ baseUrl: `${local.url}/v1`, model: 'llama3.2:3b', apiKey: null, server: 'ollama' });
    expect(small.ok).toBe(false);
    const missing = await testLocalModel({ baseUrl: `${local.url}/v1`, model: 'mistral:7b', apiKey: null, server: 'ollama' });
    expect(missing.message).toBe('model mistral:7b is not pulled — run `ollama pull mistral:7b`');
  });

  it('warns about models whose names say they are small', () => {
    expect(smallModelWarning('llama3.2:3b')).toMatch(/looks small \(3B parameters\)/);
    expect(smallModelWarning('qwen2.5-1.5b-instruct')).toMatch(/1\.5B/);
    expect(smallModelWarning('qwen2.5:7b')).toBeNull();
    expect(smallModelWarning('llama3.1:8b-instruct-q4_K_M')).toBeNull();
    expect(smallModelWarning('mistral-nemo')).toBeNull();
  });
});
