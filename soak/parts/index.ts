// The soak's parts in run order, each scaled by `--scale` (1 = the default, about 12 minutes
// in all on two cores, 8 of them part 9; larger = longer and harsher runs).
import type { PartResult } from '../lib/report';
import { runBadInput } from './bad-input';
import { CRASH_DEFAULTS, runCrashSoak } from './crash';
import { FAULT_DEFAULTS, runFaultSoak } from './faults';
import { OUTAGE_DEFAULTS, runOutageSoak } from './outage';
import { runSecuritySettings } from './security-settings';
import { SLEEP_NETWORK_DEFAULTS, runSleepAndNetwork } from './sleep-and-network';
import { STORAGE_DEFAULTS, runStorageFaults } from './storage';
import { TWO_PROCESS_DEFAULTS, runTwoProcesses } from './two-processes';
import { runUntrustedOutput } from './untrusted-output';

export interface PartEntry {
  part: number;
  name: string;
  run(scale: number, seed: number): Promise<PartResult>;
}

const times = (n: number, scale: number) => Math.max(1, Math.round(n * scale));

export const PARTS: PartEntry[] = [
  {
    part: 1,
    name: 'crash',
    run: (scale, seed) => runCrashSoak({ kills: times(CRASH_DEFAULTS.kills, scale), courses: times(CRASH_DEFAULTS.courses, scale), seed }),
  },
  { part: 2, name: 'two-processes', run: (scale, seed) => runTwoProcesses({ courses: times(TWO_PROCESS_DEFAULTS.courses, scale), seed: TWO_PROCESS_DEFAULTS.seed + seed }) },
  { part: 3, name: 'faults', run: (scale, seed) => runFaultSoak({ courses: times(FAULT_DEFAULTS.courses, scale), seed: FAULT_DEFAULTS.seed + seed }) },
  {
    part: 4,
    name: 'sleep-and-network',
    run: (scale, seed) => runSleepAndNetwork({ offlineMs: times(SLEEP_NETWORK_DEFAULTS.offlineMs, scale), seed: SLEEP_NETWORK_DEFAULTS.seed + seed }),
  },
  { part: 5, name: 'storage', run: (scale, seed) => runStorageFaults({ courses: times(STORAGE_DEFAULTS.courses, scale), seed: STORAGE_DEFAULTS.seed + seed }) },
  { part: 6, name: 'bad-input', run: () => runBadInput() },
  { part: 7, name: 'untrusted-output', run: () => runUntrustedOutput() },
  { part: 8, name: 'security', run: () => runSecuritySettings() },
  // Production breaker and retry timings: about 8 minutes whatever the scale (only the courses grow).
  { part: 9, name: 'outage', run: (scale, seed) => runOutageSoak({ courses: times(OUTAGE_DEFAULTS.courses, scale), seed: OUTAGE_DEFAULTS.seed + seed }) },
];
