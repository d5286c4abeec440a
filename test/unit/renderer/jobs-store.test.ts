// The jobs store against a scripted `window.courseStudio`: the first page shows at once, the
// older pages follow, and a page that fails is announced once and asked for again — the
// queue never stays half-read. (The store is a module singleton: one scenario per file.)
import { describe, expect, it, vi } from 'vitest';
import type { JobsSnapshot } from '../../../src/shared/ipc-contract';
import type { QueueState } from '../../../src/shared/domain';
import { job, idleQueue } from './job-fixtures';
import { useScriptedApi } from './scripted-api';

const queue: QueueState = idleQueue();
const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const newest = Array.from({ length: 100 }, (_, i) => job({ id: `n${String(i).padStart(3, '0')}`, createdAt: at(59), status: 'completed' }));
const older = [job({ id: 'o1', createdAt: at(10), status: 'failed' }), job({ id: 'o2', createdAt: at(9) })];

const requests: unknown[] = [];
let failNextPage = 1;
const fakeApi = {
  onRunnerEvents: () => () => undefined,
  appReady: async () => ({ ok: true, value: { seq: 0 } }),
  jobsSnapshot: async (input: { limit?: number; after?: unknown }) => {
    requests.push(input);
    if (input.after === undefined) return { ok: true, value: { seq: 0, queue, jobs: newest, next: { createdAt: at(59), id: 'n099' }, report: null } satisfies JobsSnapshot };
    if (failNextPage-- > 0) return { ok: false, error: { code: 'failed', message: 'The database is busy.' } };
    return { ok: true, value: { seq: 0, queue, jobs: older, next: null, report: null } satisfies JobsSnapshot };
  },
};

useScriptedApi(fakeApi);

describe('jobs store paging', () => {
  it('shows the first page, says once that an older page failed, asks again, and ends with every job in order', async () => {
    const { useJobs } = await import('../../../src/renderer/store/jobs');
    const { useToasts } = await import('../../../src/renderer/store/toasts');
    useJobs.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(useJobs.getState().status).toBe('ready');
    expect(useJobs.getState().data.order).toHaveLength(100);

    // The older page fails: one toast, nothing lost, still reading.
    await vi.advanceTimersByTimeAsync(10);
    expect(useToasts.getState().toasts.map((t) => t.title)).toEqual(['Could not read the older jobs']);
    expect(useJobs.getState().data.next).not.toBeNull();
    expect(useJobs.getState().data.order).toHaveLength(100);

    // A moment later it asks again and completes.
    await vi.advanceTimersByTimeAsync(3_000);
    const data = useJobs.getState().data;
    expect(data.next).toBeNull();
    expect(data.order.slice(-2)).toEqual(['o1', 'o2']);
    expect(data.order).toHaveLength(102);
    expect(requests).toEqual([{ limit: 100 }, { limit: 1_000, after: { createdAt: at(59), id: 'n099' } }, { limit: 1_000, after: { createdAt: at(59), id: 'n099' } }]);
    expect(useToasts.getState().toasts).toHaveLength(1);
  });
});
