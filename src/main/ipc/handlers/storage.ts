// courses.bin / restore / removeForGood and storage.*: the course bin and Settings → Storage.
import type { CoreContext } from '../../core/context';
import { listBin } from '../../housekeeping/bin';
import { saveHousekeeping } from '../../housekeeping/settings';
import type { Handlers } from '../dispatch';
import { NotFoundError } from '../errors';

export function storageHandlers(core: CoreContext) {
  const { store, housekeeping } = core;
  return {
    'courses.bin': () => listBin(store),
    'courses.restore': ({ courseId }) => {
      if (!store.write(() => store.courses.restore(courseId))) throw new NotFoundError('That course is not in the bin (it was restored or removed for good meanwhile).');
      return store.courses.require(courseId);
    },
    'courses.removeForGood': ({ courseIds, all }) => housekeeping.removeForGood(all ? undefined : courseIds),
    'storage.get': () => housekeeping.view(),
    'storage.cleanup': (input) =>
      housekeeping.cleanup({
        logsOlderThanDays: input.action === 'logs' ? input.olderThanDays : null,
        keepVersions: input.action === 'versions' ? input.keep : null,
        purgeDeleted: input.action === 'bin',
        dryRun: input.dryRun,
      }),
    'storage.compact': () => housekeeping.compact(),
    'storage.setSchedule': (patch) => saveHousekeeping(store, patch),
  } satisfies Partial<Handlers>;
}
