// The jobs store and economy batches (issue 14): when main says the batches changed (one was
// submitted, or ended), the unfinished economy jobs are read again by id — which batch they
// wait in and what they saved change without an event of their own — and no other job is.
// (One scenario per file: the store is a module singleton.)
import { describe, expect, it, vi } from 'vitest';
import type { RunnerEventBody } from '../../../src/shared/events';
import type { JobsSnapshot } from '../../../src/shared/ipc-contract';
import { touchesBatches } from '../../../src/renderer/store/batches';
import { events, idleQueue, job } from './job-fixtures';
import { useScriptedApi } from './scripted-api';

let seq = 0;
let waitingIn: string | null = null;
const byIdReads: string[][] = [];
let deliver: (batch: ReturnType<typeof events>) => void = () => undefined;

const jobsNow = () => [
  job({ id: 'eco', status: 'generating_lessons', economy: true, waitingInBatch: waitingIn, savedUsd: waitingIn ? 0 : 0.21 }),
  job({ id: 'done', status: 'completed', economy: true }),
  job({ id: 'std', status: 'generating_lessons' }),
];

useScriptedApi({
  onRunnerEvents: (listener: typeof deliver) => {
    deliver = listener;
    return () => undefined;
  },
  appReady: async () => ({ ok: true, value: { seq: 0 } }),
  jobsSnapshot: async (input: { ids?: string[] }) => {
    const all = jobsNow();
    if (input.ids) byIdReads.push([...input.ids].sort());
    const jobs = input.ids ? all.filter((j) => input.ids!.includes(j.id)) : all;
    return { ok: true, value: { seq, queue: idleQueue(), jobs, next: null, report: null } satisfies JobsSnapshot };
  },
});

/** The event main sends when batches change (typed loosely: it is newer than some trees' events). */
const batchesChanged = { type: 'batches.changed' } as unknown as RunnerEventBody;

function emit(...bodies: RunnerEventBody[]) {
  const batch = events(seq + 1, bodies);
  seq += bodies.length;
  deliver(batch);
}

describe('jobs store, economy batches', () => {
  it('reads the unfinished economy jobs again when batches change, and only those', async () => {
    const { useJobs } = await import('../../../src/renderer/store/jobs');
    useJobs.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(useJobs.getState().status).toBe('ready');
    expect(useJobs.getState().data.jobs['eco']?.waitingInBatch).toBeNull();

    // A batch was submitted with the job's units in it.
    waitingIn = 'batch-1';
    emit(batchesChanged);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(byIdReads).toEqual([['eco']]);
    expect(useJobs.getState().data.jobs['eco']).toMatchObject({ waitingInBatch: 'batch-1' });

    // It ended and its answers were stored: the job waits in none, and shows what it saved.
    waitingIn = null;
    emit(batchesChanged);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(byIdReads).toEqual([['eco'], ['eco']]);
    expect(useJobs.getState().data.jobs['eco']).toMatchObject({ waitingInBatch: null, savedUsd: 0.21 });
  });

  it('tells which runner events may change the batch list', () => {
    expect(touchesBatches(events(1, [batchesChanged]))).toBe(true);
    expect(touchesBatches(events(1, [{ type: 'job.cancelled', jobId: 'a' } as RunnerEventBody]))).toBe(true);
    expect(touchesBatches(events(1, [{ type: 'progress', jobId: 'a', completed: 1, total: 3 } as RunnerEventBody]))).toBe(false);
  });
});
