// A QueueState for tests of what the renderer and the CLI make of the runner's queue events.
import type { QueueState } from '../../src/shared/domain';

/** A running queue with nothing held: the state most tests start from. */
export function idleQueue(overrides: Partial<QueueState> = {}): QueueState {
  return {
    paused: false,
    limits: { jobs: 3, requests: 6 },
    waitingUntil: null,
    waitingReason: null,
    blockedReason: null,
    hold: null,
    effectiveRequests: 6,
    account: null,
    retries: { scheduled: 0, next: null },
    ...overrides,
  };
}
