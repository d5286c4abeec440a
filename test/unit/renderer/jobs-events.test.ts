import { describe, expect, it } from 'vitest';
import type { JobSummary, QueueState, RunReport } from '../../../src/shared/domain';
import type { JobsCursor, JobsSnapshot } from '../../../src/shared/ipc-contract';
import {
  applyBatch,
  describeTotals,
  finishedOnArrival,
  finishedSince,
  fromSnapshot,
  mergeRead,
  orderedJobs,
  queueTotals,
  SNAPSHOT_ONLY_FIELDS,
  upsertJob,
} from '../../../src/renderer/store/jobs-events';
import { events, job, idleQueue } from './job-fixtures';

const queue: QueueState = idleQueue();
const snapshot = (seq: number) => fromSnapshot({ seq, queue, next: null, report: null, jobs: [job({ id: 'b' }), job({ id: 'a', status: 'completed', itemsCompleted: 10 })] });

describe('applyBatch', () => {
  it('applies a contiguous batch: status, step, progress, in order', () => {
    const result = applyBatch(
      snapshot(10),
      events(11, [
        { type: 'job.started', jobId: 'b', status: 'generating_lessons' },
        { type: 'step.started', jobId: 'b', step: 'lessons' },
        { type: 'progress', jobId: 'b', completed: 3, total: 12, percent: 25 },
        { type: 'step.started', jobId: 'b', step: 'tasks' },
      ]),
    );
    expect(result.gap).toBe(false);
    const b = result.state.jobs.b!;
    expect(b.status).toBe('generating_tasks');
    expect(b.currentStep).toBe('tasks');
    expect([b.itemsCompleted, b.itemsTotal]).toEqual([3, 12]);
    expect(b.startedAt).toBe('2026-01-01T00:01:00.000Z');
    expect(result.state.seq).toBe(14);
  });

  it('skips events the snapshot already includes, so nothing is applied twice', () => {
    const state = snapshot(20);
    const result = applyBatch(
      state,
      events(19, [
        { type: 'progress', jobId: 'b', completed: 1, total: 10, percent: 10 },
        { type: 'progress', jobId: 'b', completed: 2, total: 10, percent: 20 },
        { type: 'progress', jobId: 'b', completed: 5, total: 10, percent: 50 },
      ]),
    );
    expect(result.gap).toBe(false);
    expect(result.state.jobs.b!.itemsCompleted).toBe(5);
    expect(result.state.seq).toBe(21);
    // Replaying the same batch changes nothing and returns the same state object.
    const again = applyBatch(result.state, events(19, [{ type: 'job.completed', jobId: 'b' }, { type: 'job.failed', jobId: 'b', error: 'x', step: null }]));
    expect(again.state).toBe(result.state);
    expect(again.notices).toEqual([]);
  });

  it('runs a job\'s duration clock only while it runs: stopped by failure, pause, a queue pause and completion', () => {
    let state = snapshot(10);
    const at = (seq: number, iso: string, body: Parameters<typeof events>[1][number]) => {
      state = applyBatch(state, events(seq, [body], iso)).state;
      return state.jobs.b!;
    };
    expect(at(11, '2026-01-01T00:00:00.000Z', { type: 'job.started', jobId: 'b', status: 'generating_lessons' })).toMatchObject({ activeMs: 0, runningSince: '2026-01-01T00:00:00.000Z' });
    expect(at(12, '2026-01-01T00:00:01.000Z', { type: 'job.failed', jobId: 'b', error: 'x', step: 'lessons' })).toMatchObject({ activeMs: 1_000, runningSince: null });
    at(13, '2026-01-01T00:05:00.000Z', { type: 'job.queued', jobId: 'b', courseId: 'course-b' });
    expect(at(14, '2026-01-01T00:05:01.000Z', { type: 'job.started', jobId: 'b', status: 'generating_lessons' })).toMatchObject({ runningSince: '2026-01-01T00:05:01.000Z', startedAt: '2026-01-01T00:00:00.000Z' });
    expect(at(15, '2026-01-01T00:05:05.000Z', { type: 'job.paused', jobId: 'b' })).toMatchObject({ activeMs: 5_000, runningSince: null });
    at(16, '2026-01-01T01:00:00.000Z', { type: 'job.started', jobId: 'b', status: 'generating_tasks' });
    // A queue pause hands the running job back to the queue: its stretch ends there too.
    expect(at(17, '2026-01-01T01:00:01.000Z', { type: 'job.queued', jobId: 'b', courseId: 'course-b' })).toMatchObject({ status: 'queued', activeMs: 6_000, runningSince: null });
    at(18, '2026-01-01T01:30:00.000Z', { type: 'job.started', jobId: 'b', status: 'generating_tasks' });
    expect(at(19, '2026-01-01T01:30:01.000Z', { type: 'job.completed', jobId: 'b' })).toMatchObject({ activeMs: 7_000, runningSince: null });
  });

  it('reads a paused job again (is it waiting for a review?) and forgets the review once it runs', () => {
    const reviewed = fromSnapshot({ seq: 0, queue, next: null, report: null, jobs: [job({ id: 'r', status: 'paused', stepwise: true, reviewStep: 'lessons' })] });
    const started = applyBatch(reviewed, events(1, [{ type: 'job.started', jobId: 'r', status: 'generating_tasks' }]));
    expect(started.state.jobs.r!.reviewStep).toBeNull();
    const paused = applyBatch(started.state, events(2, [{ type: 'job.paused', jobId: 'r' }]));
    expect(paused.stale).toEqual(['r']);
    // The re-read brings the stored answer, though the field is not an event's.
    const reread = mergeRead(paused.state, { seq: 2, queue, next: null, report: null, jobs: [job({ id: 'r', status: 'paused', stepwise: true, reviewStep: 'tasks' })] }, { page: false });
    expect(reread.state.jobs.r!.reviewStep).toBe('tasks');
  });

  it('reports a gap when a batch starts past seq + 1 and applies nothing from it', () => {
    const state = snapshot(10);
    const result = applyBatch(state, events(12, [{ type: 'job.completed', jobId: 'b' }]));
    expect(result.gap).toBe(true);
    expect(result.state).toBe(state);
  });

  it('turns completion and failure into notices with the course title, and marks cost as stale', () => {
    const result = applyBatch(
      fromSnapshot({ seq: 0, queue, next: null, report: null, jobs: [job({ id: 'x', courseTitle: 'Rust' }), job({ id: 'y', courseTitle: 'Go' })] }),
      events(1, [
        { type: 'job.completed', jobId: 'x' },
        { type: 'job.failed', jobId: 'y', error: 'Invalid API key', step: 'tasks' },
      ]),
    );
    expect(result.notices).toEqual([
      { kind: 'completed', jobId: 'x', title: 'Rust' },
      { kind: 'failed', jobId: 'y', title: 'Go', message: 'Invalid API key' },
    ]);
    expect(result.state.jobs.y).toMatchObject({ status: 'failed', errorMessage: 'Invalid API key', failedStep: 'tasks' });
    expect(result.stale.sort()).toEqual(['x', 'y']);
  });

  it('clears the failure when a failed job is queued again (retry)', () => {
    const state = fromSnapshot({ seq: 5, queue, next: null, report: null, jobs: [job({ id: 'f', status: 'failed', errorMessage: 'boom', failedStep: 'lessons', completedAt: '2026-01-01T00:00:30.000Z' })] });
    const result = applyBatch(state, events(6, [{ type: 'job.queued', jobId: 'f', courseId: 'course-f' }]));
    expect(result.state.jobs.f).toMatchObject({ status: 'queued', errorMessage: null, failedStep: null, completedAt: null });
    expect(result.unknown).toEqual([]);
  });

  it('lists jobs it does not know (queued elsewhere) instead of inventing rows', () => {
    const result = applyBatch(snapshot(0), events(1, [{ type: 'job.queued', jobId: 'new', courseId: 'c' }, { type: 'progress', jobId: 'new', completed: 1, total: 4, percent: 25 }]));
    expect(result.unknown).toEqual(['new']);
    expect(result.state.jobs.new).toBeUndefined();
    expect(result.state.seq).toBe(2);
  });

  it('removes deleted jobs from rows and order, and keeps queue state current', () => {
    const paused = { ...queue, paused: true };
    const result = applyBatch(snapshot(0), events(1, [{ type: 'job.deleted', jobId: 'a' }, { type: 'queue.state', state: paused }]));
    expect(orderedJobs(result.state).map((j) => j.id)).toEqual(['b']);
    expect(result.state.queue).toEqual(paused);
  });
});

