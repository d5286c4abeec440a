// The economy batches on the API (issue 14), for the queue page's "Economy batches" view and a
// job's detail ("Waiting in economy batch msgbatch_…"). Main pushes no batch events, so this
// is read while a screen that shows batches is open: once when it opens, after runner events
// (throttled: a burst of landed units means one read), and on a modest interval while the
// window is visible (a batch's processing status changes on the API, not in the runner).
import { useEffect } from 'react';
import { create } from 'zustand';
import type { EconomyBatchView } from '../../shared/economy';
import { api, call, errorMessage } from '../lib/api';
import { useJobs } from './jobs';

/** While visible: a batch's status on the API is polled by main every 30 s or more, so no quicker here. */
export const BATCHES_POLL_MS = 30_000;
/** At most one read per this gap after runner events. */
const EVENT_GAP_MS = 2_000;

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

/** Keeps the batch list fresh while the calling screen is open and `active`. */
export function useBatchesRefresh(active = true): void {
  useEffect(() => {
    if (!active) return;
    const refresh = () => void useBatches.getState().refresh();
    refresh();
    let eventTimer: ReturnType<typeof setTimeout> | null = null;
    // Runner events change the jobs' state: a batch may have been submitted or have ended.
    const unsubscribe = useJobs.subscribe((state, previous) => {
      if (state.data === previous.data || eventTimer) return;
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
