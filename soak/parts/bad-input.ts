// Part 6: bad input — every IPC command fuzzed (ipc-fuzz.ts), nonsense in the settings
// table (settings-nonsense.ts), and the topic imports people paste (csv-import.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../src/main/app-core';
import { createMemorySecretStore } from '../../src/main/secrets';
import { startFakeAnthropic } from '../../test/support/fake-anthropic';
import { check, timedPart, type PartResult } from '../lib/report';
import { csvImports } from './csv-import';
import { ipcFuzz } from './ipc-fuzz';
import { settingsNonsense } from './settings-nonsense';

export async function runBadInput(): Promise<PartResult> {
  return timedPart(6, 'Bad input: IPC fuzzing, nonsense settings, hostile imports', {}, async (out) => {
    const fake = await startFakeAnthropic({ latencyMs: 5 });
    try {
      const cases = [
        () => ipcFuzz(fake),
        () => settingsNonsense(),
        async () => {
          const core = createAppCore({ dataDir: mkdtempSync(join(tmpdir(), 'cs-csv-')), secrets: createMemorySecretStore(), env: {}, start: false });
          try {
            return await csvImports(core);
          } finally {
            await core.dispose();
          }
        },
      ];
      for (const run of cases) {
        try {
          const result = await run();
          out.figures.push(...result.figures);
          out.checks.push(...result.checks);
          out.notes.push(...result.notes);
        } catch (error) {
          out.checks.push(check('case ran to the end', false, error instanceof Error ? (error.stack ?? error.message) : String(error)));
        }
      }
    } finally {
      await fake.close();
    }
  });
}
