// Every command's handler, by area. Typed as the full `Handlers` map, so a command added
// to the contract without a handler is a compile error.
import type { CoreContext } from '../core/context';
import type { Handlers } from './dispatch';
import { appHandlers } from './handlers/app';
import { contentHandlers } from './handlers/content';
import { courseHandlers } from './handlers/courses';
import { economyHandlers } from './handlers/economy';
import { insightsHandlers } from './handlers/insights';
import { historyHandlers } from './handlers/history';
import { jobHandlers } from './handlers/jobs';
import { materialHandlers } from './handlers/materials';
import { modelHandlers } from './handlers/models';
import { settingsHandlers } from './handlers/settings';
import { storageHandlers } from './handlers/storage';
import { syncHandlers } from './handlers/sync';
import { topicHandlers } from './handlers/topics';

export function createHandlers(core: CoreContext): Handlers {
  return {
    ...appHandlers(core),
    ...settingsHandlers(core),
    ...modelHandlers(core),
    ...topicHandlers(),
    ...courseHandlers(core),
    ...materialHandlers(core),
    ...contentHandlers(core),
    ...historyHandlers(core),
    ...jobHandlers(core),
    ...economyHandlers(core),
    ...insightsHandlers(core),
    ...syncHandlers(core),
    ...storageHandlers(core),
  };
}
