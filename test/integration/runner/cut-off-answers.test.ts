// An answer cut off at the output limit (stop_reason max_tokens) would be cut off the same
// way again: it is asked for once more with twice the room, and if that is not enough the
// unit fails at once, saying how far the answer got and what to change in Settings.
import { expect, it } from 'vitest';
import { callKind, countTree, promptOf, seedApprovedCourse } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 5 });

/**
 * The first project's lessons answer has two lessons of `chars` characters each (the fake
 * counts 4 characters a token); the other projects get ordinary answers.
 */
function longLessons(chars: number): void {
  rig.fake.setContentOverride((body) =>
    callKind(body) === 'lessons' && promptOf(body).includes('of project 1:')
      ? { lessons: [1, 2].map((n) => ({ title: `Lesson ${n}`, content: 'x'.repeat(chars), objectives: ['Understand it'] })) }
      : undefined,
  );
}

const longRequests = () => rig.fake.requests.filter((r) => callKind(r.body) === 'lessons' && promptOf(r.body).includes('of project 1:'));

it('asks again once with twice the room when an answer is cut off, and keeps the complete one', async () => {
  // About 10,000 output tokens: more than the 8,192 of Settings, less than twice that.
  longLessons(20_000);
  const e = rig.engine({ limits: { jobs: 1, requests: 2 } });
  const courseId = seedApprovedCourse(e.store, 'Long lessons', 3, 2);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await e.runner.waitUntilIdle();

  expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  expect(countTree(e.store, courseId)).toMatchObject({ lessons: 6, summary: true });
  expect(longRequests().map((r) => r.body.max_tokens)).toEqual([8192, 16384]);
  expect(e.store.logs.list(job.id, { text: 'room for 16,384 tokens' })).toHaveLength(1);
}, 30_000);

it('fails the unit after the larger try is cut off too, saying where and how to raise the limit', async () => {
  // About 20,000 output tokens: more than twice the 8,192 of Settings.
  longLessons(40_000);
  const e = rig.engine({ limits: { jobs: 1, requests: 2 } });
  const courseId = seedApprovedCourse(e.store, 'Too long lessons', 3, 2);
  const job = e.runner.enqueue(courseId);
  e.runner.start();
  await e.runner.waitUntilIdle();

  const row = e.store.jobs.get(job.id)!;
  expect(row.status).toBe('failed');
  expect(row.failed_step).toBe('lessons');
  // What Insights counts it as.
  expect(row.failure_cause).toBe('cut_off');
  expect(row.error_message).toBe(
    "The model's answer was cut off at 16,384 output tokens before it was complete (a first try with 8,192 was cut off too). " +
      'Raise "Max tokens per request" in Settings, or --max-tokens on the command line (now 8,192; claude-sonnet-5-5 can write up to 64,000), then retry.',
  );
  // Two requests, not four identical ones each billed the full limit.
  expect(longRequests().map((r) => r.body.max_tokens)).toEqual([8192, 16384]);
  const cutOff = e.store.db
    .prepare(`SELECT output_tokens FROM model_calls WHERE course_id = ? AND item_key = 'project:0' ORDER BY id`)
    .all(courseId);
  expect(cutOff).toEqual([{ output_tokens: 8192 }, { output_tokens: 16384 }]);
}, 30_000);
