// The runner against the fake Messages API over real HTTP: parallelism, resume, cancel,
// retry from the failed step, pause, priorities, retry-after, and clear failures.
import { describe, expect, it } from 'vitest';
import { callKind, countTree, promptOf, seedApprovedCourse, tempDbPath, until } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 5 });
const engine = rig.engine;



describe('runner', () => {
  it('generates a whole course: every lesson and task once, then the summary', async () => {
    const e = engine();
    const courseId = seedApprovedCourse(e.store, 'Gardening', 3, 2);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();

    const summary = e.store.jobs.summary(job.id)!;
    expect(summary.status).toBe('completed');
    expect(summary.itemsCompleted).toBe(summary.itemsTotal);
    expect(summary.itemsTotal).toBe(3 + 6 + 1);
    expect(countTree(e.store, courseId)).toEqual({ projects: 3, lessons: 6, tasks: expect.any(Number), summary: true });
    expect(countTree(e.store, courseId).tasks).toBeGreaterThanOrEqual(12);
    expect(e.store.courses.get(courseId)!.status).toBe('generated');
    // One request per unit: 3 lessons calls, 6 tasks calls, 1 finalize.
    expect(rig.fake.requests.map((r) => callKind(r.body)).sort()).toEqual(
      [...Array(3).fill('lessons'), ...Array(6).fill('tasks'), 'finalize'].sort(),
    );
    expect(summary.calls).toBe(10);
    expect(summary.usage.output).toBeGreaterThan(0);
    expect(summary.costUsd).toBeGreaterThan(0);
    // The shared outline context is cached: later calls read it from the prompt cache.
    expect(summary.usage.cacheRead).toBeGreaterThan(0);
    const types = e.events.filter((ev) => 'jobId' in ev && ev.jobId === job.id).map((ev) => ev.type);
    expect(types).toContain('job.started');
    expect(types).toContain('step.completed');
    expect(types.at(-1)).toBe('job.completed');
    const seqs = e.events.map((ev) => ev.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('overlaps a job’s lesson calls under the request limit (6 slots)', async () => {
    const e = engine({ limits: { jobs: 1, requests: 6 } });
    const courseId = seedApprovedCourse(e.store, 'Parallel', 6, 2);
    // Held until all six are there: they can only all arrive if they were sent together.
    // Halfway through their answers, after the headers: until it has seen a first answer's
    // headers the gateway sends one request at a time (slow start, provider-health.ts).
    const held = rig.fake.hold((body) => callKind(body) === 'lessons', { midStream: true });
    e.runner.enqueue(courseId);
    e.runner.start();
    await rig.fake.untilHeld(6, held);
    rig.fake.release(held);
    await e.runner.waitUntilIdle();
    expect(rig.fake.requests.filter((r) => callKind(r.body) === 'lessons')).toHaveLength(6);
    expect(rig.fake.peakConcurrency()).toBe(6);
  });

  it('never exceeds the request limit across jobs, and the limit can change while running', async () => {
    rig.fake.setLatency(40);
    const e = engine({ limits: { jobs: 3, requests: 2 } });
    for (let i = 0; i < 3; i++) e.runner.enqueue(seedApprovedCourse(e.store, `Limit ${i}`, 3, 2));
    e.runner.start();
    await until(() => rig.fake.requests.length >= 6);
    expect(rig.fake.peakConcurrency()).toBeLessThanOrEqual(2);
    e.runner.setLimits({ requests: 5 });
    await e.runner.waitUntilIdle();
    expect(rig.fake.peakConcurrency()).toBeGreaterThan(2);
    expect(rig.fake.peakConcurrency()).toBeLessThanOrEqual(5);
  });

  it('runs at most `jobs` jobs at once and claims by priority, then age', async () => {
    const e = engine({ limits: { jobs: 1, requests: 6 } });
    const low = e.runner.enqueue(seedApprovedCourse(e.store, 'Low', 3, 1));
    const high = e.runner.enqueue(seedApprovedCourse(e.store, 'High', 3, 1), { priority: 5 });
    const mid = e.runner.enqueue(seedApprovedCourse(e.store, 'Mid', 3, 1), { priority: 1 });
    const order: string[] = [];
    e.runner.subscribe((ev) => ev.type === 'job.started' && order.push(ev.jobId));
    let maxRunning = 0;
    e.runner.subscribe(() => (maxRunning = Math.max(maxRunning, e.runner.activeJobIds.length)));
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(order).toEqual([high.id, mid.id, low.id]);
    expect(maxRunning).toBe(1);
  });

  it('does not start a job before its scheduled time', async () => {
    const e = engine();
    const job = e.runner.enqueue(seedApprovedCourse(e.store, 'Later', 3, 1), { runAfter: Date.now() + 400 });
    e.runner.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(e.store.jobs.get(job.id)!.status).toBe('queued');
    expect(rig.fake.requests).toHaveLength(0);
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');
    expect(Math.min(...rig.fake.requests.map((r) => r.receivedAt))).toBeGreaterThanOrEqual(Date.parse(e.store.jobs.summary(job.id)!.runAfter!));
  });

  it('cancels a running job within a second, aborting in-flight requests and keeping what was stored', async () => {
    const e = engine();
    const courseId = seedApprovedCourse(e.store, 'Cancel me', 4, 2);
    // The lessons land; the tasks calls are held, so the job is surely running with calls in flight.
    const tasks = rig.fake.hold((body) => callKind(body) === 'tasks');
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await rig.fake.untilHeld(1, tasks);
    expect(e.store.jobs.get(job.id)!.items_completed).toBeGreaterThanOrEqual(1);
    const keptBefore = countTree(e.store, courseId);
    const asked = Date.now();
    e.runner.cancel(job.id);
    await until(() => e.store.jobs.get(job.id)!.status === 'cancelled', 1_000, 'cancelled status');
    expect(Date.now() - asked).toBeLessThan(1_000);
    await until(() => rig.fake.inFlight() === 0, 1_000, 'in-flight requests aborted');
    expect(countTree(e.store, courseId).lessons).toBeGreaterThanOrEqual(keptBefore.lessons);
    expect(e.store.courses.get(courseId)!.status).toBe('cancelled');
    expect(e.store.logs.list(job.id).some((l) => /Cancelled/.test(l.message))).toBe(true);
  });

  it('fails fast with a clear message on a rejected API key, and retries from the failed step', async () => {
    rig.fake.setApiKeys(['the-right-key']);
    const e = engine();
    const courseId = seedApprovedCourse(e.store, 'Keys', 3, 1);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();
    const failed = e.store.jobs.summary(job.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.failedStep).toBe('lessons');
    expect(failed.errorMessage).toMatch(/API key was rejected/);
    // Non-retryable: one attempt per unit that started, never four.
    expect(rig.fake.requests.length).toBeLessThanOrEqual(3);
    expect(e.store.logs.list(job.id, { levels: ['error'] })[0]!.message).toMatch(/API key/);
  });

  it('retry continues from the failed step without repeating stored units', async () => {
    const e = engine({ policy: { baseDelayMs: 5, maxDelayMs: 10, maxRetries: 0 } });
    const courseId = seedApprovedCourse(e.store, 'Retry', 3, 2);
    // Every tasks call for lesson 2.1 fails hard once (a 400), so the job fails in the tasks step.
    rig.fake.enqueueFault({ kind: 'bad_request' }, (body) => promptOf(body).startsWith('Write the tasks for lesson 2.1'));
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();
    const failed = e.store.jobs.summary(job.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.failedStep).toBe('tasks');
    const requestsBefore = rig.fake.requests.length;
    const lessonCallsBefore = rig.fake.requests.filter((r) => callKind(r.body) === 'lessons').length;
    expect(lessonCallsBefore).toBe(3);

    e.runner.retry(job.id);
    await e.runner.waitUntilIdle();
    const done = e.store.jobs.summary(job.id)!;
    expect(done.status).toBe('completed');
    expect(done.retryCount).toBe(1);
    const after = rig.fake.requests.slice(requestsBefore);
    // No lessons regenerated; only the missing tasks and the summary.
    expect(after.filter((r) => callKind(r.body) === 'lessons')).toHaveLength(0);
    expect(after.filter((r) => callKind(r.body) === 'tasks').length).toBeGreaterThanOrEqual(1);
    expect(after.filter((r) => callKind(r.body) === 'finalize')).toHaveLength(1);
    // Each unit has exactly one successful call in the store's ledger.
    for (let p = 0; p < 3; p++) expect(e.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
    expect(countTree(e.store, courseId)).toMatchObject({ projects: 3, lessons: 6, summary: true });
  });

  it('retries malformed model output with the validation error fed back, then fails clearly', async () => {
    const e = engine();
    const courseId = seedApprovedCourse(e.store, 'Malformed', 3, 1);
    const firstProject = (body: any) => callKind(body) === 'lessons' && promptOf(body).includes('of project 1:');
    for (let i = 0; i < 4; i++) rig.fake.enqueueFault({ kind: 'malformed_tool_input' }, firstProject);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();
    const failed = e.store.jobs.summary(job.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/did not match the expected format after 4 attempts/);
    const attempts = rig.fake.requests.filter((r) => firstProject(r.body));
    expect(attempts).toHaveLength(4);
    // The second attempt carries the previous answer and the validation error.
    expect(JSON.stringify(attempts[1]!.body.messages)).toMatch(/did not match the schema/);
  });

  it('honours retry-after: no request is sent before it elapses, and the whole runner slows down', async () => {
    // One request slot, so nothing else is already on the wire when the 429 arrives: every
    // later request, whichever unit it is for, must wait out the retry-after.
    const e = engine({ limits: { jobs: 1, requests: 1 } });
    e.runner.enqueue(seedApprovedCourse(e.store, 'Throttled', 3, 1));
    rig.fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 1 });
    e.runner.start();
    await e.runner.waitUntilIdle();
    const limited = rig.fake.requests.find((r) => r.fault === 'rate_limit')!;
    const later = rig.fake.requests.filter((r) => r.receivedAt > limited.finishedAt!);
    expect(later.length).toBeGreaterThan(0);
    // Every request that started after the 429 waited out the retry-after (1 s), not just the one that got it.
    for (const r of later) expect(r.receivedAt - limited.finishedAt!).toBeGreaterThanOrEqual(950);
  });

  it('pauses and resumes the queue; in-flight units land and are kept', async () => {
    rig.fake.setLatency(100);
    const e = engine({ limits: { jobs: 1, requests: 2 } });
    const courseId = seedApprovedCourse(e.store, 'Pausing', 4, 2);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await until(() => rig.fake.requests.length >= 1);
    e.runner.pause();
    await until(() => e.runner.activeJobIds.length === 0, 3_000, 'running job to yield');
    const atPause = rig.fake.requests.length;
    const row = e.store.jobs.get(job.id)!;
    expect(row.lease_owner).toBeNull();
    expect(e.runner.queueState().paused).toBe(true);
    // The job waits in the queue, not paused itself: the event says what is stored.
    expect(row.status).toBe('queued');
    expect(e.runner.snapshot().jobs.find((j) => j.id === job.id)!.status).toBe('queued');
    const lifecycle = e.events.filter((ev) => ev.type.startsWith('job.') && 'jobId' in ev && ev.jobId === job.id).map((ev) => ev.type);
    expect(lifecycle).toEqual(['job.queued', 'job.started', 'job.queued']);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.fake.requests.length).toBe(atPause);
    e.runner.resume();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 8, summary: true });
  });

  it('a queue pause, resume or limit change the store cannot write changes nothing: the queue runs as stored', async () => {
    const e = engine({ limits: { jobs: 2, requests: 3 } });
    const courseId = seedApprovedCourse(e.store, 'Read-only', 3, 1);
    const job = e.runner.enqueue(courseId);
    // What a read-only file or folder does to every write from here on.
    e.store.db.pragma('query_only = 1');
    expect(() => e.runner.pause()).toThrow(/readonly/);
    expect(() => e.runner.setLimits({ jobs: 1, requests: 1 })).toThrow(/readonly/);
    expect(e.runner.queueState()).toMatchObject({ paused: false, limits: { jobs: 2, requests: 3 } });
    expect(e.gateway.requestLimit).toBe(3);
    expect(e.events.some((ev) => ev.type === 'queue.state' && ev.state.paused)).toBe(false);
    e.store.db.pragma('query_only = 0');
    // The queue was never paused, so the job runs once the file can be written again.
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');

    e.runner.pause();
    e.store.db.pragma('query_only = 1');
    expect(() => e.runner.resume()).toThrow(/readonly/);
    expect(e.runner.queueState().paused).toBe(true);
    e.store.db.pragma('query_only = 0');
    e.runner.resume();
    expect(e.runner.queueState().paused).toBe(false);
  });

  it('deleting an unfinished job leaves its course cancelled, with what was generated kept, and queueable again', async () => {
    const e = engine();
    const courseId = seedApprovedCourse(e.store, 'Half done', 3, 2);
    const job = e.runner.enqueue(courseId, { stepwise: true });
    e.runner.start();
    await until(() => e.store.jobs.get(job.id)!.status === 'paused', 10_000, 'the pause after lessons');
    expect(e.store.courses.get(courseId)!.status).toBe('generating');
    e.runner.deleteJob(job.id);
    expect(e.store.courses.get(courseId)!.status).toBe('cancelled');
    expect(countTree(e.store, courseId).lessons).toBe(6);
    const again = e.runner.enqueue(courseId);
    await until(() => e.store.jobs.get(again.id)!.status === 'completed', 10_000, 'the new job to finish');
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, summary: true });
  });

  it('a stepwise job pauses after lessons and after tasks for review', async () => {
    const e = engine();
    const courseId = seedApprovedCourse(e.store, 'Stepwise', 3, 1);
    const job = e.runner.enqueue(courseId, { stepwise: true });
    e.runner.start();
    await until(() => e.store.jobs.get(job.id)!.status === 'paused');
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 3, tasks: 0, summary: false });
    e.runner.resumeJob(job.id);
    await until(() => e.store.jobs.get(job.id)!.status === 'paused' && countTree(e.store, courseId).tasks > 0);
    expect(countTree(e.store, courseId).summary).toBe(false);
    e.runner.resumeJob(job.id);
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  });

  it('a stepwise job paused for review stores the step it paused after, and continues from there after a restart', async () => {
    const path = tempDbPath();
    let e = engine({ dbPath: path });
    const courseId = seedApprovedCourse(e.store, 'Stored step', 3, 2);
    const job = e.runner.enqueue(courseId, { stepwise: true });
    e.runner.start();
    await until(() => e.store.jobs.get(job.id)!.status === 'paused', 10_000, 'the pause after lessons');
    // What any freshly opened window reads: the lessons wait for review, not the tasks.
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'lessons' });
    await e.close();

    e = engine({ dbPath: path });
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'lessons' });
    // The step being continued is stored from the moment the job starts again.
    const stepAtStart: (string | null)[] = [];
    e.runner.subscribe((ev) => {
      if (ev.type === 'job.started' && ev.jobId === job.id) stepAtStart.push(e.store.jobs.summary(job.id)!.currentStep);
    });
    const lessonCalls = rig.fake.requests.filter((r) => callKind(r.body) === 'lessons').length;
    e.runner.start();
    e.runner.resumeJob(job.id);
    await until(() => e.store.jobs.get(job.id)!.status === 'paused' && countTree(e.store, courseId).tasks > 0, 10_000, 'the pause after tasks');
    expect(stepAtStart).toEqual(['tasks']);
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'tasks' });
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, summary: false });
    expect(rig.fake.requests.filter((r) => callKind(r.body) === 'lessons')).toHaveLength(lessonCalls);

    e.runner.resumeJob(job.id);
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'completed', currentStep: 'finalize' });
    expect(countTree(e.store, courseId).summary).toBe(true);
  });

  it('a queue pause landing during the last lesson calls still stops a stepwise job for the lessons review', async () => {
    const e = engine({ limits: { jobs: 1, requests: 6 } });
    const courseId = seedApprovedCourse(e.store, 'Review kept', 3, 2);
    // Held halfway, after the headers that end the gateway's slow start (one request at a time before).
    const lessons = rig.fake.hold((body) => callKind(body) === 'lessons', { midStream: true });
    const job = e.runner.enqueue(courseId, { stepwise: true });
    e.runner.start();
    await rig.fake.untilHeld(3, lessons);
    e.runner.pause();
    rig.fake.release(lessons);
    await until(() => e.runner.activeJobIds.length === 0, 5_000, 'the job to be given back');
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'lessons', leaseOwner: null });
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, tasks: 0 });
    expect(e.store.logs.list(job.id).at(-1)!.message).toBe('The lessons are ready for review; continue to generate tasks');

    // Resuming the queue does not resume the review: nothing runs until Continue.
    e.runner.resume();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('paused');
    expect(rig.fake.requests.filter((r) => callKind(r.body) === 'tasks')).toHaveLength(0);

    e.runner.resumeJob(job.id);
    await until(() => e.store.jobs.get(job.id)!.status === 'paused' && countTree(e.store, courseId).tasks > 0, 10_000, 'the pause after tasks');
    expect(e.store.jobs.summary(job.id)).toMatchObject({ currentStep: 'tasks' });
    expect(countTree(e.store, courseId).summary).toBe(false);
  });

  it('a queue pause landing during the last task calls still stops a stepwise job for the tasks review', async () => {
    const e = engine({ limits: { jobs: 1, requests: 6 } });
    const courseId = seedApprovedCourse(e.store, 'Tasks review kept', 3, 2);
    const job = e.runner.enqueue(courseId, { stepwise: true });
    e.runner.start();
    await until(() => e.store.jobs.get(job.id)!.status === 'paused', 10_000, 'the pause after lessons');
    const tasks = rig.fake.hold((body) => callKind(body) === 'tasks');
    e.runner.resumeJob(job.id);
    await rig.fake.untilHeld(6, tasks);
    e.runner.pause();
    rig.fake.release(tasks);
    await until(() => e.runner.activeJobIds.length === 0, 5_000, 'the job to be given back');
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'tasks' });
    expect(countTree(e.store, courseId).summary).toBe(false);

    e.runner.resume();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('paused');
    expect(rig.fake.requests.filter((r) => callKind(r.body) === 'finalize')).toHaveLength(0);

    e.runner.resumeJob(job.id);
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');
    expect(rig.fake.requests.filter((r) => callKind(r.body) === 'finalize')).toHaveLength(1);
  });

  it('a stepwise job continued after its lessons review and stopped by a quit mid-tasks goes on with its tasks after a restart', async () => {
    const dbPath = tempDbPath();
    const first = engine({ dbPath, limits: { jobs: 1, requests: 2 } });
    const courseId = seedApprovedCourse(first.store, 'Quit mid-tasks', 3, 2);
    const job = first.runner.enqueue(courseId, { stepwise: true });
    first.runner.start();
    await until(() => first.store.jobs.get(job.id)!.status === 'paused', 10_000, 'the pause after lessons');
    rig.fake.setLatency(100);
    first.runner.resumeJob(job.id);
    await until(() => countTree(first.store, courseId).tasks > 0, 10_000, 'some tasks');
    await first.close();

    const e = engine({ dbPath });
    e.runner.start();
    await e.runner.waitUntilIdle();
    // The review already passed is not asked for again: it stops only once the tasks are all written.
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'tasks' });
    const tree = e.store.courses.tree(courseId)!;
    expect(tree.projects.flatMap((p) => p.lessons).every((l) => l.tasks.length > 0)).toBe(true);
    expect(tree.summary).toBeNull();
  });

  it('a stepwise job whose runner died after its last lessons were stored, before it paused, stops for their review when taken back', async () => {
    const dbPath = tempDbPath();
    const first = engine({ dbPath });
    const courseId = seedApprovedCourse(first.store, 'Died at review', 3, 2);
    const job = first.runner.enqueue(courseId, { stepwise: true });
    first.runner.start();
    await until(() => first.store.jobs.get(job.id)!.status === 'paused', 10_000, 'the pause after lessons');
    await first.close();
    // What a runner killed between storing the last lessons and recording the pause leaves behind.
    const e = engine({ dbPath });
    e.store.db.prepare(`UPDATE jobs SET status = 'generating_lessons', lease_owner = 'elsewhere/1/dead', lease_expires_at = 0 WHERE id = ?`).run(job.id);
    const calls = rig.fake.requests.length;
    e.runner.start();
    await until(() => e.store.jobs.get(job.id)!.status === 'paused', 10_000, 'the pause for review');
    await e.runner.waitUntilIdle();
    expect(rig.fake.requests).toHaveLength(calls);
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'paused', currentStep: 'lessons', leaseOwner: null });
    expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, tasks: 0 });
  });
});

