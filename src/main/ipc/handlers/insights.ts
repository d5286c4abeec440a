// insights.get: the Insights page's figures, read from the store in one read transaction,
// or the last ones of that period when nothing they count has changed (insights/cache.ts).
import type Database from 'better-sqlite3';
import type { CoreContext } from '../../core/context';
import { InsightsCache, periodStart } from '../../insights';
import type { Handlers } from '../dispatch';

// One cache per connection: a store opened afresh (a new database) starts empty.
const caches = new WeakMap<Database.Database, InsightsCache>();

export function insightsHandlers(core: CoreContext) {
  return {
    'insights.get': ({ period, tzOffsetMinutes }) => {
      const nowMs = core.store.clockMs();
      const db = core.store.db;
      let cache = caches.get(db);
      if (!cache) caches.set(db, (cache = new InsightsCache(db)));
      return cache.read({ period, since: periodStart(period, nowMs), tzOffsetMinutes, nowMs });
    },
  } satisfies Partial<Handlers>;
}
