// Losing the network, filling the disk and another process locking the database are waits,
// not failures: the queue says why it waits, spends no retries meanwhile, keeps everything
// stored, and carries on by itself.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { countTree, createEngine, seedApprovedCourse, tempDbPath, until, type Engine } from '../../support/engine';
import { ModelGateway } from '../../../src/main/ai/gateway';
import { systemClock } from '../../../src/main/ai/clock';

let fake: FakeAnthropic;
let e: Engine | null = null;
beforeEach(async () => {
  fake = await startFakeAnthropic({ latencyMs: 20 });
});
afterEach(async () => {
  await e?.close().catch(() => undefined);
  e = null;
  await fake.close();
});

it('waits for the network instead of burning retries, then finishes', async () => {
  e = createEngine({ baseURL: fake.url, limits: { jobs: 1, requests: 2 } });
  // The engine probes the fake itself, every 50–200 ms, instead of the production 1–30 s.
  expect(e.gateway.network.offline).toBe(false);
  const courseId = seedApprovedCourse(e.store, 'Offline', 3, 2);
  const job = e.runner.enqueue(courseId);
  const states: (string | null)[] = [];
  e.runner.subscribe((ev) => ev.type === 'queue.state' && states.push(ev.state.waitingReason));
  e.runner.start();
  await until(() => e!.store.jobs.get(job.id)!.items_completed >= 1);
  fake.setOffline(true);
  await until(() => e!.gateway.network.offline, 5_000, 'offline detected');
  expect(e.runner.queueState().waitingReason).toMatch(/Waiting for network/);
  // Offline for a while: far longer than the retry budget would last with fast back-off.
  await new Promise((r) => setTimeout(r, 1_500));
  expect(e.store.jobs.get(job.id)!.status).not.toBe('failed');
  const retriesWhileOffline = e.store.logs.list(job.id, { text: 'Retrying' }).length;
  fake.setOffline(false);
  await e.runner.waitUntilIdle();
  expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, summary: true });
  expect(retriesWhileOffline).toBeLessThanOrEqual(2);
  expect(states).toContain('Waiting for network: the model API cannot be reached');
  expect(e.runner.queueState().waitingReason).toBeNull();
}, 30_000);

it('pauses the queue when the disk is full and resumes when space returns, losing nothing', async () => {
  const dbPath = tempDbPath();
  e = createEngine({ baseURL: fake.url, dbPath, limits: { jobs: 2, requests: 4 } });
  const courses = [seedApprovedCourse(e.store, 'Disk A', 4, 3), seedApprovedCourse(e.store, 'Disk B', 4, 3)];
  for (const id of courses) e.runner.enqueue(id);
  e.runner.start();
  await until(() => e!.store.jobs.list().some((j) => j.itemsCompleted >= 2));
  // SQLite's page budget stands in for a full disk: the next write that needs a page gets SQLITE_FULL.
  const pages = e.store.db.pragma('page_count', { simple: true }) as number;
  e.store.db.pragma(`max_page_count = ${pages}`);
  await until(() => /disk is full/.test(e!.runner.queueState().waitingReason ?? ''), 10_000, 'disk-full pause');
  await until(() => e!.runner.activeJobIds.length === 0, 5_000, 'jobs to yield');
  // It stays paused while there is no room: no job restarts and fails over and over.
  const seqAtPause = e.runner.bus.lastSeq;
  await new Promise((r) => setTimeout(r, 300));
  expect(e.runner.activeJobIds).toHaveLength(0);
  expect(e.runner.bus.lastSeq - seqAtPause).toBeLessThan(3);
  const kept = courses.map((id) => countTree(e!.store, id));
  expect(e.store.jobs.list().every((j) => j.status !== 'failed')).toBe(true);
  e.store.db.pragma('max_page_count = 1073741823');
  await e.runner.waitUntilIdle();
  for (const [i, id] of courses.entries()) {
    const done = countTree(e.store, id);
    expect(done).toMatchObject({ projects: 4, lessons: 12, summary: true });
    expect(done.lessons).toBeGreaterThanOrEqual(kept[i]!.lessons);
  }
  expect(e.store.jobs.list().every((j) => j.status === 'completed')).toBe(true);
  expect(e.runner.queueState().waitingReason).toBeNull();
  expect(e.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
}, 30_000);

/**
 * Another connection (the CLI, an admin's sqlite3 shell) takes the write lock. The store's
 * busy timeout is cut from 10 s to 100 ms; `busyWrites` counts the writes it turned away.
 */
function lockFromAnotherProcess(engine: Engine, dbPath: string) {
  engine.store.db.pragma('busy_timeout = 100');
  const other = new Database(dbPath);
  other.exec('BEGIN IMMEDIATE');
  const state = { busyWrites: 0, onBusy: () => {} };
  const write = engine.store.write.bind(engine.store);
  // Observes the real store, changes nothing: every write still goes to SQLite.
  engine.store.write = <T>(fn: () => T): T => {
    try {
      return write(fn);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        state.busyWrites++;
        state.onBusy();
      }
      throw error;
    }
  };
  return Object.assign(state, {
    unlock: () => {
      if (other.open) other.exec('COMMIT');
      other.close();
    },
  });
}

