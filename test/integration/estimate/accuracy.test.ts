// The estimate's goal (issue 14): after one batch of 10 courses, the estimate for a second
// batch of 10 similar courses is within ±20 % of what that batch then costs. Real engine,
// real SDK, the fake Messages API at the other end (its answers' lengths follow the schema
// and the topic, so similar courses cost alike, as a real model's do).
import { expect, it } from 'vitest';
import { estimateCourses } from '../../../src/main/estimate/estimate';
import { DEFAULT_MODEL } from '../../../src/main/ai/config';
import { between, mulberry32 } from '../../../soak/lib/batch';
import { seedApprovedCourse, type Engine } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 0 });

/** Ten approved courses of 3-5 projects with 2-4 lessons each, drawn from `seed`. */
function seedTen(e: Engine, seed: number, prefix: string): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: 10 }, (_, i) =>
    seedApprovedCourse(e.store, `${prefix} ${i + 1}`, between(random, [3, 5]), between(random, [2, 4])),
  );
}

async function generate(e: Engine, courseIds: string[]): Promise<number> {
  for (const id of courseIds) e.runner.enqueue(id);
  e.runner.start();
  await e.runner.waitUntilIdle();
  const cost = e.store.db
    .prepare(`SELECT SUM(cost_usd) AS usd FROM model_calls WHERE course_id IN (${courseIds.map(() => '?').join(',')})`)
    .get(...courseIds) as { usd: number };
  return cost.usd;
}

it('after one batch of 10 courses, the estimate of a second batch of 10 similar courses is within ±20 % of its cost', async () => {
  const e = rig.engine({ limits: { jobs: 4, requests: 8 } });
  const first = seedTen(e, 1, 'Rust basics');
  const before = estimateCourses(e.store, first, DEFAULT_MODEL);
  expect(before.basis).toEqual({ pastCourses: 0, text: 'no history yet: rough' });
  const firstCost = await generate(e, first);

  const second = seedTen(e, 2, 'Go basics');
  const estimate = estimateCourses(e.store, second, DEFAULT_MODEL);
  expect(estimate.basis).toEqual({ pastCourses: 10, text: 'based on 10 past courses' });
  const requestsBefore = rig.fake.requests.length;
  const actual = await generate(e, second);
  expect(rig.fake.requests.length - requestsBefore).toBe(estimate.calls);

  const ratio = estimate.standardUsd.expected / actual;
  console.log(`estimate accuracy: first batch without history ${(before.standardUsd.expected / firstCost).toFixed(3)}, second batch ${ratio.toFixed(3)} (estimate $${estimate.standardUsd.expected.toFixed(4)}, actual $${actual.toFixed(4)})`);
  expect(ratio).toBeGreaterThan(0.8);
  expect(ratio).toBeLessThan(1.2);
  expect(estimate.standardUsd.low).toBeLessThanOrEqual(actual);
  expect(estimate.standardUsd.high).toBeGreaterThanOrEqual(actual);
}, 60_000);
