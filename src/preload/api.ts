// Builds `window.courseStudio` from the contract: one named method per command and one
// `on…` listener per event, nothing else. Transport-agnostic, so the Electron preload
// (ipcRenderer) and the browser test bridge (WebSocket) expose exactly the same object.
// Names from ipc-names, types from the contract: the contract's zod schemas stay out of the preload.
import type { CommandResult, CourseStudioApi } from '../shared/ipc-contract';
import { COMMAND_NAMES, EVENT_NAMES, listenerName, methodName, type CommandName, type EventName } from '../shared/ipc-names';

export interface ApiTransport {
  invoke(command: CommandName, input: unknown): Promise<CommandResult<unknown>>;
  /** Subscribes to one event; returns the unsubscribe. */
  listen(event: EventName, listener: (payload: unknown) => void): () => void;
  /** A dropped file's path (Electron's webUtils); absent: no file has a path here (the browser bridge). */
  pathForFile?: (file: object) => string | null;
}

export function buildApi(transport: ApiTransport): CourseStudioApi {
  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    api[methodName(name)] = (input?: unknown) => transport.invoke(name, input);
  }
  for (const name of EVENT_NAMES) {
    api[listenerName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${listenerName(name)} needs a listener function.`);
      return transport.listen(name, listener);
    };
  }
  api['pathForFile'] = (file: object): string | null => {
    try {
      return transport.pathForFile?.(file) || null;
    } catch {
      // Not a File (or one made in memory): the caller sends its bytes instead.
      return null;
    }
  };
  // The mapped types are built from the same lists, which a unit test checks key by key.
  return Object.freeze(api) as unknown as CourseStudioApi;
}
