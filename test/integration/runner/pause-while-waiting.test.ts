// A pause must not wait for the thing the job is waiting on: calls held back by a lost
// network or a rate limit's retry-after stop waiting at once, the job is released with
// everything stored kept, and the units it had not finished are simply redone on resume.
import { expect, it } from 'vitest';
import { callKind, countTree, seedApprovedCourse, until, type Engine } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 20 });

/** Every unit of the course was paid for by exactly one successful call. */
function expectEachUnitOnce(engine: Engine, courseId: string, projects: number, lessons: number): void {
  for (let p = 0; p < projects; p++) {
    expect(engine.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
    for (let l = 0; l < lessons; l++) expect(engine.store.calls.successfulCalls(courseId, 'tasks', `lesson:${p}.${l}`)).toBe(1);
  }
  expect(engine.store.calls.successfulCalls(courseId, 'finalize', 'course')).toBe(1);
}

it('pausing a job while it waits for the network releases it without waiting for the network', async () => {
  const e = rig.engine({ limits: { jobs: 1, requests: 2 } });
  const courseId = seedApprovedCourse(e.store, 'Offline pause', 3, 2);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await until(() => e.store.jobs.get(job.id)!.items_completed >= 1);
  rig.fake.setOffline(true);
  await until(() => e.gateway.network.offline, 5_000, 'offline detected');

  e.runner.pauseJob(job.id);
  await until(() => e.store.jobs.get(job.id)!.status === 'paused', 5_000, 'the job to pause while offline');
  // Still offline: the pause did not wait for the network to come back.
  expect(e.gateway.network.offline).toBe(true);
  expect(e.runner.activeJobIds).toEqual([]);
  const kept = countTree(e.store, courseId);

  rig.fake.setOffline(false);
  await until(() => !e.gateway.network.offline, 5_000, 'back online');
  e.runner.resumeJob(job.id);
  await e.runner.waitUntilIdle();
  expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  const done = countTree(e.store, courseId);
  expect(done).toMatchObject({ projects: 3, lessons: 6, summary: true });
  expect(done.lessons).toBeGreaterThanOrEqual(kept.lessons);
  expectEachUnitOnce(e, courseId, 3, 2);
}, 30_000);

it('pausing the queue while offline gives the running job back at once', async () => {
  const e = rig.engine({ limits: { jobs: 1, requests: 2 } });
  const courseId = seedApprovedCourse(e.store, 'Offline queue pause', 3, 2);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await until(() => e.store.jobs.get(job.id)!.items_completed >= 1);
  rig.fake.setOffline(true);
  await until(() => e.gateway.network.offline, 5_000, 'offline detected');

  e.runner.pause();
  await until(() => e.runner.activeJobIds.length === 0, 5_000, 'the job to be given back while offline');
  expect(e.gateway.network.offline).toBe(true);
  const row = e.store.jobs.get(job.id)!;
  expect(row.status).toBe('queued');
  expect(row.lease_owner).toBeNull();

  rig.fake.setOffline(false);
  e.runner.resume();
  await e.runner.waitUntilIdle();
  expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  expectEachUnitOnce(e, courseId, 3, 2);
}, 30_000);

it("pausing a job held back by a 429's retry-after pauses it before the retry-after is over", async () => {
  const e = rig.engine({ limits: { jobs: 1, requests: 2 } });
  const courseId = seedApprovedCourse(e.store, 'Rate limited pause', 3, 2);
  // Only the first step's calls are limited, so the job is surely waiting when it is paused.
  for (let i = 0; i < 3; i++) rig.fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 12 }, (body) => callKind(body) === 'lessons');
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await until(() => e.gateway.gate.waitingUntil !== null, 5_000, 'the 429 to close the gate');
  const reopensAt = e.gateway.gate.waitingUntil!;
  const sentBefore = rig.fake.requests.length;

  e.runner.pauseJob(job.id);
  await until(() => e.store.jobs.get(job.id)!.status === 'paused', 8_000, 'the job to pause');
  expect(Date.now()).toBeLessThan(reopensAt);
  expect(e.runner.activeJobIds).toEqual([]);
  // Nothing went out while it waited, and no attempt was spent on the pause.
  expect(rig.fake.requests.length).toBe(sentBefore);
  expect(e.store.jobs.get(job.id)!.error_message).toBeNull();
}, 30_000);
