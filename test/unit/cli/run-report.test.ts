import { describe, expect, it } from 'vitest';
import type { JobSummary, RunReport } from '../../../src/shared/domain';
import {
  accountSentence,
  holdEndedSentence,
  lastRunLines,
  retriesWaitingSentence,
  retryLabel,
  runReportLines,
  waitsForRetry,
} from '../../../src/main/cli/run-report';
import { statusText, type StatusReport } from '../../../src/main/cli/status-command';
import { formatDuration, retryTime } from '../../../src/main/cli/text';

const at = (h: number, m: number, s = 0) => new Date(2026, 11, 7, h, m, s).toISOString();

const report: RunReport = {
  id: 4,
  source: 'cli',
  startedAt: at(2, 0, 1),
  endedAt: at(6, 14, 22),
  completed: [
    { jobId: 'a', courseTitle: 'Rust' },
    { jobId: 'b', courseTitle: 'Go' },
  ],
  failed: [{ jobId: 'c', courseTitle: 'Zig\x1b[2J', reason: 'The answer did not match the expected format after 4 attempts (after 3 automatic retries)', step: 'lessons' }],
  autoRetries: 1,
  waited: { providerMs: 6 * 60_000, networkMs: 0, rateLimitMs: 12_000 },
  rateLimited: 2,
  calls: 123,
  usage: { input: 1_200_000, output: 300_000, cacheRead: 400_000, cacheWrite: 20_000 },
  costUsd: 1.2345,
  savedUsd: 0,
};

