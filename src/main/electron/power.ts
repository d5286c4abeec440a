// Keeps the machine from suspending while jobs run (the display may still sleep), and lets
// it go as soon as the queue is idle.
import { powerSaveBlocker } from 'electron';
import type { AppCore } from '../app-core';

export function preventSuspendWhileRunning(core: Pick<AppCore, 'subscribe' | 'runner'>): () => void {
  let blocker: number | null = null;
  let pending: NodeJS.Timeout | null = null;
  const update = () => {
    pending = null;
    const busy = core.runner.activeJobIds.length > 0;
    if (busy && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!busy && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  };
  // A job leaves the runner's active set just after its last event, so look a moment later;
  // the slow interval catches anything that ends without a further event.
  const unsubscribe = core.subscribe('runner.events', () => {
    pending ??= setTimeout(update, 500);
  });
  const interval = setInterval(update, 15_000);
  interval.unref();
  return () => {
    unsubscribe();
    clearInterval(interval);
    if (pending) clearTimeout(pending);
    if (blocker !== null) powerSaveBlocker.stop(blocker);
    blocker = null;
  };
}
