// The preload: exposes the contract's named methods as `window.courseStudio` and nothing
// else — no ipcRenderer, no generic send. Bundled to one CommonJS file (sandbox: true).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { CourseStudioApi } from '../shared/ipc-contract';
import { commandChannel, eventChannel } from '../shared/ipc-names';
import { buildApi } from './api';

const api = buildApi({
  invoke: (command, input) => ipcRenderer.invoke(commandChannel(command), input),
  listen(event, listener) {
    // The IPC event object (with its sender) never reaches the page: only the payload.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), wrapped);
    };
  },
  // Only the path string crosses to main, in a materials.attach like a chosen file's.
  pathForFile: (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
}) satisfies CourseStudioApi;

contextBridge.exposeInMainWorld('courseStudio', api);
