// The context Ollama gives a model, read from its native /api/show on the fake server, held
// against the largest call of a course: the warning Settings shows after a model's test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextWarning, OLLAMA_DEFAULT_CONTEXT, ollamaContext } from '../../../src/main/ai/providers/ollama-context';
import { largestCallTokens } from '../../../src/main/estimate/context-need';
import { DEFAULT_QUIZ_SETTINGS } from '../../../src/shared/quiz';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { startHarness, type Harness } from '../ipc/core-harness';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

describe('the context a local model gets', () => {
  it('reads num_ctx and the model’s own limit from /api/show, with or without /v1 in the base URL', async () => {
    expect(await ollamaContext(`${fake.url}/v1`, 'qwen2.5:7b')).toEqual({ numCtx: null, modelMax: 32768, parametersB: 7.6 });
    fake.set({ contextWindow: 2048, parameterSize: '500M' });
    expect(await ollamaContext(fake.url, 'qwen2.5:7b')).toEqual({ numCtx: 2048, modelMax: 32768, parametersB: 0.5 });
    // Not a model the server has, or not Ollama at all: nothing known.
    expect(await ollamaContext(fake.url, 'nope:1b')).toBeNull();
    expect(await ollamaContext('http://127.0.0.1:9/v1', 'qwen2.5:7b', { timeoutMs: 500 })).toBeNull();
  });

  it('warns when the window is smaller than the largest call of a course, and says what to set', () => {
    const need = largestCallTokens(DEFAULT_QUIZ_SETTINGS);
    // A course's lessons call with its outline, the schema and four lessons of answer: past Ollama's default.
    expect(need).toBeGreaterThan(OLLAMA_DEFAULT_CONTEXT);
    expect(largestCallTokens(DEFAULT_QUIZ_SETTINGS, 8)).toBeGreaterThan(need);
    expect(contextWarning('qwen2.5:7b', { numCtx: null, modelMax: 32768 }, need)).toMatch(
      /^Ollama gives qwen2\.5:7b 4,096 tokens of context unless it was started with OLLAMA_CONTEXT_LENGTH, .* Start Ollama with OLLAMA_CONTEXT_LENGTH=16384, or set PARAMETER num_ctx 16384/,
    );
    expect(contextWarning('qwen2.5:7b', { numCtx: 2048, modelMax: 32768 }, need)).toMatch(/^Ollama runs qwen2\.5:7b with num_ctx 2,048 \(from its Modelfile\).* PARAMETER num_ctx 16384/);
    expect(contextWarning('tiny', { numCtx: null, modelMax: 2048 }, need)).toMatch(/^tiny holds at most 2,048 tokens, .*choose a model with a longer context\.$/);
    expect(contextWarning('qwen2.5:7b', { numCtx: 16384, modelMax: 32768 }, need)).toBeNull();
  });
});

describe('Settings → Models: Test model', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('adds the context warning for Ollama when the model would get too little, and none when it fits', async () => {
    const local = { baseUrl: `${fake.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' as const };
    const tested = await h.call('localModels.test', local);
    expect(tested).toMatchObject({ ok: true, contextWarning: expect.stringMatching(/^Ollama gives qwen2\.5:7b 4,096 tokens of context/) });
    fake.set({ contextWindow: 32768 });
    expect((await h.call('localModels.test', local)).contextWarning).toBeNull();
    // Another server (LM Studio here) says nothing about it: no warning rather than a guess.
    expect((await h.call('localModels.test', { ...local, server: 'lmstudio' as const })).contextWarning).toBeNull();
    // A name that says nothing of the size; the size Ollama reports does.
    expect(tested.sizeWarning).toBeNull();
    fake.set({ parameterSize: '3.2B' });
    expect((await h.call('localModels.test', local)).sizeWarning).toBe(
      'qwen2.5:7b is small (3.2B parameters, as the server reports): it may often answer out of shape. Models of 7–8B, such as qwen2.5:7b or llama3.1:8b, do much better.',
    );
  });
});
