// Browser side of the test bridge: implements `window.courseStudio` (the exact
// CourseStudioApi, built by the same buildApi the Electron preload uses) over the
// bridge's WebSocket. Loaded as a classic script before the renderer, so the API exists
// when the app starts; calls made before the socket opens wait for it.
//
// Built for the browser (an IIFE) by build.ts. It is type-checked with the Node project,
// so the few DOM APIs it touches are declared structurally here.
import { buildApi } from '../../../src/preload/api';
import type { CommandResult, EventName } from '../../../src/shared/ipc-contract';
import { BRIDGE_META_NAME, type BridgeMessage, type BridgeRequest } from './protocol';

interface SocketLike {
  readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
declare const WebSocket: { new (url: string): SocketLike; readonly OPEN: number };
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };

const OPEN = 1;

function lost(message: string): CommandResult<unknown> {
  return { ok: false, error: { code: 'failed', message } };
}

function connect() {
  const url = document.querySelector(`meta[name="${BRIDGE_META_NAME}"]`)?.getAttribute('content');
  if (!url) throw new Error('course-studio bridge: the page has no bridge meta tag; open it through the bridge server.');
  const socket = new WebSocket(url);
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, (result: CommandResult<unknown>) => void>();
  const queued: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  socket.addEventListener('open', () => {
    for (const message of queued.splice(0)) socket.send(message);
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve(lost('Lost the connection to the app (the bridge closed). Reload the page.'));
    pending.clear();
  });
  socket.addEventListener('message', ({ data }) => {
    const message = JSON.parse(String(data)) as BridgeMessage;
    if (message.type === 'response') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
      return;
    }
    for (const listener of listeners.get(message.event) ?? []) {
      try {
        listener(message.payload);
      } catch (error) {
        console.error(`a ${message.event} listener failed:`, error);
      }
    }
  });

  return buildApi({
    invoke(command, input) {
      if (closed) return Promise.resolve(lost('Lost the connection to the app. Reload the page.'));
      const request: BridgeRequest = { id: nextId++, command, ...(input === undefined ? {} : { input }) };
      return new Promise((resolve) => {
        pending.set(request.id, resolve);
        const text = JSON.stringify(request);
        if (socket.readyState === OPEN) socket.send(text);
        else queued.push(text);
      });
    },
    listen(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });
}

// Read-only like contextBridge's copy: page code cannot swap the API out.
Object.defineProperty(globalThis, 'courseStudio', { value: connect(), writable: false, configurable: false, enumerable: true });