describe('reading jobs after the first page', () => {
  const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
  const page = (seq: number, jobs: JobSummary[], next: JobsCursor | null = null): JobsSnapshot => ({ seq, queue, jobs, next, report: null });
  const first = () => fromSnapshot(page(10, [job({ id: 'j9', createdAt: at(9) }), job({ id: 'j8', createdAt: at(8) })], { createdAt: at(8), id: 'j8' }));

  it('appends an older page after what is held and takes its cursor; the last page ends the load', () => {
    const second = mergeRead(first(), page(12, [job({ id: 'j7', createdAt: at(7) }), job({ id: 'j6', createdAt: at(6) })], { createdAt: at(6), id: 'j6' }), { page: true });
    expect(second.state.order).toEqual(['j9', 'j8', 'j7', 'j6']);
    expect(second.state.next).toEqual({ createdAt: at(6), id: 'j6' });
    expect(second.reread).toEqual([]);
    const last = mergeRead(second.state, page(13, [job({ id: 'j5', createdAt: at(5) })]), { page: true });
    expect(last.state.order).toEqual(['j9', 'j8', 'j7', 'j6', 'j5']);
    expect(last.state.next).toBeNull();
  });

  it('places jobs read by id in list order (ties by id) and leaves the cursor alone', () => {
    const merged = mergeRead(first(), page(11, [job({ id: 'j10', createdAt: at(10) }), job({ id: 'j8b', createdAt: at(8) })]), { page: false });
    expect(merged.state.order).toEqual(['j10', 'j9', 'j8', 'j8b']);
    expect(merged.state.next).toEqual({ createdAt: at(8), id: 'j8' });
  });

  it('keeps a held job\'s event-driven fields and takes cost, tokens and title from a read', () => {
    const state = applyBatch(first(), events(11, [{ type: 'step.started', jobId: 'j9', step: 'lessons' }, { type: 'job.paused', jobId: 'j9' }])).state;
    // The stored row already names the next step; the window keeps the step it saw finish.
    const read = job({ id: 'j9', createdAt: at(9), status: 'paused', currentStep: 'tasks', costUsd: 0.5, courseTitle: 'Renamed' });
    const merged = mergeRead(state, page(13, [read]), { page: false }).state;
    expect(merged.jobs.j9).toMatchObject({ currentStep: 'lessons', status: 'paused', costUsd: 0.5, courseTitle: 'Renamed' });
  });

  it('a job first seen in a read then replays events its read already included: it ends where the read was, announced once', () => {
    const read = job({ id: 'j7', createdAt: at(7), status: 'failed', itemsCompleted: 4, errorMessage: 'Key rejected' });
    const merged = mergeRead(first(), page(14, [read]), { page: false });
    expect(finishedOnArrival(merged.added)).toEqual([{ kind: 'failed', jobId: 'j7', title: 'Course j7', message: 'Key rejected' }]);
    const replayed = applyBatch(merged.state, events(11, [{ type: 'progress', jobId: 'j7', completed: 4, total: 10, percent: 40 }, { type: 'job.failed', jobId: 'j7', error: 'Key rejected', step: 'tasks' }]));
    expect(replayed.state.jobs.j7).toMatchObject({ status: 'failed', itemsCompleted: 4 });
    expect(replayed.notices).toEqual([]);
    // A later run of the same job that fails again is news.
    const again = applyBatch(replayed.state, events(13, [{ type: 'job.queued', jobId: 'j7', courseId: 'c' }, { type: 'job.failed', jobId: 'j7', error: 'Again', step: 'tasks' }]));
    expect(again.notices).toEqual([{ kind: 'failed', jobId: 'j7', title: 'Course j7', message: 'Again' }]);
  });

  it('from a read older than the events applied, takes only the fields no event carries, and asks to read new jobs again', () => {
    const state = applyBatch(first(), events(11, [{ type: 'progress', jobId: 'j9', completed: 7, total: 10, percent: 70 }, { type: 'job.queued', jobId: 'x', courseId: 'c' }])).state;
    const stale = job({ id: 'j9', createdAt: at(9), itemsCompleted: 2, status: 'queued', costUsd: 0.42, calls: 9, usage: { input: 100, output: 50, cacheRead: 0, cacheWrite: 0 } });
    const merged = mergeRead(state, page(11, [stale, job({ id: 'x', createdAt: at(11) })]), { page: false });
    expect(merged.state.jobs.j9).toMatchObject({ itemsCompleted: 7, costUsd: 0.42, calls: 9 });
    expect(merged.state.jobs.j9!.usage.input).toBe(100);
    expect(merged.state.order[0]).toBe('x');
    expect(merged.reread).toEqual(['x']);
  });

  it('upserts a job the renderer enqueued in list order (newest on top), and replaces it in place later', () => {
    const added = upsertJob(first(), job({ id: 'n', createdAt: at(30) }));
    expect(added.order).toEqual(['n', 'j9', 'j8']);
    const replaced = upsertJob(added, job({ id: 'j9', createdAt: at(9), courseTitle: 'Renamed' }));
    expect(replaced.order).toEqual(['n', 'j9', 'j8']);
    expect(replaced.jobs.j9!.courseTitle).toBe('Renamed');
  });
});

