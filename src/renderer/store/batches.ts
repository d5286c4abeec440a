// The economy batches on the API (issue 14), for the queue page's "Economy batches" view and a
// job's detail ("Waiting in economy batch msgbatch_…"). Read while a screen that shows batches
// is open: once when it opens, after runner events that change batches (throttled: a burst
// means one read), and on a modest interval while the window is visible (the API's counts
// move between the runner's polls).
import { useEffect } from 'react';
import { create } from 'zustand';
import type { EconomyBatchView } from '../../shared/economy';
import type { RunnerEvent } from '../../shared/events';
import { api, call, errorMessage } from '../lib/api';

/** While visible: a batch's status on the API is polled by main every 30 s or more, so no quicker here. */
export const BATCHES_POLL_MS = 30_000;
/** At most one read per this gap after runner events (a burst of them means one read). */
const EVENT_GAP_MS = 500;

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

/** Keeps the batch list fresh while the calling screen is open and `active`. */
export function useBatchesRefresh(active = true): void {
  useEffect(() => {
    if (!active) return;
    const refresh = () => void useBatches.getState().refresh();
    refresh();
    let eventTimer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = api().onRunnerEvents((batch) => {
      if (eventTimer || !touchesBatches(batch)) return;
      eventTimer = setTimeout(() => {
        eventTimer = null;
        refresh();
      }, EVENT_GAP_MS);
    });
    const interval = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, BATCHES_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      unsubscribe();
      if (eventTimer) clearTimeout(eventTimer);
      clearInterval(interval);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [active]);
}
