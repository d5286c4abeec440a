// jobs.* and queue.*: thin over the runner. Bulk commands act on each id on its own and
// report per id, so one finished job in a selection does not stop the rest.
import type { BulkResult } from '../../../shared/ipc-contract';
import { readPreferences } from '../../core/app-settings';
import { requireChosenFolder } from '../../core/chosen-folders';
import type { CoreContext } from '../../core/context';
import { queueGroupsOf } from '../../db/repositories/queue-groups';
import type { EnqueueOptions } from '../../db/repositories/jobs';
import type { Handlers } from '../dispatch';
import { NotFoundError, toCommandError } from '../errors';

function bulk(jobIds: readonly string[], act: (id: string) => void): BulkResult {
  const result: BulkResult = { done: [], failed: [] };
  for (const id of new Set(jobIds)) {
    try {
      act(id);
      result.done.push(id);
    } catch (error) {
      result.failed.push({ id, message: toCommandError(error).message });
    }
  }
  return result;
}

export function jobHandlers(core: CoreContext) {
  const { runner, store } = core;
  return {
    'jobs.enqueue': ({ courseId, autoPublish, priority, runAfter, stepwise, economy, queueGroup, autoExport }) => {
      const preferences = readPreferences(store);
      // Absent: Settings' default. A folder given must have been picked in the dialog (or be that default's).
      const exportTo = autoExport === undefined ? preferences.defaultAutoExport : autoExport;
      const checkedExport = exportTo && {
        folder: requireChosenFolder(core.folders, exportTo.folder, 'autoExport.folder', [preferences.defaultAutoExport?.folder]),
        formats: exportTo.formats,
      };
      // Jobs queued together name their group (its budget is per group); one alone gets its own.
      const group = store.write(() => queueGroupsOf(store).ensure(queueGroup, queueGroup ? 'queued together' : 'one course'));
      const options: EnqueueOptions = {
        autoPublish,
        priority,
        runAfter: runAfter === null ? null : Date.parse(runAfter),
        stepwise,
        economy: economy ?? preferences.defaultEconomy,
        queueGroup: group.id,
        autoExport: checkedExport,
      };
      return runner.enqueue(courseId, options);
    },
    'jobs.snapshot': (query = {}) => {
      const { seq, jobs, queue, report } = runner.snapshot(query);
      const last = jobs.at(-1);
      const full = query.limit !== undefined && jobs.length === query.limit;
      return { seq, jobs, queue, next: full && last ? { createdAt: last.createdAt, id: last.id } : null, report };
    },
    'jobs.groupTotals': ({ queueGroup }) => {
      if (!queueGroupsOf(store).get(queueGroup)) throw new NotFoundError(`No queue group with id ${queueGroup}.`);
      return { id: queueGroup, ...queueGroupsOf(store).totals(queueGroup) };
    },
    'jobs.cancel': ({ jobIds }) => bulk(jobIds, (id) => runner.cancel(id)),
    'jobs.retry': ({ jobIds }) => bulk(jobIds, (id) => runner.retry(id)),
    'jobs.delete': ({ jobIds }) => bulk(jobIds, (id) => runner.deleteJob(id)),
    'jobs.pause': ({ jobIds }) => bulk(jobIds, (id) => runner.pauseJob(id)),
    'jobs.resume': ({ jobIds }) => bulk(jobIds, (id) => runner.resumeJob(id)),
    'jobs.logs': ({ jobId, ...query }) => {
      if (!store.jobs.get(jobId)) throw new NotFoundError(`No job with id ${jobId}.`);
      return store.logs.list(jobId, query);
    },
    'queue.pause': () => {
      runner.pause();
      return runner.queueState();
    },
    'queue.resume': () => {
      runner.resume();
      return runner.queueState();
    },
    'queue.setLimits': (limits) => {
      runner.setLimits(limits);
      return runner.queueState();
    },
  } satisfies Partial<Handlers>;
}
