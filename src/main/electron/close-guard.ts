// Closing the window while jobs run asks what to do: keep generating in the background
// (the window hides, a tray icon stays) or pause the queue and quit. Quitting for real
// (menu, tray, OS shutdown) is never asked about: the runner hands its leases back.
import { dialog, type BrowserWindow } from 'electron';
import type { Runner } from '../runner/runner';

export type CloseChoice = 'background' | 'pause' | 'cancel';

export function guardWindowClose(
  win: BrowserWindow,
  deps: { runner: Runner; isQuitting: () => boolean; keepInBackground: () => void; pauseAndQuit: () => void },
): void {
  let asking = false;
  win.on('close', (event) => {
    if (deps.isQuitting() || deps.runner.activeJobIds.length === 0) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    const running = deps.runner.activeJobIds.length;
    void dialog
      .showMessageBox(win, {
        type: 'question',
        buttons: ['Keep generating in the background', 'Pause the queue and quit', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
        title: 'Jobs are still running',
        message: `${running} course${running === 1 ? ' is' : 's are'} still being generated.`,
        detail:
          'Keep generating in the background: the window closes and Course Studio stays in the tray until the queue is done.\n' +
          'Pause the queue and quit: running jobs stop after their current requests and continue where they left off next time.',
      })
      .then(({ response }) => {
        const choice: CloseChoice = response === 0 ? 'background' : response === 1 ? 'pause' : 'cancel';
        if (choice === 'background') deps.keepInBackground();
        else if (choice === 'pause') deps.pauseAndQuit();
      })
      .finally(() => {
        asking = false;
      });
  });
}