describe('run report text', () => {
  it('says what completed, what failed and why, retries, waits, 429s, tokens and cost', () => {
    expect(runReportLines(report)).toEqual([
      'Report of this run (2026-12-07 02:00 to 06:14, 4 h 14 min):',
      '  2 jobs completed, 1 failed',
      '    failed: "Zig[2J" during lessons: The answer did not match the expected format after 4 attempts (after 3 automatic retries)',
      '  1 automatic retry',
      '  waited 6 min while the API was overloaded, 0 s for the network, 12 s on rate limits; 2 requests rate-limited (429)',
      '  123 model calls · tokens 1.20M in, 300k out, 400k cache read, 20k cache write · $1.23',
    ]);
    const quiet = runReportLines({ ...report, failed: [], autoRetries: 3, endedAt: at(30, 0) });
    expect(quiet[0]).toBe('Report of this run (2026-12-07 02:00 to 2026-12-08 06:00, 28 h 0 min):');
    expect(quiet).toContain('  3 automatic retries');
    // Economy batches' saving, after the cost, only when there was one.
    const economy = runReportLines({ ...report, savedUsd: 0.6172 });
    expect(economy.at(-1)).toBe('  123 model calls · tokens 1.20M in, 300k out, 400k cache read, 20k cache write · $1.23 (saved $0.6172 with economy)');
  });

  it('gives status a short "Last run" section, or says there is none', () => {
    expect(lastRunLines(null)).toEqual(['Last run: none recorded yet.']);
    const lines = lastRunLines(report);
    expect(lines[0]).toBe('Last run (command line, 2026-12-07 02:00 to 06:14, 4 h 14 min): 2 completed, 1 failed, 1 automatic retry, 123 model calls, $1.23');
    expect(lines[1]).toMatch(/^ {2}waited 6 min while the API was overloaded/);
    expect(lines[2]).toMatch(/^ {2}failed: "Zig\[2J" during lessons: /);
    expect(lastRunLines({ ...report, source: 'app' })[0]).toMatch(/^Last run \(app, /);
    expect(lastRunLines({ ...report, savedUsd: 0.6172 })[0]).toMatch(/, 123 model calls, \$1\.23 \(saved \$0\.6172 with economy\)$/);
  });
});

describe('waiting sentences', () => {
  const now = new Date(2026, 11, 7, 3, 30).getTime();
  const job = { status: 'queued' as const, autoRetries: 2, runAfter: at(3, 40), retryReason: 'Claude API overloaded (529)' };

  it('tells a job waiting for an automatic retry from one that is merely queued', () => {
    expect(waitsForRetry(job, now)).toBe(true);
    expect(waitsForRetry({ ...job, runAfter: at(3, 29) }, now)).toBe(false);
    expect(waitsForRetry({ ...job, autoRetries: 0 }, now)).toBe(false);
    expect(waitsForRetry({ ...job, status: 'failed' }, now)).toBe(false);
    expect(retryLabel(job, now)).toBe('retry 2 of 3 at 03:40');
    // Seconds when it is close, where minutes alone would blur two retries together.
    expect(retryLabel({ ...job, runAfter: at(3, 30, 40) }, now)).toBe('retry 2 of 3 at 03:30:40');
  });

  it('says how many jobs wait for a retry, when the next goes and why', () => {
    expect(retriesWaitingSentence(2, { ...job, autoRetries: 1 }, now)).toBe(
      '2 jobs wait for an automatic retry, next at 03:40 (retry 1 of 3: Claude API overloaded (529))',
    );
    expect(retriesWaitingSentence(1, { ...job, retryReason: null }, now)).toBe('1 job waits for an automatic retry, next at 03:40 (retry 2 of 3)');
  });

  it('states the learned account limit, and how holds end', () => {
    expect(accountSentence(null, 6)).toBeNull();
    expect(accountSentence({ requestsPerMinute: 120, inputTokensPerMinute: null, outputTokensPerMinute: null }, 6)).toBe('account allows ~120 requests/min; 6 at once');
    expect(accountSentence({ requestsPerMinute: 4000, inputTokensPerMinute: 400_000, outputTokensPerMinute: 80_000 }, 3)).toBe(
      'account allows ~4.0k requests/min, 400k input tokens/min, 80k output tokens/min; 3 at once',
    );
    expect(holdEndedSentence('overloaded', 'Claude API', 6 * 60_000)).toBe('Claude API answering again after 6 min');
    expect(holdEndedSentence('offline', 'Claude API', 40_000)).toBe('Network back after 40 s; the model API can be reached again');
    expect(formatDuration(65 * 60_000)).toBe('1 h 5 min');
    expect(retryTime(at(3, 40, 7), now)).toBe('03:40');
  });
});

describe('status text', () => {
  const job = (over: Partial<JobSummary>): JobSummary =>
    ({
      id: 'j1',
      courseId: '3f2a0000-0000',
      courseTitle: 'Stubborn',
      status: 'queued',
      itemsCompleted: 5,
      itemsTotal: 9,
      errorMessage: null,
      failedStep: 'lessons',
      retryCount: 0,
      usage: { input: 10, output: 20, cacheRead: 0, cacheWrite: 0 },
      costUsd: 0.01,
      calls: 6,
      autoRetries: 2,
      runAfter: at(3, 40),
      retryReason: 'The answer did not match the expected format after 4 attempts',
      ...over,
    }) as JobSummary;
  const base: StatusReport = {
    jobs: [job({})],
    totals: { jobs: 1, byStatus: { queued: 1 }, usage: { input: 10, output: 20, cacheRead: 0, cacheWrite: 0 }, costUsd: 0.01, calls: 6, savedUsd: 0 },
    courses: { total: 1, byStatus: { generating: 1 } },
    spend: { usage: { input: 10, output: 20, cacheRead: 0, cacheWrite: 0 }, costUsd: 0.01, calls: 6, savedUsd: 0 },
    retries: { scheduled: 1, next: at(3, 40) },
    lastRun: report,
  };
  const now = new Date(2026, 11, 7, 3, 30).getTime();

  it('shows a job waiting for its automatic retry, the count, and the last run', () => {
    const text = statusText(base, 120, now);
    expect(text).toContain('          retry 2 of 3 at 03:40, from lessons: The answer did not match the expected format after 4 attempts\n');
    expect(text).toContain('1 job waits for an automatic retry, next at 03:40 (a runner must be running: the app or course-studio run).');
    expect(text).toContain('\nLast run (command line, 2026-12-07 02:00 to 06:14, 4 h 14 min): 2 completed, 1 failed');
  });

  it('says what economy saved beside the jobs\' cost and every call\'s cost, only when it saved something', () => {
    const plain = statusText(base, 120, now);
    expect(plain).not.toContain('saved');
    const economy = statusText(
      {
        ...base,
        totals: { ...base.totals, costUsd: 0.02, savedUsd: 0.015 },
        spend: { ...base.spend, calls: 9, costUsd: 0.05, savedUsd: 0.015 },
      },
      120,
      now,
    );
    expect(economy).toContain('· 6 model calls · $0.0200 (saved $0.0150 with economy)\n');
    expect(economy).toContain('All model calls, outline options included: 9 calls · $0.0500 (saved $0.0150 with economy)\n');
  });

  it('shows a failed job\'s error, not a retry, once the retries are spent', () => {
    const text = statusText({ ...base, jobs: [job({ status: 'failed', errorMessage: 'Out of shape (after 3 automatic retries)', autoRetries: 3 })], retries: { scheduled: 0, next: null }, lastRun: null }, 120, now);
    expect(text).toContain('error in lessons: Out of shape (after 3 automatic retries)');
    expect(text).not.toMatch(/retry \d of 3/);
    expect(text).toContain('Last run: none recorded yet.');
  });
});
