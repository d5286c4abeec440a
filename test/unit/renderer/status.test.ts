import { describe, expect, it } from 'vitest';
import { JOB_STATUSES } from '../../../src/shared/domain';
import { countByFilter, filterJobs, statusMatches } from '../../../src/renderer/lib/queue-filter';
import { JOB_STATUS_BADGES, jobActions } from '../../../src/renderer/lib/status';
import { job } from './job-fixtures';

describe('status badges', () => {
  it('uses the agreed colours per status', () => {
    const tones = Object.fromEntries(JOB_STATUSES.map((s) => [s, JOB_STATUS_BADGES[s].tone]));
    expect(tones).toEqual({
      queued: 'grey',
      generating_lessons: 'blue',
      generating_tasks: 'blue',
      finalizing: 'purple',
      completed: 'green',
      failed: 'red',
      cancelled: 'grey',
      paused: 'amber',
    });
    expect(JOB_STATUS_BADGES.generating_tasks.label).toBe('Generating tasks');
  });

  it('offers only actions that fit the status', () => {
    expect(jobActions('failed')).toEqual({ cancel: false, retry: true, pause: false, resume: false, delete: true });
    expect(jobActions('generating_lessons')).toEqual({ cancel: true, retry: false, pause: true, resume: false, delete: false });
    expect(jobActions('paused')).toMatchObject({ resume: true, pause: false, cancel: true });
  });
});

describe('queue filters', () => {
  const jobs = [
    job({ id: '1', status: 'generating_tasks', courseTitle: 'React Hooks' }),
    job({ id: '2', status: 'paused', courseTitle: 'Rust' }),
    job({ id: '3', status: 'failed', courseTitle: 'react native', errorMessage: 'Invalid key' }),
    job({ id: '4', status: 'completed', courseTitle: 'Go' }),
  ];

  it('groups paused under queued and running steps under running', () => {
    expect(statusMatches('paused', 'queued')).toBe(true);
    expect(statusMatches('finalizing', 'running')).toBe(true);
    expect(countByFilter(jobs)).toEqual({ all: 4, running: 1, queued: 1, completed: 1, failed: 1, cancelled: 0 });
  });

  it('searches titles case-insensitively, combined with the status filter', () => {
    expect(filterJobs(jobs, { filter: 'all', search: 'REACT' }).map((j) => j.id)).toEqual(['1', '3']);
    expect(filterJobs(jobs, { filter: 'failed', search: 'react' }).map((j) => j.id)).toEqual(['3']);
    expect(filterJobs(jobs, { filter: 'all', search: 'invalid key' }).map((j) => j.id)).toEqual(['3']);
  });
});
