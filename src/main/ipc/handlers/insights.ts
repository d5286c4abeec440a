// insights.get: the Insights page's figures, read from the store in one read transaction.
import type { CoreContext } from '../../core/context';
import { periodStart, readInsights } from '../../insights';
import type { Handlers } from '../dispatch';

export function insightsHandlers(core: CoreContext) {
  return {
    'insights.get': ({ period, tzOffsetMinutes }) => {
      const nowMs = core.store.clockMs();
      return readInsights(core.store.db, { period, since: periodStart(period, nowMs), tzOffsetMinutes, nowMs });
    },
  } satisfies Partial<Handlers>;
}
