// Part 4 of the reliability soak, short: an 8-hour wall-clock jump mid-job (two runners on
// one file, and a runner alone), and the network gone for 2 s (20 s in `npm run soak`).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { ownClockJumps, takeoverAfterJump } from '../../soak/parts/clock-jump';
import { networkLoss } from '../../soak/parts/network-loss';

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 80 });
});
afterAll(async () => {
  await fake.close();
});

const failed = (o: { checks: { ok: boolean; name: string; detail: string }[] }) => o.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
const options = { courses: 2, leaseMs: 1_500, requests: 4, seed: 2, deadlineMs: 20_000 };

it('after an 8-hour clock jump another runner takes over; the first notices, stops, and stores nothing more', async () => {
  expect(failed(await takeoverAfterJump(fake, options))).toEqual([]);
}, 30_000);

// Regression test: after a sleep a runner's own leases look expired to its own poll before its
// heartbeat renews them; it used to claim its running jobs again and run each twice.
it('after its own clock jumps 8 hours, a runner carries on without starting its jobs twice', async () => {
  expect(failed(await ownClockJumps(fake, options))).toEqual([]);
}, 30_000);

it('network gone for 2 s: the queue waits for the network, burns no retries, fails nothing, resumes', async () => {
  expect(failed(await networkLoss(fake, { ...options, offlineMs: 2_000 }))).toEqual([]);
}, 30_000);
