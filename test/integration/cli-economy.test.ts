// The CLI's estimate, economy and budget flags, spawned as a child process against the fake
// Messages API: `estimate` makes no call, `queue` prints the estimate before it sends
// anything and queues economy jobs in one capped group, `run --budget-usd` pauses the queue
// at the day's cap with the reason, and a later run with room finishes the jobs.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { queueGroupsOf } from '../../src/main/db/repositories/queue-groups';
import { Store } from '../../src/main/db/store';
import { callKind } from '../support/engine';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { runCli } from '../support/cli-process';

const KEY = 'sk-ant-cli-economy-key';
let fake: FakeAnthropic;
let dir: string;

const cli = (args: string[]) => runCli(args, dir, { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url });

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
  dir = mkdtempSync(join(tmpdir(), 'course-studio-cli-economy-'));
  writeFileSync(join(dir, 'topics.csv'), 'topic,audience,level,projects,language,notes\nIntro to Rust,developers,beginner,3,English,\nSourdough,home bakers,beginner,4,English,\n');
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.setLatency(0);
});

const SLOW = 60_000;

it('estimate makes no model call, creates no database, and prints tokens and both prices (or JSON)', async () => {
  const text = await cli(['estimate', '--db', 'none.db', '--topics', 'topics.csv', '--economy']);
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toMatch(/^Estimate for 2 topics \(3 outline options each, then generation\): \d+ model calls, no history yet: rough/);
  expect(text.stdout).toMatch(/economy +\$[\d.]+ +\(\$[\d.]+–\$[\d.]+\) +← applies/);
  const json = await cli(['estimate', '--db', 'none.db', '--topics', 'topics.csv', '--json', '--options', '2']);
  expect(json.code, json.stderr).toBe(0);
  const estimate = JSON.parse(json.stdout);
  // Two outline options, then 3 and 4 projects of 4 lessons (the default), one summary each.
  expect(estimate).toMatchObject({ courses: 2, calls: 2 + 3 + 12 + 1 + (2 + 4 + 16 + 1), economy: false, basis: { pastCourses: 0 } });
  expect(estimate.usd).toEqual(estimate.standardUsd);
  expect(fake.requests).toHaveLength(0);
  expect(existsSync(join(dir, 'none.db'))).toBe(false);
}, SLOW);

it('queue prints the estimate first and queues economy jobs in one group with its cap; run --budget-usd pauses at the cap, a later run finishes', async () => {
  const queued = await cli(['queue', '--db', 'q.db', '--topics', 'topics.csv', '--auto-approve', '--economy', '--budget-usd', '3', '--options', '1']);
  expect(queued.code, queued.stderr).toBe(0);
  expect(queued.stdout.indexOf('Estimate for 2 topics')).toBe(0);
  expect(queued.stdout.indexOf('Estimate for')).toBeLessThan(queued.stdout.indexOf('Imported 2 topics'));
  expect(queued.stdout).toMatch(/queued as job \w+ \(economy\)/);
  let store = Store.open(join(dir, 'q.db'));
  const jobs = store.jobs.list({});
  expect(jobs.map((j) => j.economy)).toEqual([true, true]);
  const groups = new Set(jobs.map((j) => store.jobs.get(j.id)!.queue_group));
  expect(groups.size).toBe(1);
  expect(queueGroupsOf(store).get([...groups][0]!)).toMatchObject({ budget_usd: 3 });
  // Standard from here, so the run below goes through the live path without waiting for batches.
  store.db.prepare('UPDATE jobs SET economy = 0').run();
  const spentOnOutlines = (store.db.prepare('SELECT SUM(cost_usd) AS usd FROM model_calls').get() as { usd: number }).usd;
  store.close();
  expect(spentOnOutlines).toBeGreaterThan(0);

  // Today's outline calls already cost more than this run allows: nothing is generated.
  fake.reset();
  const cap = Number((spentOnOutlines / 2).toFixed(4));
  const paused = await cli(['run', '--db', 'q.db', '--until-idle', '--budget-usd', String(cap)]);
  expect(paused.code, paused.stderr).toBe(0);
  expect(paused.stderr).toContain(`Paused: Daily budget of $${cap} reached: $${spentOnOutlines.toFixed(2)} spent; resume or raise the budget.`);
  expect(fake.requests.filter((r) => callKind(r.body) !== 'outline')).toHaveLength(0);

  const finished = await cli(['run', '--db', 'q.db', '--until-idle', '--budget-usd', '1000']);
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stdout).toMatch(/2 jobs completed, 0 failed/);
  expect(finished.stdout).toMatch(/daily budget \$1000/);
  store = Store.open(join(dir, 'q.db'));
  expect(store.jobs.list({}).map((j) => j.status)).toEqual(['completed', 'completed']);
  store.close();
}, SLOW);
