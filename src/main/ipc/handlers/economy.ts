// estimate.* and batches.*: the cost estimate before queuing (no model call), and the
// economy batches on the API as the store records them.
import { readModelRouting, readModelSettings } from '../../core/app-settings';
import type { CoreContext } from '../../core/context';
import { estimateCourses } from '../../estimate/estimate';
import type { Handlers } from '../dispatch';

export function economyHandlers(core: CoreContext) {
  return {
    // The model new jobs would use: the one Settings names; steps routed to a local model at $0.
    'estimate.courses': ({ courseIds }) => estimateCourses(core.store, courseIds, readModelSettings(core.store).model, readModelRouting(core.store)),
    'batches.list': () => core.store.batches.list(),
  } satisfies Partial<Handlers>;
}
