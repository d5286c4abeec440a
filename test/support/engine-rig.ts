// The setup every runner test file shares: a fresh fake Messages API per test, and engines
// pointed at it that are all closed after the test, whatever it left running. Call at the
// top level of a test file; read `rig.fake` inside tests (it is replaced for each one).
import { afterEach, beforeEach } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';
import { createEngine, type Engine, type EngineOptions } from './engine';

export interface EngineRig {
  readonly fake: FakeAnthropic;
  /** An engine on this test's fake (options as createEngine's, baseURL filled in). */
  engine(options?: Partial<EngineOptions>): Engine;
}

export function useEngineRig({ latencyMs = 5 }: { latencyMs?: number } = {}): EngineRig {
  let fake: FakeAnthropic | null = null;
  const engines: Engine[] = [];
  beforeEach(async () => {
    fake = await startFakeAnthropic({ latencyMs });
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close().catch(() => undefined)));
    await fake?.close();
    fake = null;
  });
  const current = (): FakeAnthropic => {
    if (!fake) throw new Error('rig.fake is only there inside a test');
    return fake;
  };
  return {
    get fake() {
      return current();
    },
    // An arrow, so `const engine = rig.engine` works unbound.
    engine: (options = {}) => {
      const e = createEngine({ baseURL: current().url, ...options });
      engines.push(e);
      return e;
    },
  };
}
