// Part 3 of the reliability soak, short: three courses against the mix of API
// faults. `npm run soak` runs it with 20 courses.
import { expect, it } from 'vitest';
import { startFakeAnthropic } from '../support/fake-anthropic';
import { failureWaitsForSiblings } from '../../soak/parts/failure-drain';
import { runFaultSoak } from '../../soak/parts/faults';
import { failedChecks } from '../../soak/lib/report';

it('under 429/529/500/hangs/drops/malformed output every job completes or fails clearly, within budget, honouring retry-after', async () => {
  const result = await runFaultSoak({ courses: 3, projects: [3, 3], lessons: [2, 2], latencyMs: 30, timeoutMs: 800, seed: 21, deadlineMs: 40_000 });
  // The failed-job drain check has its own test below.
  expect(failedChecks(result).filter((f) => !/in-flight calls landed/.test(f))).toEqual([]);
  // The mix really happened: the fake answered with faults, and the client honoured at least one retry-after.
  const figure = (label: string) => result.figures.find(([l]) => l === label)?.[1];
  expect(Number(figure('… 429 rate limited'))).toBeGreaterThan(0);
  expect(Number(figure('back-off gate closures (429)'))).toBeGreaterThan(0);
}, 60_000);

// Regression (docs/RELIABILITY.md, finding 4): the tasks of one project were awaited with
// Promise.all, so the first failed task ended the job while its siblings' calls were still on
// the wire, and the runner reported idle with calls in flight.
it('a failing job waits for the calls it already sent before it is marked failed', async () => {
  const fake = await startFakeAnthropic({ latencyMs: 20 });
  try {
    const outcome = await failureWaitsForSiblings(fake, 1_500);
    expect(outcome.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
  } finally {
    await fake.close();
  }
}, 30_000);
