// Every request that reached the API is in the ledger (model_calls), whatever became of its
// answer: the cost per job and per course that admins read after an overnight batch must
// never leave out a call that was paid for.
import { expect, it } from 'vitest';
import { ESTIMATED_OUTPUT_NOTE } from '../../../src/main/db/repositories/model-calls';
import { callKind, promptOf, seedApprovedCourse, tempDbPath, until, type Engine } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 5 });
const engine = rig.engine;

interface CallRow {
  job_id: string | null;
  course_id: string | null;
  item_key: string;
  outcome: string;
  error_kind: string | null;
  error_message: string | null;
  output_tokens: number;
  cost_usd: number;
}
const rows = (e: Engine): CallRow[] => e.store.db.prepare('SELECT * FROM model_calls ORDER BY id').all() as CallRow[];

/** One call at a time, the first held on the wire while the test changes the job's row (`land` lets it answer); no heartbeat meanwhile. */
async function startOneHeldCall(e: Engine, title: string) {
  const held = rig.fake.hold();
  const courseId = seedApprovedCourse(e.store, title, 3, 1);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await rig.fake.untilHeld(1, held);
  return { courseId, job, land: () => rig.fake.release(held) };
}

it('an answer that lands after another runner took the job over is still paid for by the job and the course', async () => {
  const e = engine({ leaseMs: 60_000, limits: { jobs: 1, requests: 1 } });
  const { courseId, job, land } = await startOneHeldCall(e, 'Taken over');
  // What a runner finds after its laptop slept: another process holds the lease now.
  e.store.db.prepare(`UPDATE jobs SET lease_owner = 'elsewhere/1/other', lease_expires_at = ? WHERE id = ?`).run(Date.now() + 60_000, job.id);
  land();
  await until(() => e.runner.activeJobIds.length === 0, 5_000, 'the runner to let the job go');
  expect(rig.fake.requests).toHaveLength(1);
  expect(rig.fake.requests[0]!.outcome).toBe('ok');
  const [call] = rows(e);
  expect(rows(e)).toHaveLength(1);
  expect(call).toMatchObject({ job_id: job.id, course_id: courseId, item_key: 'project:0', outcome: 'error', error_kind: 'not_stored' });
  expect(call!.error_message).toBe('The answer arrived but was not stored: another runner took the job over.');
  expect(call!.cost_usd).toBeGreaterThan(0);
  expect(e.store.jobs.summary(job.id)).toMatchObject({ calls: 1, costUsd: call!.cost_usd });
  expect(e.store.calls.courseTotals(courseId)).toMatchObject({ calls: 1, costUsd: call!.cost_usd });
  // Not a stored answer: the runner that took over generates the unit and that is its one success.
  expect(e.store.calls.successfulCalls(courseId, 'lessons', 'project:0')).toBe(0);
});

it('an answer that lands after another window deleted the job counts for the course', async () => {
  const dbPath = tempDbPath();
  const e = engine({ dbPath, leaseMs: 60_000, limits: { jobs: 1, requests: 1 } });
  const other = engine({ dbPath });
  const { courseId, job, land } = await startOneHeldCall(e, 'Deleted');
  // The other window sees the lease as expired (this runner looked dead) and deletes the job.
  e.store.db.prepare(`UPDATE jobs SET lease_expires_at = 0 WHERE id = ?`).run(job.id);
  other.runner.deleteJob(job.id);
  land();
  await until(() => e.runner.activeJobIds.length === 0, 5_000, 'the runner to let the job go');
  expect(rig.fake.requests).toHaveLength(1);
  expect(rows(e)).toEqual([
    expect.objectContaining({
      job_id: null,
      course_id: courseId,
      outcome: 'error',
      error_kind: 'not_stored',
      error_message: 'The answer arrived but was not stored: the job was deleted while it ran.',
    }),
  ]);
  expect(e.store.calls.courseTotals(courseId).calls).toBe(1);
  expect(e.store.calls.courseTotals(courseId).costUsd).toBeGreaterThan(0);
});

it('a stream that breaks off mid-answer is charged for the output received, marked as estimated', async () => {
  // A long first lessons answer, so half of it is clearly more than message_start's 1 token.
  rig.fake.setContentOverride((body) =>
    callKind(body) === 'lessons' && promptOf(body).includes('of project 1:')
      ? { lessons: [{ title: 'Lesson 1', content: 'x'.repeat(4_000), objectives: ['Understand it'] }] }
      : undefined,
  );
  rig.fake.enqueueFault({ kind: 'drop_mid_stream' }, (body) => callKind(body) === 'lessons' && promptOf(body).includes('of project 1:'));
  const e = engine({ limits: { jobs: 1, requests: 1 } });
  const courseId = seedApprovedCourse(e.store, 'Dropped', 3, 1);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await e.runner.waitUntilIdle();
  expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  const [dropped, retried] = rows(e).filter((r) => r.item_key === 'project:0');
  expect(dropped).toMatchObject({ outcome: 'error', error_kind: 'network' });
  expect(dropped!.error_message).toContain(ESTIMATED_OUTPUT_NOTE);
  expect(retried).toMatchObject({ outcome: 'ok', error_message: null });
  // About half the answer arrived before the drop (the fake cuts halfway through the deltas).
  expect(dropped!.output_tokens).toBeGreaterThan(retried!.output_tokens * 0.25);
  expect(dropped!.output_tokens).toBeLessThan(retried!.output_tokens * 0.75);
  expect(e.store.calls.courseTotals(courseId).usage.output).toBe(rows(e).reduce((n, r) => n + r.output_tokens, 0));
});
