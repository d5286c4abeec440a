// One browser page on the bridge: what an Electron window is to the desktop app. Commands
// go through the same dispatcher; runner events go through the same per-window coalescer
// and start only after the page calls app.ready.
import type { WebSocket } from 'ws';
import type { Dispatch } from '../../../src/main/ipc/dispatch';
import { EventCoalescer } from '../../../src/main/ipc/event-coalescer';
import { EVENT_NAMES, type EventName } from '../../../src/shared/ipc-contract';
import type { RunnerEvent } from '../../../src/shared/events';
import type { BridgeMessage, BridgeRequest } from './protocol';

export interface EventSource {
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

export function attachConnection(socket: WebSocket, deps: { dispatch: Dispatch; events: EventSource | null }): () => void {
  const post = (message: BridgeMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const coalescer = new EventCoalescer({ send: (batch) => post({ type: 'event', event: 'runner.events', payload: batch }) });
  const unsubscribers = EVENT_NAMES.map(
    (name) =>
      deps.events?.subscribe(name, (payload) => {
        if (name === 'runner.events') coalescer.push(payload as RunnerEvent[]);
        else if (coalescer.ready) post({ type: 'event', event: name, payload });
      }) ?? (() => {}),
  );

  socket.on('message', async (data) => {
    let request: BridgeRequest;
    try {
      request = JSON.parse(String(data)) as BridgeRequest;
      if (typeof request !== 'object' || request === null || typeof request.id !== 'number') throw new Error('no id');
    } catch {
      // Not our shim: a protocol error ends the connection, as a bad IPC sender would be refused.
      socket.close(1003, 'malformed request');
      return;
    }
    const result = await deps.dispatch(request.command, request.input, { onReady: () => coalescer.markReady() });
    post({ type: 'response', id: request.id, result });
  });

  const detach = () => {
    coalescer.dispose();
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
  socket.on('close', detach);
  return detach;
}
