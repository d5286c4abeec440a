// The sync store against a scripted `window.courseStudio`: a change announced while a load
// is on its way is not lost in it (that load may have read before the change), and a failed
// load says so until one works. (The store is a module singleton: one scenario per file.)
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/shared/sync';
import { useScriptedApi } from './scripted-api';

const status = (pending: number): SyncStatus => ({
  configured: false,
  url: null,
  account: null,
  organization: null,
  worker: 'off',
  message: null,
  retryAt: null,
  counts: { pending, failed: 0, conflict: 0, synced: 0 },
  courses: [],
});

type Answer = { ok: true; value: SyncStatus } | { ok: false; error: { code: string; message: string } };
const calls: ((answer: Answer) => void)[] = [];
useScriptedApi({ syncStatus: () => new Promise<Answer>((resolve) => calls.push(resolve)) });

/** Lets the store's awaits run (timers are fake here; microtasks are not). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('sync store', () => {
  it('loads once more when asked during a load, and keeps the error of a failed load until one works', async () => {
    const { useSync } = await import('../../../src/renderer/store/sync');
    const first = useSync.getState().load();
    expect(useSync.getState().loading).toBe(true);
    const joined = useSync.getState().load();
    expect(calls).toHaveLength(1);

    calls[0]!({ ok: true, value: status(0) });
    await settle();
    expect(calls).toHaveLength(2);
    expect(useSync.getState().loading).toBe(true);
    calls[1]!({ ok: true, value: status(1) });
    await Promise.all([first, joined]);
    expect(useSync.getState()).toMatchObject({ status: { counts: { pending: 1 } }, loading: false, error: null });

    const failing = useSync.getState().load();
    calls[2]!({ ok: false, error: { code: 'failed', message: 'The database is busy.' } });
    await failing;
    expect(useSync.getState()).toMatchObject({ status: { counts: { pending: 1 } }, loading: false, error: 'The database is busy.' });

    const working = useSync.getState().load();
    calls[3]!({ ok: true, value: status(2) });
    await working;
    expect(useSync.getState()).toMatchObject({ status: { counts: { pending: 2 } }, error: null });
    expect(calls).toHaveLength(4);
  });
});
