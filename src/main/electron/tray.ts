// The tray icon that keeps the app reachable while the window is closed and jobs run on.
import { Menu, Tray, nativeImage } from 'electron';
import type { Runner } from '../runner/runner';

export function createTray(deps: { iconPath: string; runner: Runner; show: () => void; quit: () => void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath).resize({ width: 16, height: 16 }));
  tray.setToolTip('Course Studio — generating in the background');
  const rebuild = () => {
    const paused = deps.runner.queueState().paused;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Course Studio', click: deps.show },
        {
          label: paused ? 'Resume the queue' : 'Pause the queue',
          click: () => {
            if (paused) deps.runner.resume();
            else deps.runner.pause();
            rebuild();
          },
        },
        { type: 'separator' },
        { label: 'Quit', click: deps.quit },
      ]),
    );
  };
  rebuild();
  tray.on('click', deps.show);
  return tray;
}
