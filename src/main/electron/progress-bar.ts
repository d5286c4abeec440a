// The whole queue's progress on the taskbar/dock icon. Recomputed at most once a second
// from the store (events only say that something moved, not the totals).
import type { BrowserWindow } from 'electron';
import type { AppCore } from '../app-core';
import { queueProgress } from '../core/queue-progress';

export function showQueueProgress(core: Pick<AppCore, 'subscribe' | 'store'>, win: BrowserWindow): () => void {
  let timer: NodeJS.Timeout | null = null;
  const update = () => {
    timer = null;
    if (win.isDestroyed()) return;
    const progress = queueProgress(core.store.jobs.list({ statuses: ['queued', 'generating_lessons', 'generating_tasks', 'finalizing'] }));
    win.setProgressBar(progress === null ? -1 : progress);
  };
  const unsubscribe = core.subscribe('runner.events', () => {
    timer ??= setTimeout(update, 1_000);
  });
  update();
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
