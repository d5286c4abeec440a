// Pushes the core's events to one window: runner events through the coalescer (≤10
// batches/s, none before app.ready), the others as they come once the page is ready. A
// reload or navigation puts the stream back on hold until the new page calls app.ready.
import type { WebContents } from 'electron';
import type { RunnerEvent } from '../../shared/events';
import { EVENT_NAMES, eventChannel } from '../../shared/ipc-contract';
import type { AppCore } from '../app-core';
import { EventCoalescer } from '../ipc/event-coalescer';

export interface WindowEvents {
  markReady(): void;
  dispose(): void;
}

export function connectWindowEvents(core: Pick<AppCore, 'subscribe'>, contents: WebContents): WindowEvents {
  const send = (channel: string, payload: unknown) => {
    if (!contents.isDestroyed()) contents.send(channel, payload);
  };
  const coalescer = new EventCoalescer({ send: (batch) => send(eventChannel('runner.events'), batch) });
  const unsubscribers = EVENT_NAMES.map((name) =>
    core.subscribe(name, (payload) => {
      if (name === 'runner.events') coalescer.push(payload as RunnerEvent[]);
      else if (coalescer.ready) send(eventChannel(name), payload);
    }),
  );
  const onNavigation = (details: { isMainFrame: boolean; isSameDocument: boolean }) => {
    if (details.isMainFrame && !details.isSameDocument) coalescer.reset();
  };
  contents.on('did-start-navigation', onNavigation);
  const dispose = () => {
    coalescer.dispose();
    for (const unsubscribe of unsubscribers) unsubscribe();
    if (!contents.isDestroyed()) contents.off('did-start-navigation', onNavigation);
  };
  contents.once('destroyed', dispose);
  return { markReady: () => coalescer.markReady(), dispose };
}
