// Typed fan-out of the contract's events to whoever is listening (each window's sender,
// the bridge's sockets). A listener that throws is reported and skipped, never fatal.
import type { EventName, EventPayloads } from '../../shared/ipc-contract';

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;

export class EventEmitter {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<E extends EventName>(name: E, listener: EventListener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`a listener of ${name} failed:`, error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
