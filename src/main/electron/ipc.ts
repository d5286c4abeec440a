// Registers every command of the contract on ipcMain, each through the one guarded
// wrapper (sender check → dispatch). This is the only `ipcMain.handle` in the app.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, commandChannel } from '../../shared/ipc-contract';
import type { Dispatch } from '../ipc/dispatch';
import { guardCommand, type SenderInfo, type TrustedWindow } from '../ipc/sender';

export function describeSender(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frame: frame && !frame.detached ? { url: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame } : null,
  };
}

export function registerIpc(deps: {
  dispatch: () => Dispatch;
  trusted: () => TrustedWindow | null;
  /** The window's renderer called app.ready: start its event stream. */
  onReady: (webContentsId: number) => void;
}): () => void {
  for (const name of COMMAND_NAMES) {
    const handler = guardCommand<IpcMainInvokeEvent>(name, {
      dispatch: (command, input, ctx) => deps.dispatch()(command, input, ctx),
      trusted: deps.trusted,
      describe: describeSender,
      context: (event) => ({ onReady: () => deps.onReady(event.sender.id) }),
    });
    ipcMain.handle(commandChannel(name), handler);
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}