describe('two runners on one database file', () => {
  it('never run the same job, and together finish everything once', async () => {
    rig.fake.setLatency(20);
    const dbPath = tempDbPath();
    const a = engine({ dbPath, limits: { jobs: 2, requests: 4 } });
    const b = engine({ dbPath, limits: { jobs: 2, requests: 4 } });
    const courseIds = Array.from({ length: 6 }, (_, i) => seedApprovedCourse(a.store, `Shared ${i}`, 3, 1));
    for (const id of courseIds) a.runner.enqueue(id);
    const startedBy = new Map<string, string[]>();
    for (const [name, e] of [['a', a], ['b', b]] as const) {
      e.runner.subscribe((ev) => ev.type === 'job.started' && startedBy.set(ev.jobId, [...(startedBy.get(ev.jobId) ?? []), name]));
    }
    a.runner.start();
    b.runner.start();
    await Promise.all([a.runner.waitUntilIdle(), b.runner.waitUntilIdle()]);
    await until(() => a.store.jobs.list().every((j) => j.status === 'completed'), 10_000, 'all completed');
    expect([...startedBy.values()].every((who) => who.length === 1)).toBe(true);
    expect(new Set([...startedBy.values()].flat())).toEqual(new Set(['a', 'b']));
    for (const id of courseIds) {
      expect(countTree(a.store, id)).toMatchObject({ projects: 3, lessons: 3, summary: true });
      for (let p = 0; p < 3; p++) expect(a.store.calls.successfulCalls(id, 'lessons', `project:${p}`)).toBe(1);
    }
  });

  it('refuses to delete a job the other runner is running; the job finishes there undisturbed', async () => {
    rig.fake.setLatency(200);
    const dbPath = tempDbPath();
    const a = engine({ dbPath, limits: { jobs: 1, requests: 2 } });
    const b = engine({ dbPath });
    const courseId = seedApprovedCourse(a.store, 'Held elsewhere', 3, 1);
    const job = a.runner.enqueue(courseId);
    a.runner.start();
    await until(() => rig.fake.requests.length >= 1, 5_000, 'the job to start in a');
    expect(() => b.runner.deleteJob(job.id)).toThrow(
      'This job is running in another Course Studio window or in the command line. Cancel it first, then delete it.',
    );
    expect(b.store.jobs.get(job.id)).not.toBeNull();
    await a.runner.waitUntilIdle();
    expect(a.store.jobs.get(job.id)!.status).toBe('completed');
    expect(a.store.courses.get(courseId)!.status).toBe('generated');
    // Finished, it is no one's to hold: either window may delete it.
    b.runner.deleteJob(job.id);
    expect(a.store.jobs.get(job.id)).toBeNull();
  });

  it('takes over a job whose runner died once its lease expires, without repeating stored units', async () => {
    rig.fake.setLatency(30);
    const dbPath = tempDbPath();
    const a = engine({ dbPath, leaseMs: 400, limits: { jobs: 1, requests: 2 } });
    const courseId = seedApprovedCourse(a.store, 'Takeover', 4, 2);
    const job = a.runner.enqueue(courseId);
    a.runner.start();
    await until(() => a.store.jobs.get(job.id)!.items_completed >= 3);
    // Simulate a crash: stop without releasing the lease (rows left as a killed process leaves them).
    await a.runner.stop({ release: false });
    const stored = countTree(a.store, courseId);
    const b = engine({ dbPath, leaseMs: 400 });
    b.runner.start();
    await until(() => b.store.jobs.get(job.id)!.status === 'completed', 10_000, 'takeover to complete');
    expect(countTree(b.store, courseId)).toMatchObject({ projects: 4, lessons: 8, summary: true });
    expect(countTree(b.store, courseId).lessons).toBeGreaterThanOrEqual(stored.lessons);
    for (let p = 0; p < 4; p++) expect(b.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
    expect(b.store.logs.list(job.id).some((l) => /Resuming/.test(l.message))).toBe(true);
  });
});
