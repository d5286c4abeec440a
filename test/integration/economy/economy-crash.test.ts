// Economy mode under SIGKILL at each step of the batch cycle: before create, between create
// and storing the batch id, while polling, and in the middle of reading the results. After
// every kill a new runner on the same database finishes the job, and: no batch is created
// twice for the same units, no unit is committed twice, no paid answer is lost. The fake
// holds the cycle at the step (never a race with a timer), and the child is killed there.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { countTree, createEngine, seedApprovedCourse, tempDbPath, until } from '../../support/engine';

let fake: FakeAnthropic;
let child: ChildProcess | null = null;
beforeEach(async () => {
  fake = await startFakeAnthropic({ latencyMs: 5 });
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  await fake.close();
});

const PROJECTS = 3;
const LESSONS = 2;
/** Lessons per project, tasks per lesson, the summary: each asked for once. */
const UNITS = PROJECTS + PROJECTS * LESSONS + 1;

function seed(): { dbPath: string; courseId: string; jobId: string } {
  const dbPath = tempDbPath();
  const store = Store.open(dbPath);
  const courseId = seedApprovedCourse(store, 'Crash', PROJECTS, LESSONS);
  const jobId = store.jobs.enqueue(courseId, { economy: true }).id;
  store.close();
  return { dbPath, courseId, jobId };
}

function startChild(dbPath: string): ChildProcess {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/support/run-engine.ts', dbPath, '60000', '3', '6'], {
    env: { ...process.env, ANTHROPIC_BASE_URL: fake.url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function kill(c: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => c.once('exit', resolve));
  c.kill('SIGKILL');
  await exited;
}

function read<T>(dbPath: string, fn: (s: Store) => T): T {
  const s = Store.open(dbPath);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

/** The restart: a new runner finishes the job; every check of "never pay twice, never lose a paid answer". */
async function finishAndCheck(dbPath: string, courseId: string, jobId: string): Promise<void> {
  fake.releaseBatchHold();
  const e = createEngine({ baseURL: fake.url, dbPath, leaseMs: 60_000 });
  try {
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(jobId)!.status).toBe('completed');
    expect(countTree(e.store, courseId)).toMatchObject({ projects: PROJECTS, lessons: PROJECTS * LESSONS, summary: true });
    // No unit was sent in two batches: the API received each unit's request once.
    const sent = fake.batches().flatMap((b) => b.requests);
    expect(sent).toHaveLength(UNITS);
    // Each unit committed once, from one successful (paid) call.
    for (let p = 0; p < PROJECTS; p++) {
      expect(e.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
      for (let l = 0; l < LESSONS; l++) expect(e.store.calls.successfulCalls(courseId, 'tasks', `lesson:${p}.${l}`)).toBe(1);
    }
    expect(e.store.calls.successfulCalls(courseId, 'finalize', 'course')).toBe(1);
    // Every answer the API produced was used: nothing paid for is left unread.
    const succeeded = fake.batches().reduce((n, b) => n + b.requestCounts.succeeded, 0);
    expect(succeeded).toBe(UNITS);
    expect(e.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    await e.close();
  }
}

describe('economy mode survives SIGKILL', () => {
  it('before create: the intent is stored, nothing was created; the restart sends it once', async () => {
    const { dbPath, courseId, jobId } = seed();
    fake.holdBatch('create');
    const c = startChild(dbPath);
    await fake.untilBatchHeld('create');
    await kill(c);
    // The child's exit can be seen before the fake sees its connection close: until it does,
    // releasing the hold would let the dead client's request create a batch after all.
    await until(() => fake.batchesHeldNow('create') === 0, 10_000, 'the fake to see the killed client go');
    expect(read(dbPath, (s) => s.batches.list().map((b) => b.state))).toEqual(['intent']);
    expect(fake.batches()).toHaveLength(0);
    await finishAndCheck(dbPath, courseId, jobId);
    expect(read(dbPath, (s) => s.batches.list().some((b) => b.state === 'abandoned'))).toBe(true);
  }, 90_000);

  it('between create and storing the id: the restart finds the batch on the API and adopts it', async () => {
    const { dbPath, courseId, jobId } = seed();
    fake.holdBatch('created');
    const c = startChild(dbPath);
    await fake.untilBatchHeld('created');
    await kill(c);
    expect(fake.batches()).toHaveLength(1);
    expect(read(dbPath, (s) => s.batches.list()[0]!.apiBatchId)).toBeNull();
    await finishAndCheck(dbPath, courseId, jobId);
    const created = fake.batches()[0]!.id;
    expect(read(dbPath, (s) => s.batches.list().find((b) => b.apiBatchId === created)?.state)).toBe('done');
  }, 90_000);

  it('while polling: the restart keeps polling the batch it knows', async () => {
    const { dbPath, courseId, jobId } = seed();
    fake.setBatchProcessing({ processingMs: 60_000 });
    const c = startChild(dbPath);
    await until(() => fake.batchRequests.some((r) => r.method === 'GET' && /\/batches\/msgbatch_[^/]+$/.test(r.path ?? '')), 60_000, 'the child to poll its batch');
    await kill(c);
    expect(read(dbPath, (s) => s.batches.list().map((b) => b.state))).toEqual(['submitted']);
    fake.setBatchProcessing({ processingMs: 200 });
    // The batch in progress keeps its 60 s: end it sooner by letting the fake finish it.
    fake.finishBatches();
    await finishAndCheck(dbPath, courseId, jobId);
  }, 90_000);

  it('in the middle of reading results: the answers read but not committed are read again', async () => {
    const { dbPath, courseId, jobId } = seed();
    fake.holdBatch('results', { afterLines: 2 });
    const c = startChild(dbPath);
    await fake.untilBatchHeld('results');
    // The two lines that arrived are committed by the child; then it dies mid-file.
    await until(() => read(dbPath, (s) => countTree(s, courseId).lessons) >= 2 * LESSONS, 30_000, 'the child to commit the lines it read');
    await kill(c);
    expect(read(dbPath, (s) => countTree(s, courseId).lessons)).toBe(2 * LESSONS);
    await finishAndCheck(dbPath, courseId, jobId);
  }, 90_000);
});