const callsRecorded = (engine: Engine, courseId: string) => engine.store.calls.courseTotals(courseId).calls;

it('stores a unit whose write met another process\'s lock once the lock is gone, instead of failing the job', async () => {
  const dbPath = tempDbPath();
  e = createEngine({ baseURL: fake.url, dbPath, limits: { jobs: 1, requests: 2 } });
  fake.setLatency(100);
  const courseId = seedApprovedCourse(e.store, 'Locked briefly', 3, 2);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await until(() => e!.store.jobs.get(job.id)!.items_completed >= 1);
  const lock = lockFromAnotherProcess(e, dbPath);
  // The lock is given up right after the first write it turns away: the next write goes through.
  lock.onBusy = () => {
    lock.onBusy = () => {};
    lock.unlock();
  };
  await e.runner.waitUntilIdle();
  expect(lock.busyWrites).toBeGreaterThan(0);
  expect(e.store.jobs.get(job.id)).toMatchObject({ status: 'completed', error_message: null });
  expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, summary: true });
  for (let p = 0; p < 3; p++) expect(e.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
  expect(callsRecorded(e, courseId)).toBe(fake.requests.length);
});

it('gives a job back while the database stays locked, and finishes it with every paid call recorded once the lock is gone', async () => {
  const dbPath = tempDbPath();
  e = createEngine({ baseURL: fake.url, dbPath, limits: { jobs: 1, requests: 2 } });
  fake.setLatency(100);
  const courseId = seedApprovedCourse(e.store, 'Locked long', 3, 2);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await until(() => e!.store.jobs.get(job.id)!.items_completed >= 1);
  const stored = countTree(e.store, courseId);
  const lock = lockFromAnotherProcess(e, dbPath);
  try {
    // Every try of the landed answers' writes is turned away; the job stops and is given back.
    await until(() => e!.runner.activeJobIds.length === 0 && lock.busyWrites >= 4, 15_000, 'the job to be given back');
    expect(e.store.jobs.get(job.id)!.status).not.toBe('failed');
    expect(countTree(e.store, courseId)).toEqual(stored);
  } finally {
    lock.unlock();
  }
  await e.runner.waitUntilIdle();
  expect(e.store.jobs.get(job.id)).toMatchObject({ status: 'completed', error_message: null });
  expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, summary: true });
  // The answers that landed during the lock were paid for: recorded, though generated again.
  const calls = e.store.db.prepare(`SELECT error_kind FROM model_calls WHERE course_id = ?`).all(courseId) as { error_kind: string | null }[];
  expect(calls.filter((c) => c.error_kind === 'not_stored').length).toBeGreaterThan(0);
  expect(callsRecorded(e, courseId)).toBe(fake.requests.length);
  for (let p = 0; p < 3; p++) expect(e.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
}, 30_000);

it('a gateway with no network probes on its own schedule', async () => {
  let reachable = false;
  const gateway = new ModelGateway({
    clock: systemClock,
    provider: () => ({ name: 'x', model: 'm', call: async () => Promise.reject(new Error('unused')) }),
    requestLimit: 1,
    probe: async () => reachable,
    offlineProbeMs: { min: 20, max: 40 },
  });
  expect(await gateway.network.confirmOnline()).toBe(false);
  expect(gateway.network.offline).toBe(true);
  const back = gateway.network.waitOnline();
  reachable = true;
  await back;
  expect(gateway.network.offline).toBe(false);
});
