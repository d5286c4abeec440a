// Holds: Messages requests kept pending, once received and recorded and before faults or
// latency apply, until the test releases them. A test that needs a job to be in a step
// holds that step's calls, so the step lasts exactly as long as the test needs it to, on a
// fast machine or a loaded one. When released they are answered as if they had just arrived.
import { forcedToolName, isObject, textOf } from './request';

export type HoldMatch = (body: any) => boolean;

interface Hold {
  match: HoldMatch | null;
  waiting: Set<() => void>;
}

export class Holds {
  private readonly holds = new Map<number, Hold>();
  private readonly watchers = new Set<() => void>();
  private next = 1;

  /** A new hold on requests `match` accepts (every Messages request without one). Returns its id. */
  add(match?: HoldMatch | null): number {
    const id = this.next++;
    this.holds.set(id, { match: match ?? null, waiting: new Set() });
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
   * Waits while the first hold that matches `body` is in place. True when the request may go
   * on (no hold matched, or it was released), false when the client left meanwhile.
   */
  async wait(body: unknown, signal: AbortSignal): Promise<boolean> {
    const hold = [...this.holds.values()].find((h) => !h.match || safeMatch(h.match, body));
    if (!hold) return true;
    if (signal.aborted) return false;
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