describe('queueTotals', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');
  const totals = (jobs: JobSummary[]) => queueTotals(fromSnapshot({ seq: 0, queue, next: null, report: null, jobs }), now);

  it('counts running, waiting, paused, scheduled and failed jobs; units are the running ones only', () => {
    const t = totals([
      job({ id: '1', status: 'generating_lessons', itemsCompleted: 3, itemsTotal: 10 }),
      job({ id: '2', status: 'finalizing', itemsCompleted: 9, itemsTotal: 10 }),
      job({ id: '3', status: 'queued', itemsCompleted: 0, itemsTotal: 0 }),
      job({ id: '4', status: 'failed', itemsCompleted: 4, itemsTotal: 10 }),
      job({ id: '5', status: 'completed', itemsCompleted: 10, itemsTotal: 10 }),
      job({ id: '6', status: 'paused', itemsCompleted: 5, itemsTotal: 10 }),
      job({ id: '7', status: 'queued', itemsTotal: 0, runAfter: '2026-01-02T18:00:00.000Z' }),
      // Its start time has passed: it waits for a slot like any other queued job.
      job({ id: '8', status: 'queued', itemsTotal: 0, runAfter: '2026-01-01T11:00:00.000Z' }),
    ]);
    expect(t).toEqual({ running: 2, waiting: 2, paused: 1, scheduled: 1, retrying: 0, failed: 1, unitsDone: 12, unitsTotal: 20, nextStartAt: Date.parse('2026-01-02T18:00:00.000Z') });
    expect(describeTotals(t)).toBe('2 running · 12/20 units · 2 waiting · 1 paused · 1 scheduled');
  });

  it('a job scheduled for tomorrow is reported as scheduled, with no empty 0/0 units', () => {
    const t = totals([job({ id: 's', status: 'queued', itemsTotal: 0, runAfter: '2026-01-02T18:00:00.000Z' })]);
    expect(describeTotals(t)).toBe('1 scheduled');
    expect(t.unitsTotal).toBe(0);
  });

  it('the units are the running jobs\' alone: a retry waiting for a slot or a paused job adds nothing', () => {
    const t = totals([
      job({ id: 'r', status: 'generating_tasks', itemsCompleted: 6, itemsTotal: 12 }),
      job({ id: 'q', status: 'queued', itemsCompleted: 8, itemsTotal: 13, retryCount: 1 }),
      job({ id: 'p', status: 'paused', itemsCompleted: 3, itemsTotal: 13 }),
    ]);
    expect(describeTotals(t)).toBe('1 running · 6/12 units · 1 waiting · 1 paused');
  });

  it('a job waiting for an automatic retry is pending work, not a scheduled start', () => {
    const t = totals([job({ id: 'a', status: 'queued', autoRetries: 1, runAfter: '2026-01-01T12:10:00.000Z', retryReason: 'overloaded' })]);
    expect(t).toMatchObject({ retrying: 1, scheduled: 0, waiting: 0, nextStartAt: Date.parse('2026-01-01T12:10:00.000Z') });
    expect(describeTotals(t)).toBe('1 retry pending');
  });

  it('reads "Idle" with nothing active, and leaves out zero counts', () => {
    expect(describeTotals(totals([job({ id: 'f', status: 'failed' }), job({ id: 'c', status: 'completed' })]))).toBe('Idle');
    expect(describeTotals(totals([job({ id: 'w', status: 'queued', itemsTotal: 0 })]))).toBe('1 waiting');
  });
});

