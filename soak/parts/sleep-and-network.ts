// Part 4: a laptop that sleeps (the wall clock jumps 8 hours) and loses its network for
// minutes, mid-batch. See clock-jump.ts and network-loss.ts for what each case must show.
import { startFakeAnthropic } from '../../test/support/fake-anthropic';
import { check, timedPart, type PartResult } from '../lib/report';
import { ownClockJumps, takeoverAfterJump } from './clock-jump';
import { networkLoss } from './network-loss';

export interface SleepNetworkOptions {
  /** Courses running when the clock jumps (each case) and when the network goes. */
  courses: number;
  latencyMs: number;
  requests: number;
  leaseMs: number;
  offlineMs: number;
  seed: number;
  deadlineMs: number;
}

export const SLEEP_NETWORK_DEFAULTS: SleepNetworkOptions = {
  courses: 4,
  latencyMs: 120,
  requests: 6,
  leaseMs: 3_000,
  offlineMs: 20_000,
  seed: 9,
  deadlineMs: 120_000,
};

export async function runSleepAndNetwork(options: Partial<SleepNetworkOptions> = {}): Promise<PartResult> {
  const o = { ...SLEEP_NETWORK_DEFAULTS, ...options };
  return timedPart(
    4,
    'Sleep and network loss: an 8-hour clock jump, and the network gone mid-batch',
    { courses: o.courses, latencyMs: o.latencyMs, requests: o.requests, leaseMs: o.leaseMs, offlineSeconds: o.offlineMs / 1000, seed: o.seed },
    async (out) => {
      const fake = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed });
      try {
        for (const scenario of [
          () => takeoverAfterJump(fake, o),
          () => ownClockJumps(fake, o),
          () => networkLoss(fake, { ...o, courses: o.courses }),
        ]) {
          try {
            const result = await scenario();
            out.figures.push(...result.figures);
            out.checks.push(...result.checks);
          } catch (error) {
            out.checks.push(check('scenario ran to the end', false, error instanceof Error ? error.message : String(error)));
          }
        }
      } finally {
        await fake.close();
      }
    },
  );
}
