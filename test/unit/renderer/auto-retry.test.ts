import { describe, expect, it } from 'vitest';
import { countByFilter, statusMatches } from '../../../src/renderer/lib/queue-filter';
import { autoRetryLabel, autoRetryWait, jobActions } from '../../../src/renderer/lib/status';
import { job } from './job-fixtures';

const now = new Date(2026, 2, 10, 3, 30).getTime();
const at = (h: number, m: number) => new Date(2026, 2, 10, h, m).toISOString();

describe('a job waiting for an automatic retry', () => {
  const waiting = job({ id: 'w', status: 'queued', autoRetries: 2, runAfter: at(3, 40), retryReason: 'Claude API overloaded (529)', startedAt: at(2, 0) });

  it('reads "Retry 2 of 3 at 03:40", with the failure that scheduled it', () => {
    const wait = autoRetryWait(waiting, now);
    expect(wait).toEqual({ attempt: 2, at: at(3, 40), reason: 'Claude API overloaded (529)' });
    expect(autoRetryLabel(wait!)).toBe('Retry 2 of 3 at 03:40');
  });

  it('is only a queued job with a count and a start still ahead', () => {
    expect(autoRetryWait({ ...waiting, runAfter: at(3, 20) }, now)).toBeNull();
    expect(autoRetryWait({ ...waiting, autoRetries: 0 }, now)).toBeNull();
    expect(autoRetryWait({ ...waiting, status: 'generating_tasks' }, now)).toBeNull();
    expect(autoRetryWait({ ...waiting, runAfter: null }, now)).toBeNull();
  });

  it('can be retried now, as well as paused or cancelled', () => {
    expect(jobActions('queued', true)).toEqual({ cancel: true, retry: true, pause: true, resume: false, delete: true });
    expect(jobActions('queued')).toMatchObject({ retry: false });
    // Only a queued job can wait for a retry.
    expect(jobActions('generating_lessons', true)).toMatchObject({ retry: false });
  });

  it('counts as queued in the filters', () => {
    expect(statusMatches(waiting.status, 'queued')).toBe(true);
    expect(countByFilter([waiting, job({ id: 'f', status: 'failed' })])).toMatchObject({ queued: 1, failed: 1, running: 0 });
  });
});