describe('finishedSince', () => {
  it('announces jobs that finished between two snapshots, including ones first seen finished', () => {
    const before = fromSnapshot({ seq: 1, queue, next: null, report: null, jobs: [job({ id: 'r', status: 'generating_tasks', courseTitle: 'Rust' }), job({ id: 'd', status: 'completed' })] });
    const after = fromSnapshot({
      seq: 9,
      queue,
      next: null,
      report: null,
      jobs: [
        job({ id: 'n', status: 'failed', courseTitle: 'New', errorMessage: 'Key rejected' }),
        job({ id: 'r', status: 'completed', courseTitle: 'Rust' }),
        job({ id: 'd', status: 'completed' }),
      ],
    });
    expect(finishedSince(before, after)).toEqual([
      { kind: 'failed', jobId: 'n', title: 'New', message: 'Key rejected' },
      { kind: 'completed', jobId: 'r', title: 'Rust' },
    ]);
    expect(finishedSince(after, after)).toEqual([]);
  });
});

describe('automatic retries and the morning report', () => {
  const report = (id: number): RunReport => ({
    id,
    source: 'app',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T01:00:00.000Z',
    completed: [{ jobId: 'a', courseTitle: 'Course a' }],
    failed: [],
    autoRetries: 0,
    waited: { providerMs: 0, networkMs: 0, rateLimitMs: 0 },
    rateLimited: 0,
    calls: 3,
    usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
    costUsd: 0.01,
    savedUsd: 0,
  });

  it('reads an automatic retry’s count and reason from a re-read, after its job.queued marked the job stale', () => {
    const running = fromSnapshot({ seq: 1, queue, next: null, report: null, jobs: [job({ id: 'r', status: 'generating_tasks', runningSince: '2026-01-01T00:00:00.000Z' })] });
    const queued = applyBatch(running, events(2, [{ type: 'job.queued', jobId: 'r', courseId: 'course-r' }]));
    expect(queued.stale).toEqual(['r']);
    expect(queued.state.jobs['r']).toMatchObject({ status: 'queued', autoRetries: 0, retryReason: null });
    const read = job({ id: 'r', status: 'queued', autoRetries: 2, retryReason: 'Claude API overloaded (529)', runAfter: '2026-01-01T00:12:00.000Z' });
    const merged = mergeRead(queued.state, { seq: 2, queue, next: null, report: null, jobs: [read] }, { page: false });
    expect(merged.state.jobs['r']).toMatchObject({ status: 'queued', autoRetries: 2, retryReason: 'Claude API overloaded (529)', runAfter: '2026-01-01T00:12:00.000Z' });
    expect(SNAPSHOT_ONLY_FIELDS).toEqual(expect.arrayContaining(['autoRetries', 'retryReason', 'runAfter']));
  });

  it('keeps the snapshot’s report, and takes a later one from a run.report event', () => {
    const state = fromSnapshot({ seq: 4, queue, next: null, report: report(1), jobs: [] });
    expect(state.report?.id).toBe(1);
    const result = applyBatch(state, events(5, [{ type: 'run.report', report: report(2) }]));
    expect(result.state.report?.id).toBe(2);
    expect(result.state.seq).toBe(5);
    // A read that overtook the event does not bring the older report back.
    const merged = mergeRead(result.state, { seq: 4, queue, next: null, report: report(1), jobs: [] }, { page: false });
    expect(merged.state.report?.id).toBe(2);
    // A newer one read (another window's run, the CLI's) is taken.
    expect(mergeRead(result.state, { seq: 9, queue, next: null, report: report(3), jobs: [] }, { page: false }).state.report?.id).toBe(3);
  });

  it('starts with no report, and a replayed run.report changes nothing', () => {
    expect(fromSnapshot({ seq: 0, queue, next: null, report: null, jobs: [] }).report).toBeNull();
    const state = fromSnapshot({ seq: 5, queue, next: null, report: report(2), jobs: [] });
    expect(applyBatch(state, events(5, [{ type: 'run.report', report: report(2) }])).state).toBe(state);
  });
});
