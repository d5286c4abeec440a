// The publish hook given to the runner (auto-publish) and to publishCourse (a reviewer's
// publish). It marks the course published and records the outbox entry in one
// transaction — the caller's, when there is one — so a crash can never leave a published
// course that will not sync, or a sync entry for a course that was not published.
import type { Store } from '../db/store';
import { OutboxRepository } from './outbox';
import { SyncLog } from './sync-log';

export interface PublisherOptions {
  /** Told after the publish is recorded, inside the caller's transaction (the worker schedules a push, views are told). */
  onPublished?: (courseId: string) => void;
}

export function createPublisher(store: Store, options: PublisherOptions = {}): (courseId: string) => void {
  const outbox = new OutboxRepository(store.db, store.clockMs);
  const log = new SyncLog(store.db, store.clockMs);
  // better-sqlite3 nests this as a savepoint inside the caller's transaction.
  const publish = store.db.transaction((courseId: string) => {
    store.courses.require(courseId);
    store.courses.publish(courseId);
    const entryId = outbox.enqueue(courseId);
    log.append(courseId, 'info', 'Published; queued to sync to the backend', { outboxId: entryId });
  });
  return (courseId) => {
    publish(courseId);
    options.onPublished?.(courseId);
  };
}

/**
 * For edits to a course that is already published: queues the edited course to sync (no
 * status change), inside the caller's transaction, so the backend never keeps an older
 * text than the app without anyone knowing. Does nothing for unpublished courses.
 */
export function createRepublisher(store: Store, options: PublisherOptions = {}): (courseId: string) => void {
  const outbox = new OutboxRepository(store.db, store.clockMs);
  const log = new SyncLog(store.db, store.clockMs);
  const republish = store.db.transaction((courseId: string): boolean => {
    if (store.courses.require(courseId).status !== 'published') return false;
    const entryId = outbox.enqueue(courseId);
    log.append(courseId, 'info', 'Edited after publishing; queued to sync the new version', { outboxId: entryId });
    return true;
  });
  return (courseId) => {
    if (republish(courseId)) options.onPublished?.(courseId);
  };
}
