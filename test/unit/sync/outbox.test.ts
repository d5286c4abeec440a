// The publish hook and the outbox's state machine, on a real SQLite store (no network).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishCourse } from '../../../src/main/courses/workflow';
import { Store } from '../../../src/main/db/store';
import { OutboxRepository } from '../../../src/main/sync/outbox';
import { createPublisher } from '../../../src/main/sync/publisher';
import { SyncLog } from '../../../src/main/sync/sync-log';
import { seedGeneratedCourse } from '../../support/sync/seed';

let store: Store;
let now: number;
let outbox: OutboxRepository;

beforeEach(() => {
  now = Date.parse('2026-11-22T10:00:00Z');
  store = Store.open(':memory:', { clockMs: () => now });
  outbox = new OutboxRepository(store.db, () => now);
});

afterEach(() => store.close());

describe('the publish hook', () => {
  it('marks the course published and queues it, and tells the worker after', () => {
    const told: string[] = [];
    const publish = createPublisher(store, { onPublished: (id) => told.push(id) });
    const id = seedGeneratedCourse(store, 'Go');
    publishCourse(store, id, publish);
    expect(store.courses.get(id)).toMatchObject({ status: 'published', publishedAt: new Date(now).toISOString() });
    expect(outbox.activeEntry(id)).toMatchObject({ courseId: id, state: 'pending', attempts: 0, nextAttemptAt: now });
    expect(outbox.statuses()).toMatchObject([{ courseId: id, state: 'pending', remoteId: id }]);
    expect(told).toEqual([id]);
    expect(new SyncLog(store.db, () => now).list({ courseId: id })[0]!.message).toMatch(/queued to sync/);
  });

  it('shares the caller’s transaction: a rollback leaves neither the published state nor the outbox entry', () => {
    const publish = createPublisher(store);
    const id = seedGeneratedCourse(store, 'Go');
    expect(() =>
      store.write(() => {
        publish(id);
        throw new Error('the job’s completing transaction failed');
      }),
    ).toThrow(/completing transaction/);
    expect(store.courses.get(id)!.status).toBe('approved');
    expect(outbox.activeEntry(id)).toBeNull();
    expect(outbox.statuses()).toEqual([]);
  });

  it('refuses an unknown course without writing anything', () => {
    const publish = createPublisher(store);
    expect(() => store.write(() => publish('00000000-0000-4000-8000-000000000000'))).toThrow(/No course/);
    expect(outbox.counts()).toEqual({ pending: 0, failed: 0, conflict: 0, synced: 0 });
  });

  it('a second publish supersedes the first entry: one active entry per course', () => {
    const id = seedGeneratedCourse(store, 'Go');
    const first = store.write(() => outbox.enqueue(id));
    const second = store.write(() => outbox.enqueue(id));
    expect(outbox.entry(first)).toMatchObject({ state: 'done', lastError: 'superseded by a newer publish' });
    expect(outbox.activeEntry(id)!.id).toBe(second);
  });
});

