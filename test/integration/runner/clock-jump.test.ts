// A laptop that sleeps for hours comes back with every lease looking expired, its own
// included. The runner must not start the jobs it is still running a second time.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { countTree, createEngine, seedApprovedCourse, until, type Engine } from '../../support/engine';

let fake: FakeAnthropic;
let e: Engine | null = null;
beforeEach(async () => {
  fake = await startFakeAnthropic({ latencyMs: 60 });
});
afterEach(async () => {
  await e?.close().catch(() => undefined);
  await fake.close();
});

it('after its own clock jumps 8 hours, a runner neither restarts its running jobs nor repeats stored units', async () => {
  let offset = 0;
  e = createEngine({ baseURL: fake.url, clockMs: () => Date.now() + offset, leaseMs: 2_000, limits: { jobs: 3, requests: 4 } });
  const courses = [seedApprovedCourse(e.store, 'Jump A', 3, 2), seedApprovedCourse(e.store, 'Jump B', 3, 2)];
  for (const id of courses) e.runner.enqueue(id);
  const started = new Map<string, number>();
  e.runner.subscribe((ev) => ev.type === 'job.started' && started.set(ev.jobId, (started.get(ev.jobId) ?? 0) + 1));
  e.runner.start();
  await until(() => e!.runner.activeJobIds.length === 2 && e!.store.jobs.list().every((j) => j.itemsCompleted >= 1));
  offset += 8 * 3_600_000;
  await e.runner.waitUntilIdle();
  expect([...started.values()]).toEqual([1, 1]);
  for (const id of courses) {
    expect(countTree(e.store, id)).toMatchObject({ projects: 3, lessons: 6, summary: true });
    for (let p = 0; p < 3; p++) expect(e.store.calls.successfulCalls(id, 'lessons', `project:${p}`)).toBe(1);
  }
  expect(e.store.jobs.list().every((j) => j.status === 'completed')).toBe(true);
});
