// The errors a job's run passes between its parts, and which failures are worth a retry.
// The steps (job-execution.ts) and a unit's call (unit-call.ts) throw them; how the run
// ends (job-outcome.ts) reads them. They are the same whichever transport a unit took:
// a Message Batch's failure arrives as the same ProviderError as a live one.
import type { JobStep } from '../../shared/domain';
import { ProviderError } from '../ai/provider';
import type { ReviewStep } from './review-point';

/** Thrown inside a request slot when the job is draining: the call is never sent. */
export class DrainSignal extends Error {
  constructor() {
    super('draining');
    this.name = 'DrainSignal';
  }
}

/** A stepwise job finished a step: it waits (paused) for a person to review and continue. */
export class ReviewPause extends Error {
  constructor(readonly step: ReviewStep) {
    super(`paused for review after ${step}`);
    this.name = 'ReviewPause';
  }
}

/** Tags a unit's failure with the step it belongs to, so a retry knows where it stopped. */
export class UnitError extends Error {
  constructor(
    readonly step: JobStep,
    readonly item: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
  }
}

/** Errors travel wrapped (UnitError → ProviderError → cause); this finds one by predicate along the chain. */
export function findCause(error: unknown, predicate: (e: unknown) => boolean): unknown {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    if (predicate(e)) return e;
    e = e instanceof UnitError ? e.original : (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Whether a job that failed with this error is worth trying again later by itself: the
 * provider's trouble (overload, 5xx, network, timeouts, rate limits) or a model that kept
 * answering out of shape. Not a rejected key, no credit, a request the API calls invalid,
 * or an answer cut off at the configured output limit: those need a person.
 */
export function isTransientFailure(error: unknown): error is ProviderError {
  if (!(error instanceof ProviderError)) return false;
  switch (error.kind) {
    case 'rate_limit':
    case 'overloaded':
    case 'server':
    case 'network':
    case 'timeout':
      return true;
    case 'invalid_output':
      return error.outputLimit === null;
    default:
      return false;
  }
}
