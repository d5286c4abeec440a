// Settings → Models through the app core's dispatch, with no Claude key at all: choose "All
// local" for a server found on its port, list and test its models, then draft and generate a
// course through the same commands the window uses; every call local and $0.
import { afterEach, expect, it } from 'vitest';
import { readModelRouting } from '../../../src/main/core/app-settings';
import { KEPT_KEY, routingPreset } from '../../../src/shared/model-routing';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { approvedCourse, startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
let local: FakeOpenAI | null = null;
afterEach(async () => {
  await h?.close();
  await local?.close();
  h = null;
  local = null;
});

it('runs a course on a local model chosen in Settings, without a Claude key', async () => {
  local = await startFakeOpenAI({ models: ['qwen2.5:7b', 'llama3.2:3b'] });
  h = await startHarness({ apiKey: null });
  expect((await h.call('models.get')).routing.steps.lessons).toEqual({ provider: 'anthropic' });
  expect(h.core.runner.queueState().blockedReason).toMatch(/Anthropic API key/);

  const baseUrl = `${local.url}/v1`;
  expect(await h.call('localModels.list', { baseUrl })).toEqual([
    { id: 'qwen2.5:7b', warning: null },
    { id: 'llama3.2:3b', warning: expect.stringMatching(/looks small/) },
  ]);
  const choice = { baseUrl, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' as const };
  expect(await h.call('localModels.test', choice)).toMatchObject({ ok: true });
  const view = await h.call('models.setRouting', routingPreset('all-local', choice));
  expect(view).toMatchObject({ claudeKeySet: false, routing: { steps: { lessons: { provider: 'openai-compatible' } } } });
  // Nothing needs the Claude key any more: the queue is not blocked.
  expect(h.core.runner.queueState().blockedReason).toBeNull();

  const course = await approvedCourse(h, 'Knots', 3);
  const estimate = await h.call('estimate.courses', { courseIds: [course.id] });
  expect(estimate.standardUsd.expected).toBe(0);
  await h.call('jobs.enqueue', { courseId: course.id });
  await h.core.runner.waitUntilIdle();
  const detail = await h.call('courses.get', { courseId: course.id });
  expect(detail.status).toBe('generated');
  expect(detail.spend.costUsd).toBe(0);
  expect(h.fake.requests).toHaveLength(0);
  const rows = h.core.store.db.prepare('SELECT provider, cost_usd FROM model_calls').all() as { provider: string; cost_usd: number }[];
  expect(rows.length).toBeGreaterThan(5);
  expect(rows.every((r) => r.provider === 'openai-compatible' && r.cost_usd === 0)).toBe(true);
});

it('refuses a routing that is not one', async () => {
  h = await startHarness();
  const bad = await h.dispatch('models.setRouting', { steps: { outline: { provider: 'openai-compatible' } } } as never);
  expect(bad.ok).toBe(false);
  const badUrl = await h.dispatch('localModels.list', { baseUrl: 'ftp://x' });
  expect(badUrl.ok).toBe(false);
});

it('lists the Claude models from the Models API, retiring ones with their dates, retired last', async () => {
  h = await startHarness();
  const models = await h.call('claudeModels.list');
  expect(models.map((m) => [m.id, m.lifecycle, m.retiresAt])).toEqual([
    ['claude-opus-5-5', 'active', null],
    ['claude-sonnet-5-5', 'active', null],
    ['claude-haiku-5-5', 'active', null],
    ['claude-haiku-4-5', 'deprecated', '2027-04-01'],
    ['claude-sonnet-4-5', 'retired', '2026-11-30'],
  ]);
  expect(models[0]!.name).toBe('Claude Opus 5.5');
  await h.call('apiKey.clear');
  const noKey = await h.dispatch('claudeModels.list');
  expect(noKey.ok ? null : noKey.error.message).toMatch(/Add your Anthropic API key first/);
});

it('keeps a local server’s key in main: the renderer sees KEPT_KEY, and sending it back keeps the key', async () => {
  local = await startFakeOpenAI({ apiKey: 'jan-secret' });
  h = await startHarness();
  const baseUrl = `${local.url}/v1`;
  const jan = { baseUrl, model: 'qwen2.5:7b', apiKey: 'jan-secret', server: 'jan' as const };
  const view = await h.call('models.setRouting', routingPreset('all-local', jan));
  expect(JSON.stringify(view)).not.toContain('jan-secret');
  const shown = view.routing.steps.outline;
  expect(shown.provider === 'openai-compatible' && shown.local.apiKey).toBe(KEPT_KEY);
  // What the renderer has is enough to list, test and save again; the key itself stays.
  const kept = { ...jan, apiKey: KEPT_KEY };
  expect((await h.call('localModels.list', { baseUrl, apiKey: KEPT_KEY })).map((m) => m.id)).toEqual(['qwen2.5:7b', 'llama3.1:8b']);
  expect((await h.call('localModels.test', kept)).ok).toBe(true);
  await h.call('models.setRouting', routingPreset('draft-local', kept));
  const stored = readModelRouting(h.core.store).steps.tasks;
  expect(stored.provider === 'openai-compatible' && stored.local.apiKey).toBe('jan-secret');
  expect(local.requests.every((r) => r.headers.authorization === 'Bearer jan-secret')).toBe(true);
});
