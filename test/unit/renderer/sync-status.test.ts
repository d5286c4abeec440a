// How sync states read in the queue, the course view and the sync page.
import { describe, expect, it } from 'vitest';
import type { CourseSyncStatus, SyncStatus } from '../../../src/shared/sync';
import { courseSyncLook, sortForAttention, syncSummary } from '../../../src/renderer/lib/sync-status';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const base: CourseSyncStatus = {
  courseId: 'c',
  state: 'pending',
  remoteId: 'c',
  remoteVersion: null,
  syncedAt: null,
  error: null,
  note: null,
  attempts: 0,
  nextAttemptAt: null,
};

describe('course sync look', () => {
  it('synced says when, and how a conflict was settled', () => {
    expect(courseSyncLook({ ...base, state: 'synced', syncedAt: '2026-11-22T11:55:00Z' }, NOW)).toEqual({ label: 'Synced', tone: 'green', detail: 'Synced 5 min ago' });
    expect(courseSyncLook({ ...base, state: 'synced', syncedAt: '2026-11-22T11:59:50Z', note: 'Kept the backend’s version' }, NOW).detail).toBe(
      'Synced just now — Kept the backend’s version',
    );
  });

  it('pending says why the last try failed, or when the next one is', () => {
    expect(courseSyncLook({ ...base, error: 'The backend could not be reached.' }, NOW)).toMatchObject({ tone: 'amber', detail: 'The backend could not be reached.' });
    expect(courseSyncLook({ ...base, nextAttemptAt: '2026-11-22T12:10:00Z' }, NOW).detail).toBe('Next try in 10 min.');
    expect(courseSyncLook({ ...base, error: 'HTTP 503.', nextAttemptAt: '2026-11-22T12:02:00Z' }, NOW).detail).toBe('HTTP 503. Next try in 2 min.');
    expect(courseSyncLook(base, NOW).detail).toBe('Waiting to be pushed');
  });

  it('a sync newer than the ticking clock reads "just now", not "in a moment"', () => {
    expect(courseSyncLook({ ...base, state: 'synced', syncedAt: '2026-11-22T12:00:20Z' }, NOW).detail).toBe('Synced just now');
  });

  it('failed and conflict are red and say why', () => {
    expect(courseSyncLook({ ...base, state: 'failed', error: 'No permission: …' }, NOW)).toEqual({ label: 'Sync failed', tone: 'red', detail: 'No permission: …' });
    expect(courseSyncLook({ ...base, state: 'conflict', error: null }, NOW)).toMatchObject({ label: 'Sync conflict', detail: 'The course was changed on the backend.' });
    expect(courseSyncLook({ ...base, state: 'conflict', error: 'Changed on the backend.', note: 'Could not keep the backend’s version: offline.' }, NOW).detail).toBe(
      'Changed on the backend. Could not keep the backend’s version: offline.',
    );
  });
});

describe('summary and ordering', () => {
  const status = (patch: Partial<SyncStatus>): SyncStatus => ({
    configured: true,
    url: 'https://x.supabase.co',
    account: null,
    organization: null,
    worker: 'idle',
    message: null,
    retryAt: null,
    counts: { pending: 0, failed: 0, conflict: 0, synced: 3 },
    courses: [],
    ...patch,
  });

  it('reads as one line', () => {
    expect(syncSummary(status({ configured: false }))).toMatch(/^Sync is off/);
    expect(syncSummary(status({}))).toBe('Up to date — 3 synced');
    expect(syncSummary(status({ worker: 'offline', message: 'The backend cannot be reached.', counts: { pending: 2, failed: 1, conflict: 0, synced: 0 } }))).toBe(
      'The backend cannot be reached. (2 pending, 1 failed)',
    );
  });

  it('puts courses that need a person first', () => {
    const order = sortForAttention([
      { ...base, courseId: 'a', state: 'synced' },
      { ...base, courseId: 'b', state: 'pending' },
      { ...base, courseId: 'c', state: 'failed' },
      { ...base, courseId: 'd', state: 'conflict' },
    ]).map((c) => c.courseId);
    expect(order).toEqual(['d', 'c', 'b', 'a']);
  });
});
