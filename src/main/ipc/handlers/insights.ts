// insights.get: the Insights page's figures, read from the store in one read transaction
// (in a worker in the app), or the last ones of that period when nothing they count has
// changed (insights/service.ts, insights/cache.ts).
import type { CoreContext } from '../../core/context';
import type { Handlers } from '../dispatch';

export function insightsHandlers(core: CoreContext) {
  return {
    'insights.get': ({ period, tzOffsetMinutes }) => core.insights.get(period, tzOffsetMinutes),
  } satisfies Partial<Handlers>;
}
