// The queue's cause filter (what an Insights link opens) and the Insights page's words for
// numbers: durations, rates, money, days and buckets.
import { describe, expect, it } from 'vitest';
import { bucketLabel, dayLabel, formatMs, formatRate, formatUsd, parsePeriod } from '../../../src/renderer/lib/insights-format';
import { causeQueueHash, filterJobs, parseQueueView, queueViewQuery } from '../../../src/renderer/lib/queue-filter';
import { formatHash } from '../../../src/renderer/lib/route';
import { job } from './job-fixtures';

const SINCE = '2026-11-30T12:00:00.000Z';

describe('the queue narrowed to a failure cause', () => {
  const jobs = [
    job({ id: 'a', status: 'failed', failureCause: 'rate_limit', completedAt: '2026-12-01T00:00:00.000Z' }),
    job({ id: 'b', status: 'failed', failureCause: 'rate_limit', completedAt: '2026-11-01T00:00:00.000Z' }),
    job({ id: 'c', status: 'failed', failureCause: 'network', completedAt: '2026-12-02T00:00:00.000Z' }),
    job({ id: 'd', status: 'cancelled', failureCause: 'cancelled', completedAt: '2026-12-03T00:00:00.000Z' }),
    job({ id: 'e', status: 'completed', completedAt: '2026-12-03T00:00:00.000Z' }),
  ];

  it('links from Insights carry the status, the cause and the period start', () => {
    expect(formatHash(['queue'], causeQueueHash('rate_limit', SINCE))).toBe(`#/queue?status=failed&cause=rate_limit&since=${encodeURIComponent(SINCE)}`);
    expect(formatHash(['queue'], causeQueueHash('cancelled', null))).toBe('#/queue?status=cancelled&cause=cancelled');
  });

  it('shows only the jobs of that cause that ended in the period', () => {
    const view = parseQueueView({ status: 'failed', cause: 'rate_limit', since: SINCE });
    expect(view).toEqual({ filter: 'failed', search: '', cause: 'rate_limit', since: SINCE });
    expect(filterJobs(jobs, view).map((j) => j.id)).toEqual(['a']);
    expect(filterJobs(jobs, parseQueueView({ status: 'cancelled', cause: 'cancelled' })).map((j) => j.id)).toEqual(['d']);
    expect(queueViewQuery(view)).toEqual({ status: 'failed', q: undefined, cause: 'rate_limit', since: SINCE });
  });

  it('ignores a cause or a time it does not know, rather than showing an empty table', () => {
    expect(parseQueueView({ status: 'failed', cause: 'gremlins', since: 'yesterday' })).toEqual({ filter: 'failed', search: '' });
  });
});

describe('Insights words', () => {
  it('durations, rates, money, days and buckets', () => {
    expect([formatMs(null), formatMs(850), formatMs(12_340), formatMs(390_000), formatMs(7_560_000)]).toEqual(['—', '850 ms', '12.3 s', '6.5 min', '2.1 h']);
    expect([formatRate(null), formatRate(4 / 7)]).toEqual(['—', '57.1 %']);
    expect([formatUsd(0), formatUsd(0.01234), formatUsd(107.891)]).toEqual(['$0', '$0.0123', '$107.89']);
    expect(dayLabel('2026-12-07')).toBe('7 Dec');
    expect([bucketLabel(120_000, 240_000), bucketLabel(1_100_000, null)]).toEqual(['2.0 min – 4.0 min', '≥ 18.3 min']);
    expect([parsePeriod('30d'), parsePeriod(undefined), parsePeriod('1y')]).toEqual(['30d', '7d', '7d']);
  });
});
