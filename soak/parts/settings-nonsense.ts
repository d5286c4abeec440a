// Part 6b, nonsense written straight into the settings table (a hand edit, a downgrade, a
// bad disk sector): the app must start anyway, fall back to each default, and say so with
// a warning naming the setting — never crash, never run with the nonsense.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, createAppCore } from '../../src/main/app-core';
import { DEFAULT_MODEL } from '../../src/main/ai/config';
import { Store } from '../../src/main/db/store';
import { DEFAULT_LIMITS } from '../../src/main/runner/runner';
import { createMemorySecretStore } from '../../src/main/secrets';
import type { SettingsView } from '../../src/shared/ipc-contract';
import { check, type Check, type Figure } from '../lib/report';

/** Keys the app reads at start-up, each with something no parser should accept. */
export const NONSENSE: Record<string, string> = {
  model: '{"model": 42, "maxTokens": "lots", "baseURL": "javascript:alert(1)"',
  preferences: '"just a string"',
  'runner.limits': '{"jobs": -5, "requests": "many"}',
  'queue.paused': '"yes please"',
};

interface QueueView {
  paused: boolean;
  limits: { jobs: number; requests: number };
}

export async function settingsNonsense(): Promise<{ figures: [string, Figure][]; checks: Check[]; notes: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-settings-'));
  const seed = Store.open(join(dataDir, DATABASE_FILE));
  seed.write(() => {
    for (const [key, raw] of Object.entries(NONSENSE)) seed.db.prepare(`INSERT INTO settings (key, value_json) VALUES (?, ?)`).run(key, raw);
    seed.db.prepare(`INSERT INTO settings (key, value_json) VALUES (?, ?)`).run('some.future.setting', '{"x": [1, 2, 3]}');
  });
  seed.close();

  const warnings: string[] = [];
  const original = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  console.error = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  let started: string | null = null;
  let view: SettingsView | null = null;
  let queue: QueueView | null = null;
  try {
    const core = createAppCore({ dataDir, secrets: createMemorySecretStore(), env: {}, start: true });
    try {
      const result = await core.dispatch('settings.get', undefined);
      if (result.ok) view = result.value as SettingsView;
      const snapshot = await core.dispatch('jobs.snapshot', undefined);
      if (snapshot.ok) queue = (snapshot.value as { queue: QueueView }).queue;
    } finally {
      await core.dispose();
    }
  } catch (error) {
    started = error instanceof Error ? error.message : String(error);
  } finally {
    console.warn = original.warn;
    console.error = original.error;
  }
  const warned = Object.keys(NONSENSE).filter((key) => warnings.some((w) => w.includes(`"${key}"`)));
  const silent = Object.keys(NONSENSE).filter((key) => !warned.includes(key));
  return {
    figures: [
      ['settings rows holding nonsense', Object.keys(NONSENSE).length],
      ['fell back with a warning naming the setting', `${warned.length}/${Object.keys(NONSENSE).length}`],
    ],
    checks: [
      check('the app starts with nonsense in its settings table', started === null, String(started)),
      check(
        'every setting falls back to its default',
        view !== null && view.model === DEFAULT_MODEL && view.baseURL === null && view.reviewerName === '' && queue !== null && !queue.paused &&
          queue.limits.jobs === DEFAULT_LIMITS.jobs && queue.limits.requests === DEFAULT_LIMITS.requests,
        `settings ${JSON.stringify(view)}; queue ${JSON.stringify(queue)}`,
      ),
      check('each fallback is announced with a warning naming the setting', silent.length === 0, `no warning for: ${silent.join(', ')}`),
    ],
    notes: [],
  };
}
