// Whole courses through the real runner with steps routed to a local model server (the fake
// OpenAI-compatible one): offline with the Claude fake stopped, mixed with Claude, with the
// server stopped and started mid-job, and with a model too small to keep to the schema.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localRoutes } from '../../../src/main/ai/providers/local-lanes';
import { updateSettings } from '../../../src/main/core/app-settings';
import { approveOutline, chooseOption } from '../../../src/main/courses/workflow';
import { generateOutlineOptions } from '../../../src/main/generation/outline-options';
import { routingPreset, type LocalModel, type ModelRouting } from '../../../src/shared/model-routing';
import { countTree, createEngine, seedApprovedCourse, until, type Engine } from '../../support/engine';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

let local: FakeOpenAI;
let claude: FakeAnthropic;
let engine: Engine | null = null;

beforeEach(async () => {
  local = await startFakeOpenAI({ models: ['qwen2.5:7b'], usage: false });
  claude = await startFakeAnthropic({ latencyMs: 5 });
});
afterEach(async () => {
  await engine?.close().catch(() => undefined);
  engine = null;
  await local.close();
  await claude.close();
});

const model = (): LocalModel => ({ baseUrl: `${local.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' });

function start(routing: () => ModelRouting): Engine {
  engine = createEngine({ baseURL: claude.url, route: localRoutes(routing, { timeoutMs: 5_000 }) });
  return engine;
}

interface LedgerRow {
  step: string;
  provider: string;
  model: string;
  cost_usd: number;
  usage_estimated: number;
  outcome: string;
}
const ledger = (e: Engine): LedgerRow[] =>
  e.store.db.prepare('SELECT step, provider, model, cost_usd, usage_estimated, outcome FROM model_calls ORDER BY id').all() as LedgerRow[];

describe('courses on a local model', () => {
  it('generates a whole course offline: outline options streaming, approve, queue, completed, every call local and $0', async () => {
    await claude.close(); // No Claude at all: the network to it is gone.
    const e = start(() => routingPreset('all-local', model()));
    const course = e.store.write(() => e.store.courses.create({ topic: 'Knots', audience: 'sailors', level: 'beginner', projects: 2, language: 'English', notes: '' }));
    const partials: number[] = [];
    const options = await generateOutlineOptions(e.store, e.gateway, {
      courseId: course.id,
      count: 2,
      onPartial: (index) => partials.push(index),
      record: (rec) => e.store.write(() => e.store.calls.record(rec)),
    });
    expect(options).toHaveLength(2);
    expect(new Set(partials)).toEqual(new Set([0, 1]));
    chooseOption(e.store, course.id, options[0]!.id);
    approveOutline(e.store, course.id, 'Reviewer');
    const job = e.runner.enqueue(course.id);
    e.runner.start();
    await e.runner.waitUntilIdle();

    const summary = e.store.jobs.summary(job.id)!;
    expect(summary.status).toBe('completed');
    expect(countTree(e.store, course.id).summary).toBe(true);
    expect(summary.costUsd).toBe(0);
    const rows = ledger(e);
    expect(rows.length).toBe(2 + summary.itemsTotal);
    expect(rows.every((r) => r.provider === 'openai-compatible' && r.model === 'qwen2.5:7b' && r.cost_usd === 0 && r.outcome === 'ok')).toBe(true);
    // The fake reports no usage here: every row's tokens are estimated, and say so.
    expect(rows.every((r) => r.usage_estimated === 1)).toBe(true);
    expect(e.store.calls.courseTotals(course.id)).toMatchObject({ costUsd: 0, calls: rows.length });
    expect(e.store.calls.courseTotals(course.id).usage.output).toBeGreaterThan(0);
  });

  it('mixes: drafts locally and writes the lessons with Claude', async () => {
    const e = start(() => routingPreset('draft-local', model()));
    const courseId = seedApprovedCourse(e.store, 'Mixed', 3, 1);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(job.id)!.status).toBe('completed');
    const rows = ledger(e);
    const lessons = rows.filter((r) => r.step === 'lessons');
    expect(lessons.map((r) => r.provider)).toEqual(['anthropic', 'anthropic', 'anthropic']);
    expect(lessons.every((r) => r.cost_usd > 0)).toBe(true);
    const drafted = rows.filter((r) => r.step !== 'lessons');
    expect(drafted.map((r) => r.step).sort()).toEqual(['finalize', 'tasks', 'tasks', 'tasks']);
    expect(drafted.every((r) => r.provider === 'openai-compatible' && r.cost_usd === 0)).toBe(true);
    expect(claude.requests).toHaveLength(3);
    expect(local.requests).toHaveLength(3 + 1);
  });

  it('runs local steps under a spending cap they cannot reach: they reserve nothing', async () => {
    const e = start(() => routingPreset('all-local', model()));
    updateSettings(e.store, { budget: { dailyUsd: 0.000_1, batchUsd: null } });
    const job = e.runner.enqueue(seedApprovedCourse(e.store, 'Capped', 3, 1));
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.runner.queueState().paused).toBe(false);
    expect(e.store.jobs.summary(job.id)!.status).toBe('completed');
  });

  it('waits while the local server is stopped mid-job and finishes once it is started again', async () => {
    local.set({ latencyMs: 30 });
    const e = start(() => routingPreset('all-local', model()));
    const courseId = seedApprovedCourse(e.store, 'Restart', 3, 2);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await until(() => local.requests.length >= 3, 10_000, 'a few local calls');
    await local.stop();
    await until(() => e.gateway.laneHolds().some((h) => h.state.cause === 'offline'), 10_000, 'the wait for the server');
    expect(e.runner.queueState().waitingReason).toBe(`Waiting for the local model server: Ollama is not running at 127.0.0.1:${local.port} — start it, or choose another model`);
    expect(['failed', 'completed', 'cancelled']).not.toContain(e.store.jobs.summary(job.id)!.status);
    await local.start();
    await e.runner.waitUntilIdle();
    const summary = e.store.jobs.summary(job.id)!;
    expect(summary.status).toBe('completed');
    expect(summary.itemsCompleted).toBe(summary.itemsTotal);
    // The job's log says why it waited, and for how long, as for the network.
    const lines = e.store.logs.list(job.id).map((l) => l.message);
    expect(lines).toContain(`Waiting for the local model server: Ollama is not running at 127.0.0.1:${local.port} — start it, or choose another model`);
    expect(lines.some((l) => new RegExp(`^Ollama at 127\\.0\\.0\\.1:${local.port} is answering again after .+; continuing$`).test(l))).toBe(true);
  });

  it('fails a step the model cannot answer in shape, saying it may be too small', async () => {
    local.set({ style: 'breaks_schema' });
    const e = start(() => routingPreset('all-local', model()));
    const courseId = seedApprovedCourse(e.store, 'Tiny', 3, 1);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();
    const summary = e.store.jobs.summary(job.id)!;
    expect(summary.status).toBe('failed');
    expect(summary.errorMessage).toMatch(/the model answered with text that is not the requested JSON after 3 tries — this model may be too small for this step/);
    // Three tries of the unit that failed first; the other units' tries took turns with them.
    expect(local.requests.length).toBeGreaterThanOrEqual(3);
    expect(ledger(e).every((r) => r.outcome === 'invalid_output' && r.provider === 'openai-compatible')).toBe(true);
  });
});
