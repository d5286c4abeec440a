// The economy batches on the API (issue 14), for the queue page's "Economy batches" view and a
// job's detail ("Waiting in economy batch msgbatch_…"). Read while a screen that shows batches
// is open (lib/use-batches-refresh.ts); one read at a time, and one more if asked meanwhile.
import { create } from 'zustand';
import type { EconomyBatchView } from '../../shared/economy';
import type { RunnerEvent } from '../../shared/events';
import { api, call, errorMessage } from '../lib/api';

interface BatchesStore {
  batches: EconomyBatchView[] | null;
  /** Why the last read failed; cleared by the next one that works. */
  error: string | null;
  refresh(): Promise<void>;
}

let inFlight: Promise<void> | null = null;
/** A read was asked for while one ran: that one may have read before the change, so one more follows. */
let again = false;

export const useBatches = create<BatchesStore>((set) => ({
  batches: null,
  error: null,
  async refresh() {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        try {
          set({ batches: await call(api().batchesList()), error: null });
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      } while (again);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  },
}));

/** Events after which the list is read again: main says batches changed, or a job came or went. */
export function touchesBatches(batch: readonly RunnerEvent[]): boolean {
  return batch.some((event) => {
    const type: string = event.type;
    return type === 'batches.changed' || type === 'job.queued' || type === 'job.cancelled' || type === 'job.deleted' || type === 'job.completed' || type === 'job.failed';
  });
}
