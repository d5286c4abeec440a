// Part 5 of the reliability soak, short: the disk filling mid-batch (SQLite's page budget,
// and a real tmpfs where this machine lets the test mount one), and damaged or too-new
// database files that must be refused untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { damagedFiles } from '../../soak/parts/damaged-files';
import { pageBudgetFull, realFilesystemFull } from '../../soak/parts/disk-full';

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

const options = { courses: 2, requests: 4, seed: 3, deadlineMs: 20_000, tmpfsMiB: 24 };
const failed = (o: { checks: { ok: boolean; name: string; detail: string }[] }) => o.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);

it('a full page budget pauses the queue with a clear reason, loses nothing, and resumes', async () => {
  expect(failed(await pageBudgetFull(fake, options))).toEqual([]);
}, 30_000);

describe('a real file system filled to the last byte (tmpfs; skipped where mounting is not permitted)', () => {
  let outcome: Awaited<ReturnType<typeof realFilesystemFull>>;
  const IDLE_CHECK = /does not report idle/;
  beforeAll(async () => {
    outcome = await realFilesystemFull(fake, options);
  }, 40_000);

  it('pauses with a clear reason, loses nothing, and finishes once space returns', (ctx) => {
    if (outcome.checks.length === 0) ctx.skip(outcome.notes.join(' '));
    expect(failed({ checks: outcome.checks.filter((c) => !IDLE_CHECK.test(c.name)) })).toEqual([]);
  });

  // Regression test: the lease release fails while a real disk is full, so the jobs stay leased by
  // this runner; waitUntilIdle (the CLI's --until-idle) used to resolve with them left to do.
  it('the runner does not report idle while its jobs wait for space', (ctx) => {
    if (outcome.checks.length === 0) ctx.skip(outcome.notes.join(' '));
    expect(failed({ checks: outcome.checks.filter((c) => IDLE_CHECK.test(c.name)) })).toEqual([]);
  });
});

it('damaged and too-new database files are refused by name and left byte-for-byte untouched', async () => {
  const outcome = await damagedFiles();
  expect(failed(outcome)).toEqual([]);
  expect(outcome.checks.length).toBeGreaterThanOrEqual(18);
}, 30_000);