describe('outbox states', () => {
  let id: string;
  beforeEach(() => {
    id = seedGeneratedCourse(store, 'Rust');
    store.write(() => outbox.enqueue(id));
  });

  it('hands out due entries only, oldest due first', () => {
    const other = seedGeneratedCourse(store, 'Zig');
    store.write(() => outbox.enqueue(other));
    const entry = outbox.nextDue()!;
    expect(entry.courseId).toBe(id);
    outbox.markRetry(entry, 'offline', now + 5_000);
    expect(outbox.nextDue()!.courseId).toBe(other);
    expect(outbox.earliestDue()).toBe(now);
    outbox.markRetry(outbox.nextDue()!, 'offline', now + 9_000);
    expect(outbox.nextDue()).toBeNull();
    expect(outbox.earliestDue()).toBe(now + 5_000);
    now += 5_000;
    expect(outbox.nextDue()).toMatchObject({ courseId: id, attempts: 1, lastError: 'offline' });
  });

  it('records success with the remote version and forgets older push ids', () => {
    outbox.recordPushId(id, 'p1');
    outbox.recordPushId(id, 'p2');
    expect(outbox.course(id)!.pushIds).toEqual(['p1', 'p2']);
    outbox.markDone(outbox.nextDue()!, { remoteVersion: 7, pushId: 'p2' });
    expect(outbox.course(id)).toMatchObject({ state: 'synced', remoteVersion: 7, pushIds: ['p2'] });
    expect(outbox.statuses()[0]).toMatchObject({ state: 'synced', syncedAt: new Date(now).toISOString(), error: null });
  });

  it('stays pending when another publish arrived during the push', () => {
    const pushing = outbox.nextDue()!;
    store.write(() => outbox.enqueue(id));
    outbox.markDone(pushing, { remoteVersion: 3, pushId: 'p' });
    // The older entry was superseded; the newer one still has to go.
    expect(outbox.course(id)!.state).toBe('pending');
    expect(outbox.nextDue()).not.toBeNull();
  });

  it('failed entries wait for "Sync now"; back-off is forgotten too', () => {
    outbox.markFailed(outbox.nextDue()!, 'No permission');
    expect(outbox.nextDue()).toBeNull();
    expect(outbox.statuses()[0]).toMatchObject({ state: 'failed', error: 'No permission' });
    outbox.retryAll();
    expect(outbox.nextDue()).toMatchObject({ courseId: id, attempts: 0 });
    outbox.markRetry(outbox.nextDue()!, 'offline', now + 60_000);
    outbox.retryAll();
    expect(outbox.nextDue()).not.toBeNull();
  });

  it('conflict resolutions', () => {
    outbox.markConflict(outbox.nextDue()!, 9, 'changed on the backend');
    expect(outbox.nextDue()).toBeNull();
    expect(outbox.counts()).toMatchObject({ conflict: 1 });

    outbox.resolveConflict(id, 'overwrite');
    expect(outbox.nextDue()).toMatchObject({ force: true });
    outbox.markConflict(outbox.nextDue()!, 10, 'again');

    outbox.resolveConflict(id, 'duplicate');
    const dup = outbox.course(id)!;
    expect(dup.remoteId).not.toBe(id);
    expect(dup).toMatchObject({ state: 'pending', remoteVersion: null, pushIds: [] });
    expect(outbox.nextDue()).toMatchObject({ force: false });
    outbox.markConflict(outbox.nextDue()!, 11, 'and again');

    // Keep theirs is settled at the version actually read from the backend, and only for
    // the conflict that was read before (a newer publish would have taken its place).
    const { entry } = outbox.conflictOf(id);
    expect(() => outbox.keepTheirs(id, entry.id + 1, 12)).toThrow(/no sync conflict/);
    outbox.noteConflict(id, 'Could not keep theirs: offline.');
    expect(outbox.statuses()[0]).toMatchObject({ state: 'conflict', note: 'Could not keep theirs: offline.' });
    outbox.keepTheirs(id, entry.id, 12);
    expect(outbox.course(id)).toMatchObject({ state: 'synced', remoteVersion: 12, pushIds: [] });
    expect(outbox.statuses()[0]).toMatchObject({ error: null, note: 'Replaced with the backend’s version 12.' });
    expect(outbox.activeEntry(id)).toBeNull();
    expect(() => outbox.keepTheirs(id, entry.id, 12)).toThrow(/no sync conflict/);
    expect(() => outbox.resolveConflict(id, 'overwrite')).toThrow(/no sync conflict/);
  });
});

describe('the sync log', () => {
  it('lists per course or everything, newest last, and follows by id', () => {
    const log = new SyncLog(store.db, () => now);
    const id = seedGeneratedCourse(store, 'Go');
    log.append(null, 'info', 'configured');
    const a = log.append(id, 'warning', 'offline', { attempt: 1 });
    log.append(id, 'success', 'synced');
    expect(log.list({ courseId: id }).map((e) => e.message)).toEqual(['offline', 'synced']);
    expect(log.list().map((e) => e.message)).toEqual(['configured', 'offline', 'synced']);
    expect(log.list({ afterId: a.id }).map((e) => e.message)).toEqual(['synced']);
    expect(log.list({ limit: 1 }).map((e) => e.message)).toEqual(['synced']);
    expect(a.details).toEqual({ attempt: 1 });
  });
});
