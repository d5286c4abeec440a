// The app's first commands, sent while the rest of the bundle is still being evaluated:
// main.tsx imports this module before anything else, so app.ready (which the queue's
// snapshot follows) is on its way before react-dom and the shell are even evaluated, let
// alone rendered. Only stores and the API door here: nothing that pulls in React DOM or a page.
import { api, hasApi } from './lib/api';
import { parseHash } from './lib/route';
import { prefetchNewestLog } from './pages/queue/use-job-log';
import { useJobs } from './store/jobs';
import { useSettings } from './store/settings';
import { useSync } from './store/sync';

// The queue first: its snapshot is what the first screen waits for.
if (hasApi()) useJobs.getState().start();

/**
 * Settles when the queue's first page is in (or failed), or after `capMs`: main.tsx renders
 * then, so the first paint already shows the jobs rather than a loading state that is
 * replaced a moment later (one render, layout and paint fewer before the first row).
 */
export function firstJobs(capMs: number): Promise<void> {
  return new Promise((resolve) => {
    const settled = () => useJobs.getState().status === 'ready' || useJobs.getState().status === 'error';
    if (!hasApi() || settled()) return resolve();
    const timer = setTimeout(done, capMs);
    const unsubscribe = useJobs.subscribe(() => settled() && done());
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const opened = parseHash(window.location.hash).segments;

/** A window opened on a job (`#/queue/<id>`) asks for its log now too; resolves when it is in. */
export const firstLog: Promise<void> | null =
  hasApi() && opened[0] === 'queue' && UUID.test(opened[1] ?? '') ? prefetchNewestLog(opened[1]!) : null;

/** app.info, asked for once at start-up: the shell shows the start-up failure screen from it. */
export const appInfo = hasApi() ? api().appInfo() : null;

if (hasApi()) {
  void useSettings.getState().load();
  // Never stopped: the shell, which needs sync states on every page, lives as long as the window.
  useSync.getState().start();
}
