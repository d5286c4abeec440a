// Keeps the economy batch list (store/batches.ts) fresh while a screen that shows it is
// open: once when it opens, after runner events that change batches (throttled: a burst means
// one read), on a modest interval while the window is visible, and when it becomes visible.
import { useEffect } from 'react';
import { useBatches, touchesBatches } from '../store/batches';
import { api } from './api';

/** While visible: main polls a batch's status every 30 s or more, so no quicker here. */
export const BATCHES_POLL_MS = 30_000;
/** At most one read per this gap after runner events. */
const EVENT_GAP_MS = 500;

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
