// The app's first commands, sent while the rest of the bundle is still being evaluated:
// main.tsx imports this module before anything else, so app.ready (which the queue's
// snapshot follows) is on its way before react-dom and the shell are even evaluated, let
// alone rendered. Only stores and the API door here: nothing that pulls in React DOM or a page.
import { api, hasApi } from './lib/api';
import { useJobs } from './store/jobs';
import { useSettings } from './store/settings';
import { useSync } from './store/sync';

// The queue first: its snapshot is what the first screen waits for.
if (hasApi()) useJobs.getState().start();

/** app.info, asked for once at start-up: the shell shows the start-up failure screen from it. */
export const appInfo = hasApi() ? api().appInfo() : null;

if (hasApi()) {
  void useSettings.getState().load();
  // Never stopped: the shell, which needs sync states on every page, lives as long as the window.
  useSync.getState().start();
}
