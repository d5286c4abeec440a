// Part 1 of the reliability soak, short: a runner process SIGKILLed at random moments
// and restarted, against the fake API. `npm run soak` runs the full 20-course version.
import { expect, it } from 'vitest';
import { runCrashSoak } from '../../soak/parts/crash';
import { failedChecks } from '../../soak/lib/report';

it('survives SIGKILLs at random moments: every job completes, nothing duplicated or lost', async () => {
  const result = await runCrashSoak({ courses: 4, projects: [3, 4], lessons: [2, 2], kills: 5, latencyMs: 120, maxLifeMs: 500, startupKillEvery: 4, seed: 3 });
  expect(failedChecks(result)).toEqual([]);
  expect(result.checks.length).toBeGreaterThan(8);
  // Five restarts, each a tsx child compiling itself: on a loaded two-core machine that alone
  // passed a minute once. The soak's checks decide; this only stops a hung run.
}, 180_000);
