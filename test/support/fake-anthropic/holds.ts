// Holds: Messages requests kept pending, once received and recorded and before faults or
// latency apply, until the test releases them. A test that needs a job to be in a step
// holds that step's calls, so the step lasts exactly as long as the test needs it to, on a
// fast machine or a loaded one. When released they are answered as if they had just arrived.
// A mid-stream hold lets a streamed answer start and stops it halfway through its content
// instead, for a test that needs to see partial output (requests that do not stream pass).
import { forcedToolName, isObject, textOf } from './request';

export type HoldMatch = (body: any) => boolean;
/** Where a held request stops: before anything is sent, or halfway through a streamed answer. */
export type HoldPoint = 'before' | 'mid-stream';

interface Hold {
  match: HoldMatch | null;
  at: HoldPoint;
  waiting: Set<() => void>;
}

export class Holds {
  private readonly holds = new Map<number, Hold>();
  private readonly watchers = new Set<() => void>();
  private next = 1;

  /** A new hold on requests `match` accepts (every Messages request without one). Returns its id. */
  add(match?: HoldMatch | null, at: HoldPoint = 'before'): number {
    const id = this.next++;
    this.holds.set(id, { match: match ?? null, at, waiting: new Set() });
    return id;
  }

  /** Lets the requests of hold `id` (of every hold without one) go on; that hold catches no more. */
  release(id?: number): void {
    for (const [key, hold] of [...this.holds]) {
      if (id !== undefined && key !== id) continue;
      this.holds.delete(key);
      for (const go of hold.waiting) go();
      hold.waiting.clear();
    }
  }

  /** Requests hold `id` (every hold without one) keeps waiting now. */
  held(id?: number): number {
    let n = 0;
    for (const [key, hold] of this.holds) if (id === undefined || key === id) n += hold.waiting.size;
    return n;
  }

  /** Resolves once hold `id` (all holds without one) keeps at least `count` requests waiting. */
  untilHeld(count: number, id?: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.held(id) < count) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
      check();
    });
  }

  /**
   * At point `at`, waits while the first hold there that matches `body` is in place. True when
   * the request may go on (no hold matched, or it was released), false when the client left.
   */
  async wait(body: unknown, signal: AbortSignal, at: HoldPoint = 'before'): Promise<boolean> {
    return this.catcher(body, at)?.(signal) ?? true;
  }

  /** The wait of the hold at `at` that catches `body`, or null when none does. */
  catcher(body: unknown, at: HoldPoint): ((signal: AbortSignal) => Promise<boolean>) | null {
    const hold = [...this.holds.values()].find((h) => h.at === at && (!h.match || safeMatch(h.match, body)));
    return hold ? (signal) => this.keep(hold, signal) : null;
  }

  private keep(hold: Hold, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    // Released between being found and being waited on (a stream flushing first).
    if (![...this.holds.values()].includes(hold)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const go = (ok: boolean) => {
        hold.waiting.delete(onRelease);
        signal.removeEventListener('abort', onAbort);
        this.notify();
        resolve(ok);
      };
      const onRelease = () => go(true);
      const onAbort = () => go(false);
      hold.waiting.add(onRelease);
      signal.addEventListener('abort', onAbort, { once: true });
      this.notify();
    });
  }

  private notify(): void {
    for (const check of [...this.watchers]) check();
  }
}

/**
 * Matches the call that asks for unit `tool` (submit_outline, submit_lessons, submit_tasks,
 * submit_course_summary) in either structured output mode: forced tool use names it in
 * tool_choice, JSON output names it in the first user turn's instruction.
 */
export function matchTool(tool: string): HoldMatch {
  const phrase = `the "${tool}" tool would have received`;
  return (body) => {
    if (forcedToolName(body) === tool) return true;
    const first = isObject(body) && Array.isArray(body.messages) ? body.messages[0] : null;
    return isObject(first) && textOf(first.content).includes(phrase);
  };
}

// A throwing matcher is a bug in the test, but it must not take the server down with it.
function safeMatch(match: HoldMatch, body: unknown): boolean {
  try {
    return match(body);
  } catch {
    return false;
  }
}
