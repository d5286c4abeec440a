// Which fault (if any) a request gets. Seeded so a soak run with the same seed and the
// same request order sees the same faults.
import { FAULT_KINDS, type Fault, type FaultKind } from './types';

/** mulberry32: tiny, fast, good enough for fault dice; returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Queued {
  fault: Fault;
  match?: (body: unknown) => boolean;
}

export class FaultPicker {
  private rates: Partial<Record<FaultKind, number>> = {};
  private random: () => number;
  private queue: Queued[] = [];

  constructor(rates: Partial<Record<FaultKind, number>> = {}, seed = 1) {
    this.random = mulberry32(seed);
    this.setRates(rates, seed);
  }

  setRates(rates: Partial<Record<FaultKind, number>>, seed?: number): void {
    for (const [kind, p] of Object.entries(rates)) {
      if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault kind: ${kind}`);
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`fault rate for ${kind} must be in [0, 1]`);
    }
    this.rates = { ...rates };
    if (seed !== undefined) this.random = mulberry32(seed);
  }

  enqueue(fault: Fault, match?: (body: unknown) => boolean): void {
    if (!(FAULT_KINDS as readonly string[]).includes(fault.kind)) throw new Error(`unknown fault kind: ${fault.kind}`);
    this.queue.push({ fault, match });
  }

  clear(): void {
    this.queue = [];
    this.rates = {};
  }

  /**
   * One-shot faults win. The die is rolled for every request even when a queued fault
   * wins, so enqueuing a fault does not shift the random sequence of later requests.
   */
  pick(body: unknown): Fault | null {
    const roll = this.random();
    const i = this.queue.findIndex((q) => !q.match || safeMatch(q.match, body));
    if (i >= 0) return this.queue.splice(i, 1)[0]!.fault;
    let acc = 0;
    for (const kind of FAULT_KINDS) {
      acc += this.rates[kind] ?? 0;
      if (roll < acc) return { kind };
    }
    return null;
  }
}

// A throwing matcher is a bug in the test, but it must not take the server down with it.
function safeMatch(match: (body: unknown) => boolean, body: unknown): boolean {
  try {
    return match(body);
  } catch {
    return false;
  }
}
