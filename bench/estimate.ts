// `npm run bench -- --only estimate`: the estimate's accuracy goal (issue 14). One batch of 10
// approved courses is generated against the fake Messages API (in process, no latency), then
// the estimate of a second batch of 10 similar courses (3-5 projects of 2-4 lessons, other
// sizes drawn from another seed) is compared with what that batch then costs. Goal: the
// ratio estimate ÷ actual within 0.8–1.2. Also printed: the same ratio for the first batch,
// estimated with no history (the rough defaults are for a real model's longer answers).
// Writes bench/results/estimate-latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL } from '../src/main/ai/config';
import { estimateCourses } from '../src/main/estimate/estimate';
import type { CostEstimate } from '../src/shared/economy';
import { between, mulberry32 } from '../soak/lib/batch';
import { createEngine, seedApprovedCourse, type Engine } from '../test/support/engine';
import { startFakeAnthropic } from '../test/support/fake-anthropic';

const COURSES = 10;
const GOAL = [0.8, 1.2] as const;

function seed(e: Engine, seedValue: number, prefix: string): string[] {
  const random = mulberry32(seedValue);
  return Array.from({ length: COURSES }, (_, i) => seedApprovedCourse(e.store, `${prefix} ${i + 1}`, between(random, [3, 5]), between(random, [2, 4])));
}

async function generate(e: Engine, ids: string[]): Promise<number> {
  for (const id of ids) e.runner.enqueue(id);
  e.runner.start();
  await e.runner.waitUntilIdle();
  const row = e.store.db.prepare(`SELECT SUM(cost_usd) AS usd FROM model_calls WHERE course_id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { usd: number };
  return row.usd;
}

const summary = (estimate: CostEstimate, actual: number) => ({
  estimateUsd: estimate.standardUsd,
  economyUsd: estimate.economyUsd,
  actualUsd: actual,
  ratio: estimate.standardUsd.expected / actual,
  inRange: estimate.standardUsd.low <= actual && actual <= estimate.standardUsd.high,
  basis: estimate.basis.text,
});

export async function runEstimateBench(): Promise<void> {
  const fake = await startFakeAnthropic({ latencyMs: 0 });
  const e = createEngine({ baseURL: fake.url, limits: { jobs: 4, requests: 8 } });
  try {
    const first = seed(e, 1, 'Rust basics');
    const firstEstimate = estimateCourses(e.store, first, DEFAULT_MODEL);
    const firstActual = await generate(e, first);
    const second = seed(e, 2, 'Go basics');
    const secondEstimate = estimateCourses(e.store, second, DEFAULT_MODEL);
    const secondActual = await generate(e, second);
    const report = {
      at: new Date().toISOString(),
      courses: COURSES,
      model: DEFAULT_MODEL,
      goal: GOAL,
      withoutHistory: summary(firstEstimate, firstActual),
      afterOneBatch: summary(secondEstimate, secondActual),
    };
    const r = report.afterOneBatch;
    const met = r.ratio >= GOAL[0] && r.ratio <= GOAL[1];
    process.stdout.write(
      [
        `second batch of ${COURSES} (${r.basis}): estimate $${r.estimateUsd.expected.toFixed(4)} ($${r.estimateUsd.low.toFixed(4)}–$${r.estimateUsd.high.toFixed(4)}), actual $${r.actualUsd.toFixed(4)}`,
        `estimate ÷ actual: ${r.ratio.toFixed(3)} (goal ${GOAL[0]}–${GOAL[1]}: ${met ? 'met' : 'NOT met'}); actual inside the range: ${r.inRange ? 'yes' : 'no'}`,
        `first batch, no history yet: estimate ÷ actual ${report.withoutHistory.ratio.toFixed(3)} (rough defaults, written for a real model's answers)`,
      ].join('\n') + '\n',
    );
    const dir = join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'estimate-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write('written to bench/results/estimate-latest.json\n');
  } finally {
    await e.close();
    await fake.close();
  }
}
