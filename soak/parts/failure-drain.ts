// Part 3b, a failing unit and its siblings: when one unit of a job fails for good, the job
// stops starting calls, but the calls already on the wire must land (and be accounted for)
// before the job is marked failed and the runner says it is idle — otherwise a retry races
// the old calls, and the CLI's --until-idle closes the store under them.
// Scenario: the tasks call of lesson 1.1 is refused (400, not retried) while the one of
// lesson 1.2, in the same project, hangs until the client's timeout cuts it.
import type { FakeAnthropic } from '../../test/support/fake-anthropic';
import { createEngine, promptOf, seedApprovedCourse } from '../../test/support/engine';
import { withDeadline } from '../lib/child';
import { check, type Check, type Figure } from '../lib/report';

export async function failureWaitsForSiblings(fake: FakeAnthropic, timeoutMs = 2_000): Promise<{ figures: [string, Figure][]; checks: Check[] }> {
  const e = createEngine({ baseURL: fake.url, timeoutMs, policy: { baseDelayMs: 5, maxDelayMs: 10, maxRetries: 0 } });
  try {
    const courseId = seedApprovedCourse(e.store, 'Drain on failure', 3, 2);
    const refused = (b: unknown) => promptOf(b).startsWith('Write the tasks for lesson 1.1');
    const hung = (b: unknown) => promptOf(b).startsWith('Write the tasks for lesson 1.2');
    fake.enqueueFault({ kind: 'bad_request' }, refused);
    fake.enqueueFault({ kind: 'hang' }, hung);
    // Both calls are held until both are on the wire: on a busy machine the refusal could
    // otherwise come back before the sibling was sent, and there would be nothing to drain.
    const holds = [fake.hold(refused), fake.hold(hung)];
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await withDeadline(Promise.all(holds.map((id) => fake.untilHeld(1, id))), timeoutMs * 5, 'both tasks calls of project 1');
    for (const id of holds) fake.release(id);
    await withDeadline(e.runner.waitUntilIdle(), timeoutMs * 5, 'the failing job');
    const status = e.store.jobs.get(job.id)!.status;
    const inFlightAtIdle = e.gateway.activeRequests;
    const unrecorded = () =>
      (e.store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls WHERE item_key = 'lesson:0.1' AND step = 'tasks'`).get() as { n: number }).n === 0;
    const hungUnrecordedAtIdle = unrecorded();
    // Let the hung call finish before the store closes, whatever the verdict.
    await new Promise((r) => setTimeout(r, timeoutMs + 500));
    return {
      figures: [['a failed job: its calls still in flight when it was marked failed', inFlightAtIdle]],
      checks: [
        check('a job fails only after its in-flight calls landed (none left running at idle)', status === 'failed' && inFlightAtIdle === 0 && !hungUnrecordedAtIdle, `status ${status}; ${inFlightAtIdle} calls still in flight when the runner said idle; the hung call ${hungUnrecordedAtIdle ? 'not yet' : 'already'} recorded`),
      ],
    };
  } finally {
    await e.close().catch(() => undefined);
  }
}
