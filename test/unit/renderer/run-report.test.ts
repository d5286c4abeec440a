import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/shared/domain';
import { reportIsEmpty, runReportLine } from '../../../src/shared/run-report-text';
import { runReportSpan } from '../../../src/renderer/lib/run-report';

function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    id: 7,
    source: 'app',
    startedAt: '2026-03-10T01:00:00.000Z',
    endedAt: '2026-03-10T05:12:00.000Z',
    completed: Array.from({ length: 18 }, (_, i) => ({ jobId: `c${i}`, courseTitle: `Course ${i}` })),
    failed: [
      { jobId: 'f1', courseTitle: 'Rust', reason: 'The API key was rejected', step: 'tasks' },
      { jobId: 'f2', courseTitle: 'Go', reason: 'Claude API overloaded (529) after 4 attempts', step: 'lessons' },
    ],
    autoRetries: 3,
    waited: { providerMs: 12 * 60_000 + 5_000, networkMs: 0, rateLimitMs: 0 },
    rateLimited: 4,
    calls: 420,
    usage: { input: 800_000, output: 350_000, cacheRead: 50_000, cacheWrite: 0 },
    costUsd: 3.4149,
    savedUsd: 0,
    ...overrides,
  };
}

const LINE = '18 completed, 2 failed, 3 automatic retries, waited 12 min on the Claude API and 0 min on the network, 4 × 429, 1.2M tokens, $3.41';

describe('the morning report in one line', () => {
  it('gives the figures in one line (the queue page and the desktop notification share it)', () => {
    expect(runReportLine(report())).toBe(LINE);
  });

  it('names the wait on rate limits when there was one, and one retry in the singular', () => {
    const r = report({ autoRetries: 1, waited: { providerMs: 0, networkMs: 90_000, rateLimitMs: 5 * 60_000 } });
    const text = '18 completed, 2 failed, 1 automatic retry, waited 0 min on the Claude API, 1 min on the network and 5 min on rate limits, 4 × 429, 1.2M tokens, $3.41';
    expect(runReportLine(r)).toBe(text);
  });

  it('says what economy saved when its batches saved something', () => {
    expect(runReportLine(report({ savedUsd: 1.234 }))).toBe(`${LINE}, saved $1.23 with economy`);
    expect(runReportLine(report({ savedUsd: 0.004 }))).toBe(`${LINE}, saved <$0.01 with economy`);
  });

  it('gives the run’s start and length', () => {
    expect(runReportSpan(report())).toMatch(/, for 4 h 12 min$/);
  });

  it('has nothing to say for a run that finished nothing', () => {
    const empty = report({ completed: [], failed: [], autoRetries: 0 });
    expect(reportIsEmpty(empty)).toBe(true);
    expect(reportIsEmpty(report({ completed: [], failed: [] }))).toBe(false);
  });
});
