// At start-up the older pages of jobs wait for the window's first paint (main.tsx opens the
// gate after the first frame): a page of 1,000 jobs landing between the first commit and its
// paint would hold that paint back. (The store is a module singleton: one scenario per file.)
import { expect, it, vi } from 'vitest';
import type { QueueState } from '../../../src/shared/domain';
import type { JobsSnapshot } from '../../../src/shared/ipc-contract';
import { job, idleQueue } from './job-fixtures';
import { useScriptedApi } from './scripted-api';

const queue: QueueState = idleQueue();
const first = Array.from({ length: 100 }, (_, i) => job({ id: `n${String(i).padStart(3, '0')}`, createdAt: '2026-01-01T00:59:00.000Z' }));
const older = [job({ id: 'o1', createdAt: '2026-01-01T00:10:00.000Z' })];
const requests: unknown[] = [];

useScriptedApi({
  onRunnerEvents: () => () => undefined,
  appReady: async () => ({ ok: true, value: { seq: 0 } }),
  jobsSnapshot: async (input: { limit?: number; after?: unknown }) => {
    requests.push(input);
    const page: JobsSnapshot =
      input.after === undefined ? { seq: 0, queue, jobs: first, next: { createdAt: '2026-01-01T00:59:00.000Z', id: 'n099' }, report: null } : { seq: 0, queue, jobs: older, next: null, report: null };
    return { ok: true, value: page };
  },
});

it('reads the older pages only once the first paint is done', async () => {
  const { readOlderJobsAfter, useJobs } = await import('../../../src/renderer/store/jobs');
  let painted = () => {};
  readOlderJobsAfter(new Promise<void>((resolve) => (painted = resolve)));
  useJobs.getState().start();
  await vi.advanceTimersByTimeAsync(100);
  expect(useJobs.getState().status).toBe('ready');
  expect(useJobs.getState().data.order).toHaveLength(100);
  expect(requests).toEqual([{ limit: 100 }]);

  painted();
  await vi.advanceTimersByTimeAsync(10);
  expect(requests).toHaveLength(2);
  expect(useJobs.getState().data.order).toEqual([...first.map((j) => j.id), 'o1']);
  expect(useJobs.getState().data.next).toBeNull();
});
