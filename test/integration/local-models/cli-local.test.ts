// The real CLI, spawned, with every step on a local model (the fake OpenAI-compatible
// server) and no Claude key at all: estimate, queue, run, status; the flags and the
// COURSE_STUDIO_* environment; and what a wrong choice says.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { runCli } from '../../support/cli-process';

const SLOW = 120_000;
let local: FakeOpenAI;
let dir: string;

beforeEach(async () => {
  local = await startFakeOpenAI({ models: ['qwen2.5:7b'] });
  dir = mkdtempSync(join(tmpdir(), 'cs-cli-local-'));
  writeFileSync(join(dir, 'topics.txt'), 'Knots\n');
});
afterEach(async () => {
  await local.close();
});

// No Claude key, no endpoint, no COURSE_STUDIO_* of the developer's (runCli drops them).
const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, dir, env);

describe('CLI on a local model', () => {
  it('estimates at $0, queues and runs a course with --provider openai-compatible and no Claude key', async () => {
    const flags = ['--provider', 'openai-compatible', '--base-url', local.url, '--model', 'qwen2.5:7b'];
    const estimate = await cli(['estimate', '--db', 'local.db', '--topics', 'topics.txt', '--json', ...flags]);
    expect(estimate.stderr).toBe('');
    expect(JSON.parse(estimate.stdout).standardUsd).toEqual({ low: 0, expected: 0, high: 0 });

    const queued = await cli(['queue', '--db', 'local.db', '--topics', 'topics.txt', '--auto-approve', '--options', '1', ...flags]);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    const run = await cli(['run', '--db', 'local.db', '--until-idle', ...flags]);
    expect(run.code).toBe(0);

    const store = Store.open(join(dir, 'local.db'));
    try {
      const rows = store.db.prepare('SELECT provider, model, cost_usd FROM model_calls').all() as { provider: string; model: string; cost_usd: number }[];
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.every((r) => r.provider === 'openai-compatible' && r.model === 'qwen2.5:7b' && r.cost_usd === 0)).toBe(true);
      expect(store.jobs.list().map((j) => j.status)).toEqual(['completed']);
    } finally {
      store.close();
    }
    expect(local.requests.every((r) => r.path === '/v1/chat/completions')).toBe(true);
  }, SLOW);

  it('takes the choice from COURSE_STUDIO_PROVIDER, _BASE_URL and _MODEL', async () => {
    const env = { COURSE_STUDIO_PROVIDER: 'openai-compatible', COURSE_STUDIO_BASE_URL: `${local.url}/v1`, COURSE_STUDIO_MODEL: 'qwen2.5:7b' };
    const queued = await cli(['queue', '--db', 'env.db', '--topics', 'topics.txt', '--options', '1'], env);
    expect(queued.code).toBe(0);
    expect(local.requests).toHaveLength(1);
  }, SLOW);

  it('says what is missing or wrong', async () => {
    const noModel = await cli(['queue', '--db', 'x.db', '--topics', 'topics.txt', '--base-url', local.url]);
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toContain('A local model needs its name: --model NAME');
    const badProvider = await cli(['run', '--db', 'x.db', '--provider', 'ollama']);
    expect(badProvider.code).toBe(2);
    expect(badProvider.stderr).toContain('--provider must be anthropic or openai-compatible (got "ollama")');
    const notPulled = await cli(['queue', '--db', 'y.db', '--topics', 'topics.txt', '--options', '1', '--base-url', local.url, '--model', 'qwen2.5:14b']);
    expect(notPulled.code).toBe(1);
    expect(notPulled.stdout + notPulled.stderr).toContain(`model qwen2.5:14b is not available on`);
    const noKey = await cli(['run', '--db', 'y.db', '--provider', 'anthropic']);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('Set ANTHROPIC_API_KEY');
  }, SLOW);
});
