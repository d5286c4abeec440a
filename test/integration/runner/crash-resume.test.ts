// A runner process killed with SIGKILL mid-job: the next runner on the same machine takes
// the job back at once (the dead process's lease is recognised), finishes it, and no
// stored unit is generated twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { countTree, createEngine, seedApprovedCourse, tempDbPath, until } from '../../support/engine';
import { Store } from '../../../src/main/db/store';

let fake: FakeAnthropic;
let child: ChildProcess | null = null;
beforeEach(async () => {
  fake = await startFakeAnthropic({ latencyMs: 60 });
});
afterEach(async () => {
  // A test that failed before its SIGKILL must not leave the runner process behind.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  await fake.close();
});

it('resumes after SIGKILL with no duplicate unit and no repeated completed call', async () => {
  const dbPath = tempDbPath();
  const seed = Store.open(dbPath);
  const courseId = seedApprovedCourse(seed, 'Crash', 4, 3);
  seed.jobs.enqueue(courseId);
  seed.close();

  // A 60 s lease: if the takeover waited for expiry, this test would time out.
  const runner = spawn(process.execPath, ['--import', 'tsx', 'test/support/run-engine.ts', dbPath, '60000', '1', '3'], {
    env: { ...process.env, ANTHROPIC_BASE_URL: fake.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = runner;
  let completedUnits = 0;
  runner.stdout.on('data', (chunk: Buffer) => (completedUnits += (chunk.toString().match(/item\.completed/g) ?? []).length));
  // A count that only grows: the limit is for a child that starts slowly (tsx compiles it) on
  // a busy machine, not a race with a passing state.
  await until(() => completedUnits >= 5, 60_000, 'some units to complete in the child');
  const exited = new Promise((resolve) => runner.once('exit', resolve));
  runner.kill('SIGKILL');
  await exited;

  const probe = Store.open(dbPath);
  const before = countTree(probe, courseId);
  const leased = probe.jobs.byCourse(courseId)!;
  probe.close();
  expect(leased.lease_owner).not.toBeNull();
  expect(before.summary).toBe(false);
  const callsBefore = fake.requests.length;

  const e = createEngine({ baseURL: fake.url, dbPath, leaseMs: 60_000 });
  e.runner.start();
  await e.runner.waitUntilIdle();
  const job = e.store.jobs.summary(leased.id)!;
  expect(job.status).toBe('completed');
  expect(countTree(e.store, courseId)).toMatchObject({ projects: 4, lessons: 12, summary: true });
  // Every unit has exactly one successful call: what was stored before the kill was not asked again.
  for (let p = 0; p < 4; p++) expect(e.store.calls.successfulCalls(courseId, 'lessons', `project:${p}`)).toBe(1);
  for (let p = 0; p < 4; p++)
    for (let l = 0; l < 3; l++) expect(e.store.calls.successfulCalls(courseId, 'tasks', `lesson:${p}.${l}`)).toBeLessThanOrEqual(1);
  expect(fake.requests.length - callsBefore).toBeLessThan(4 + 12 + 1);
  expect(e.store.logs.list(leased.id).some((l) => /stopped unexpectedly/.test(l.message))).toBe(true);
  expect(e.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  await e.close();
}, 90_000);
