// Part 5: storage faults — the disk filling mid-batch (disk-full.ts) and database files
// the app must refuse without touching (damaged-files.ts).
import { startFakeAnthropic } from '../../test/support/fake-anthropic';
import { runCases, timedPart, type PartResult } from '../lib/report';
import { damagedFiles } from './damaged-files';
import { pageBudgetFull, realFilesystemFull } from './disk-full';

export interface StorageOptions {
  courses: number;
  latencyMs: number;
  requests: number;
  /** Size of the tmpfs to fill; 0 skips the real file system case. */
  tmpfsMiB: number;
  seed: number;
  deadlineMs: number;
}

export const STORAGE_DEFAULTS: StorageOptions = { courses: 4, latencyMs: 40, requests: 6, tmpfsMiB: 24, seed: 13, deadlineMs: 120_000 };

export async function runStorageFaults(options: Partial<StorageOptions> = {}): Promise<PartResult> {
  const o = { ...STORAGE_DEFAULTS, ...options };
  return timedPart(
    5,
    'Storage faults: a full disk mid-batch, damaged and too-new database files',
    { courses: o.courses, latencyMs: o.latencyMs, tmpfsMiB: o.tmpfsMiB, seed: o.seed },
    async (out) => {
      const fake = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed });
      try {
        const cases = [() => pageBudgetFull(fake, o), ...(o.tmpfsMiB > 0 ? [() => realFilesystemFull(fake, o)] : []), () => damagedFiles()];
        await runCases(cases, out);
      } finally {
        await fake.close();
      }
    },
  );
}
