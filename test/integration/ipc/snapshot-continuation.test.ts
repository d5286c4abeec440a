// Snapshot + sequence continuation, as a window does it: subscribe, app.ready, take
// jobs.snapshot mid-run, then apply only events with a higher seq. Driven by a real runner
// against the fake Anthropic server, through the per-window coalescer with real timers.
// The state rebuilt from events must equal a fresh snapshot, and the stream has no gaps.
import { afterEach, describe, expect, it } from 'vitest';
import { EventCoalescer } from '../../../src/main/ipc/event-coalescer';
import type { JobStatus, JobSummary } from '../../../src/shared/domain';
import type { RunnerEvent } from '../../../src/shared/events';
import type { JobsSnapshot } from '../../../src/shared/ipc-contract';
import { approvedCourse, startHarness, waitFor, type Harness } from './core-harness';

type Row = Pick<JobSummary, 'id' | 'status' | 'itemsCompleted' | 'itemsTotal' | 'failedStep' | 'errorMessage'>;

/** What a renderer can know from events alone, applied on top of a snapshot. */
function apply(rows: Map<string, Row>, event: RunnerEvent): void {
  if (event.type === 'queue.state' || event.type === 'run.report' || event.type === 'batches.changed') return;
  const row = rows.get(event.jobId);
  const set = (patch: Partial<Row>): void => {
    rows.set(event.jobId, { ...(row ?? blank(event.jobId)), ...patch });
  };
  switch (event.type) {
    case 'job.queued':
      return set({ status: 'queued', errorMessage: null });
    case 'job.started':
      return set({ status: event.status });
    case 'step.completed':
      if (event.step === 'lessons') set({ status: 'generating_tasks' });
      return;
    case 'step.started':
      if (event.step === 'finalize') set({ status: 'finalizing' });
      return;
    case 'progress':
      return set({ itemsCompleted: event.completed, itemsTotal: event.total });
    case 'job.completed':
      return set({ status: 'completed', failedStep: null, errorMessage: null });
    case 'job.failed':
      return set({ status: 'failed', failedStep: event.step, errorMessage: event.error });
    case 'job.cancelled':
      return set({ status: 'cancelled' });
    case 'job.paused':
      return set({ status: 'paused' });
    case 'job.deleted':
      rows.delete(event.jobId);
      return;
    default:
      return;
  }
}

const blank = (id: string): Row => ({ id, status: 'queued' as JobStatus, itemsCompleted: 0, itemsTotal: 0, failedStep: null, errorMessage: null });
const rowOf = (j: JobSummary): Row => ({
  id: j.id,
  status: j.status,
  itemsCompleted: j.itemsCompleted,
  itemsTotal: j.itemsTotal,
  failedStep: j.failedStep,
  errorMessage: j.errorMessage,
});
const sorted = (rows: Iterable<Row>) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** One renderer window: its own coalescer, its snapshot, the events it applied. */
class Window {
  readonly batches: { at: number; events: RunnerEvent[] }[] = [];
  rows = new Map<string, Row>();
  lastSeq = -1;
  gaps = 0;
  private readonly coalescer = new EventCoalescer({ send: (batch) => this.receive(batch) });
  private readonly unsubscribe: () => void;

  constructor(private readonly h: Harness) {
    this.unsubscribe = h.core.subscribe('runner.events', (events) => this.coalescer.push(events));
  }

  async open(): Promise<JobsSnapshot> {
    await this.h.core.dispatch('app.ready', {}, { onReady: () => this.coalescer.markReady() });
    const snapshot = await this.h.call('jobs.snapshot');
    this.rows = new Map(snapshot.jobs.map((j) => [j.id, rowOf(j)]));
    this.lastSeq = snapshot.seq;
    return snapshot;
  }

  private receive(batch: RunnerEvent[]): void {
    this.batches.push({ at: Date.now(), events: batch });
    for (const event of batch) {
      if (this.lastSeq < 0 || event.seq <= this.lastSeq) continue; // before the snapshot: already in it
      if (event.seq !== this.lastSeq + 1) this.gaps++;
      this.lastSeq = event.seq;
      apply(this.rows, event);
    }
  }

  close(): void {
    this.unsubscribe();
    this.coalescer.dispose();
  }
}

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('snapshot + sequence continuation', () => {
  it('a window that snapshots mid-run and applies later events ends equal to a final snapshot, without gaps', async () => {
    h = await startHarness({ latencyMs: 40 });
    await h.call('queue.setLimits', { jobs: 2, requests: 3 });
    const courses = [];
    for (let i = 0; i < 4; i++) courses.push(await approvedCourse(h, `Topic number ${i}`));
    // One job fails at its lessons step (a non-retryable error) so failures are covered too.
    h.fake.enqueueFault({ kind: 'auth' });

    const early = new Window(h);
    await early.open();
    const jobs = [];
    for (const c of courses.slice(0, 3)) jobs.push(await h.call('jobs.enqueue', { courseId: c.id }));

    // A second window joins while the jobs are running (a reload, say).
    await waitFor(() => h!.events['runner.events'].flat().filter((e) => e.type === 'item.completed').length >= 3, 20_000, 'units to land');
    const late = new Window(h);
    const mid = await late.open();
    expect(mid.jobs.some((j) => ['generating_lessons', 'generating_tasks', 'finalizing'].includes(j.status))).toBe(true);
    // More work after the snapshot: new job, and a retry of the failure once it happened.
    jobs.push(await h.call('jobs.enqueue', { courseId: courses[3]!.id }));
    await h.core.runner.waitUntilIdle();
    const failed = (await h.call('jobs.snapshot')).jobs.filter((j) => j.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.failedStep).not.toBeNull();
    await h.call('jobs.retry', { jobIds: [failed[0]!.id] });
    await waitFor(() => h!.events['runner.events'].flat().some((e) => e.type === 'job.completed' && e.jobId === failed[0]!.id), 20_000, 'the retry');
    await h.core.runner.waitUntilIdle();
    // The trailing batch goes out within one interval.
    await new Promise((r) => setTimeout(r, 250));

    const final = await h.call('jobs.snapshot');
    expect(final.jobs.map((j) => j.status).sort()).toEqual(['completed', 'completed', 'completed', 'completed']);
    for (const window of [early, late]) {
      expect(window.gaps).toBe(0);
      expect(window.lastSeq).toBe(final.seq);
      expect(sorted(window.rows.values())).toEqual(sorted(final.jobs.map(rowOf)));
    }
    // The late window really continued from its snapshot: it applied only events after it.
    expect(late.batches.flatMap((b) => b.events).some((e) => e.seq <= mid.seq)).toBe(false);

    // Every event delivered once, in order, and at most ~10 pushes a second.
    const seqs = early.batches.flatMap((b) => b.events.map((e) => e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const spacing = early.batches.slice(1).map((b, i) => b.at - early.batches[i]!.at);
    expect(Math.min(...spacing)).toBeGreaterThanOrEqual(95);
    early.close();
    late.close();
  });
});
