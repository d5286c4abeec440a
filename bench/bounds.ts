// The makespan no scheduler could beat: the request slots must carry every call, and each
// course's calls form a chain (lessons → tasks → finalize) that cannot overlap itself.

export const CHAIN_LENGTH = 3;

export interface Bound {
  /** Total calls × latency ÷ request slots. */
  throughputMs: number;
  /** Longest chain of dependent calls × latency. */
  chainMs: number;
  lowerBoundMs: number;
}

export function lowerBound(calls: number, latencyMs: number, requestSlots: number, chain = CHAIN_LENGTH): Bound {
  const throughputMs = (calls * latencyMs) / requestSlots;
  const chainMs = chain * latencyMs;
  return { throughputMs, chainMs, lowerBoundMs: Math.max(throughputMs, chainMs) };
}
