// `course-studio stats` spawned as a child process over the fixed Insights dataset: the JSON
// is the Insights object with its documented keys and the hand-computed figures, the text
// says the same, and a bad --since is a usage error (exit 2) that touches nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../../src/main/db/store';
import { CLI_TEST_TIMEOUT, runCli } from '../support/cli-process';
import { seedFixedDataset } from './insights/fixed-dataset';

let dir: string;
// POSIX zone names count the other way: Etc/GMT-1 is UTC+1, the offset the figures were worked out for.
const cli = (args: string[]) => runCli(args, dir, { TZ: 'Etc/GMT-1' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'course-studio-cli-stats-'));
  const store = Store.open(join(dir, 'stats.db'));
  seedFixedDataset(store);
  store.close();
}, CLI_TEST_TIMEOUT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('--json prints the Insights object with stable keys and the figures of the whole history', async () => {
  const r = await cli(['stats', '--db', 'stats.db', '--since', 'all', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const i = JSON.parse(r.stdout);
  expect(Object.keys(i)).toEqual(['period', 'since', 'generatedAt', 'tzOffsetMinutes', 'jobs', 'durations', 'failures', 'retries', 'usage', 'daily']);
  expect(i).toMatchObject({ period: 'all', since: null, tzOffsetMinutes: 60 });
  expect(i.jobs).toEqual({ queued: 10, completed: 5, failed: 3, cancelled: 1, successRate: 5 / 9, failureRate: 3 / 9, cancellationRate: 1 / 9 });
  expect(i.durations.course).toEqual({ count: 5, avgMs: 392_000, p50Ms: 180_000, p95Ms: 999_999, p99Ms: 999_999, maxMs: 999_999 });
  expect(i.retries).toEqual({ automatic: 7, manual: 1, rateLimited: 4, waitedMs: { provider: 61_000, network: 31_000, rateLimit: 6_000 }, runs: 2 });
  expect(i.usage.totals.calls).toBe(28);
  expect(i.usage.totals.costUsd).toBeCloseTo(1.575, 10);
  expect(i.usage.byDay.map((d: { day: string; calls: number }) => [d.day, d.calls])).toEqual([
    ['2026-10-01', 5],
    ['2026-11-01', 1],
    ['2026-12-06', 15],
    ['2026-12-07', 7],
  ]);
  expect(Object.keys(i.usage.byDay[0])).toEqual(['day', 'calls', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'cacheShare', 'costUsd']);
}, CLI_TEST_TIMEOUT);

it('prints the same figures as text', async () => {
  const r = await cli(['stats', '--db', 'stats.db', '--since', 'all']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('Jobs: 10 queued · 5 completed · 3 failed · 1 cancelled');
  expect(r.stdout).toContain('success 55.6 % · failure 33.3 % · cancellation 11.1 %');
  expect(r.stdout).toMatch(/course\s+5\s+7 min\s+3 min\s+17 min\s+17 min/);
  expect(r.stdout).toContain('Failures by cause: Rate limit (429) 1 · Overload or server error 1 · Answer cut off at the token limit 1 · Cancelled 1');
  expect(r.stdout).toContain('Retries: 7 automatic · 1 manual · 4 calls rate-limited (429)');
  expect(r.stdout).toMatch(/2026-12-06\s+15 /);
}, CLI_TEST_TIMEOUT);

it('a --since it cannot read is a usage error', async () => {
  const r = await cli(['stats', '--db', 'stats.db', '--since', 'last week']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--since takes a number of hours or days (24h, 7d, 30d) or "all", not "last week".');
}, CLI_TEST_TIMEOUT);
