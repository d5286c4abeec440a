// Part 2 of the reliability soak, short: the desktop core and the CLI runner, each in its
// own process, on one database file. `npm run soak` runs it with 16 courses.
import { expect, it } from 'vitest';
import { runTwoProcesses } from '../../soak/parts/two-processes';
import { failedChecks } from '../../soak/lib/report';

it('the desktop core and the CLI share one database: no job twice, no SQLITE_BUSY', async () => {
  const result = await runTwoProcesses({ courses: 6, latencyMs: 150, jobs: 2, requests: 4, seed: 4, deadlineMs: 40_000 });
  expect(failedChecks(result)).toEqual([]);
}, 60_000);
