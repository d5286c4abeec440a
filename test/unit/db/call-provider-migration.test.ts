// Migration 010: every call row says who served it; rows from before are Claude's.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';
import { Store } from '../../../src/main/db/store';

const row = {
  jobId: null,
  courseId: null,
  step: 'outline',
  itemKey: 'option:1',
  attempt: 1,
  model: 'qwen2.5:7b',
  usage: { input: 10, output: 5, cacheRead: 0, cacheWrite: 0 },
  latencyMs: 5,
  costUsd: 0,
  serviceTier: 'standard' as const,
  outcome: 'ok' as const,
  errorKind: null,
  errorMessage: null,
  requestId: null,
  startedAt: new Date(0).toISOString(),
};

describe('migration 010 (call provider)', () => {
  it('marks the rows already there as Claude calls with reported usage', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 7));
    db.prepare(
      `INSERT INTO model_calls (step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, cost_usd, outcome, started_at)
       VALUES ('outline', 'x', 1, 'claude-sonnet-5-5', 1, 1, 0, 0, 1, 0.01, 'ok', '1970-01-01T00:00:00Z')`,
    ).run();
    migrate(db);
    expect(db.prepare('SELECT provider, usage_estimated FROM model_calls').get()).toEqual({ provider: 'anthropic', usage_estimated: 0 });
  });

  it('stores a local call with its provider and estimated usage', () => {
    const store = Store.open(':memory:');
    store.write(() => store.calls.record({ ...row, provider: 'openai-compatible', usageEstimated: true }));
    store.write(() => store.calls.record({ ...row, model: 'claude-sonnet-5-5', costUsd: 0.01 }));
    expect(store.db.prepare('SELECT provider, model, usage_estimated, cost_usd FROM model_calls ORDER BY id').all()).toEqual([
      { provider: 'openai-compatible', model: 'qwen2.5:7b', usage_estimated: 1, cost_usd: 0 },
      { provider: 'anthropic', model: 'claude-sonnet-5-5', usage_estimated: 0, cost_usd: 0.01 },
    ]);
    store.close();
  });
});
