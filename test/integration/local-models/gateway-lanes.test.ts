// The gateway with steps routed to a local server (fake OpenAI-compatible) beside Claude
// (fake Anthropic API): routing, $0 local calls in the attempt records, validation errors
// fed back, the "too small" failure once the tries are spent, a server that stops and comes
// back without spending retries, and each provider under its own request limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropicProvider } from '../../../src/main/ai/anthropic';
import { systemClock } from '../../../src/main/ai/clock';
import { ModelGateway } from '../../../src/main/ai/gateway';
import { localRoutes } from '../../../src/main/ai/providers/local-lanes';
import { toolFromSchema, type CallAttemptRecord } from '../../../src/main/ai/structured-call';
import { ALL_CLAUDE, routingPreset, type ModelRouting } from '../../../src/shared/model-routing';
import { FAST_POLICY, TEST_API_KEY, until } from '../../support/engine';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

const planSchema = z.object({ title: z.string().min(1), lessons: z.array(z.string().min(1)).min(2).max(4) });
const request = { system: 'You plan courses.', prompt: 'Topic: Knots\nPlan it.', tool: toolFromSchema('submit_plan', 'Submit the plan.', planSchema) };

let local: FakeOpenAI;
let claude: FakeAnthropic;
let routing: ModelRouting;
let gateway: ModelGateway;

beforeEach(async () => {
  local = await startFakeOpenAI({ models: ['qwen2.5:7b'] });
  claude = await startFakeAnthropic({ latencyMs: 5 });
  routing = routingPreset('draft-local', { baseUrl: `${local.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' });
  const anthropic = createAnthropicProvider({ apiKey: TEST_API_KEY, baseURL: claude.url, timeoutMs: 5_000 });
  gateway = new ModelGateway({
    clock: systemClock,
    provider: () => anthropic,
    requestLimit: 6,
    policy: FAST_POLICY,
    baseURL: () => claude.url,
    offlineProbeMs: { min: 50, max: 200 },
    route: localRoutes(() => routing, { timeoutMs: 5_000 }),
  });
});
afterEach(async () => {
  await local.close();
  await claude.close();
});

function call(step: 'outline' | 'lessons', attempts: CallAttemptRecord[] = []) {
  return gateway.call({ request, schema: planSchema, step, onAttempt: (a) => attempts.push(a) });
}

describe('gateway lanes', () => {
  it('sends routed steps to the local server at $0, the others to Claude', async () => {
    const attempts: CallAttemptRecord[] = [];
    const drafted = await call('outline', attempts);
    const written = await call('lessons', attempts);
    expect(local.requests).toHaveLength(1);
    expect(claude.requests).toHaveLength(1);
    expect(drafted.costUsd).toBe(0);
    expect(written.costUsd).toBeGreaterThan(0);
    expect(attempts.map((a) => [a.provider ?? 'anthropic', a.model, a.costUsd > 0])).toEqual([
      ['openai-compatible', 'qwen2.5:7b', false],
      ['anthropic', expect.stringMatching(/^claude-/), true],
    ]);
    expect(attempts[0]!.usage.output).toBeGreaterThan(0);
  });

  it('routing changes apply to the next call', async () => {
    await call('outline');
    routing = ALL_CLAUDE;
    await call('outline');
    expect([local.requests.length, claude.requests.length]).toEqual([1, 1]);
  });

  it('feeds a schema-breaking answer back and takes the corrected one', async () => {
    local.enqueueFault('breaks_schema');
    const attempts: CallAttemptRecord[] = [];
    const result = await call('outline', attempts);
    expect(result.attempts).toBe(2);
    expect(attempts.map((a) => a.outcome)).toEqual(['invalid_output', 'ok']);
    const repair = local.requests[1]!.body.messages;
    expect(repair.at(-2).role).toBe('assistant');
    expect(repair.at(-1).content).toMatch(/did not match the JSON Schema: lessons/);
  });

  for (const style of ['breaks_schema', 'not_json'] as const) {
    it(`gives up after 3 tries of ${style === 'not_json' ? 'text that is no JSON' : 'schema-breaking JSON'}: the model may be too small`, async () => {
      local.set({ style });
      const error = await call('outline').then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^the model answered with text that is not the requested JSON after 3 tries — this model may be too small for this step\./);
      expect(local.requests).toHaveLength(3);
    });
  }

  it('waits for a server that is not running, spending no tries, and goes on once it is back', async () => {
    await local.stop();
    const attempts: CallAttemptRecord[] = [];
    const pending = call('outline', attempts);
    await until(() => gateway.laneHolds().length > 0, 5_000, 'the lane to hold');
    expect(gateway.laneHolds()[0]).toEqual({
      state: expect.objectContaining({ cause: 'offline', provider: `Ollama at 127.0.0.1:${local.port}` }),
      sentence: `Waiting for the local model server: Ollama is not running at 127.0.0.1:${local.port} — start it, or choose another model`,
    });
    await new Promise((r) => setTimeout(r, 300));
    await local.start();
    const result = await pending;
    expect(result.attempts).toBe(1);
    expect(attempts.map((a) => a.outcome)).toEqual(['ok']);
    await until(() => gateway.laneHolds().length === 0, 2_000, 'the hold to clear');
  });

  it('holds each provider to its own limit: one local request at a time while Claude runs several', async () => {
    local.set({ latencyMs: 60 });
    claude.setLatency(60);
    await Promise.all([...Array.from({ length: 3 }, () => call('outline')), ...Array.from({ length: 4 }, () => call('lessons'))]);
    expect(local.peakConcurrency()).toBe(1);
    expect(claude.peakConcurrency()).toBeGreaterThan(1);
    routing = { ...routing, localRequestLimit: 2 };
    await Promise.all(Array.from({ length: 4 }, () => call('outline')));
    expect(local.peakConcurrency()).toBe(2);
  });
});
