// The jobs store's cost refreshes against a scripted `window.courseStudio`: while a job runs,
// its cost (which events do not carry) is read by id at most every 2 s; when it finishes, at
// once, so the toast and the table agree on what it cost. (One scenario per file: the store
// is a module singleton.)
import { describe, expect, it, vi } from 'vitest';
import type { QueueState } from '../../../src/shared/domain';
import type { RunnerEvent } from '../../../src/shared/events';
import type { JobsSnapshot } from '../../../src/shared/ipc-contract';
import { events, job, idleQueue } from './job-fixtures';
import { useScriptedApi } from './scripted-api';

const queue: QueueState = idleQueue();
/** What the core would answer: the cost so far grows with every unit stored. */
let storedCost = 0;
let seq = 0;
const byIdReads: number[] = [];
let deliver: (batch: RunnerEvent[]) => void = () => undefined;

const fakeApi = {
  onRunnerEvents: (listener: (batch: RunnerEvent[]) => void) => {
    deliver = listener;
    return () => undefined;
  },
  appReady: async () => ({ ok: true, value: { seq: 0 } }),
  jobsSnapshot: async (input: { ids?: string[] }) => {
    const current = job({ id: 'a', status: 'generating_lessons', costUsd: storedCost, calls: Math.round(storedCost * 100) });
    if (input.ids) byIdReads.push(storedCost);
    return { ok: true, value: { seq, queue, jobs: [current], next: null, report: null } satisfies JobsSnapshot };
  },
};

function emit(...bodies: Parameters<typeof events>[1]) {
  const batch = events(seq + 1, bodies);
  seq += bodies.length;
  deliver(batch);
}

useScriptedApi(fakeApi);

describe('jobs store cost refreshes', () => {
  it('reads a running job’s cost at most every 2 s, and a finished job’s at once', async () => {
    const { useJobs } = await import('../../../src/renderer/store/jobs');
    useJobs.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(useJobs.getState().status).toBe('ready');

    // The first stored unit: read at once (nothing was read in the last 2 s).
    storedCost = 0.01;
    emit({ type: 'item.completed', jobId: 'a', step: 'lessons', item: 'project:0' });
    await vi.advanceTimersByTimeAsync(0);
    expect(byIdReads).toEqual([0.01]);

    // More units soon after: held back until 2 s have passed.
    storedCost = 0.05;
    emit({ type: 'item.completed', jobId: 'a', step: 'lessons', item: 'project:1' });
    await vi.advanceTimersByTimeAsync(500);
    expect(byIdReads).toEqual([0.01]);
    expect(useJobs.getState().data.jobs['a']?.costUsd).toBe(0.01);

    // The job finishes: its final cost is read now, not when the 2 s are up.
    storedCost = 0.12;
    emit({ type: 'job.completed', jobId: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(byIdReads).toEqual([0.01, 0.12]);
    expect(useJobs.getState().data.jobs['a']).toMatchObject({ status: 'completed', costUsd: 0.12 });

    // The throttled read it replaced does not come on top.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(byIdReads).toEqual([0.01, 0.12]);
  });
});
