// Part 6: bad input — every IPC command fuzzed (ipc-fuzz.ts), nonsense in the settings
// table (settings-nonsense.ts), and the topic imports people paste (csv-import.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../src/main/app-core';
import { createMemorySecretStore } from '../../src/main/secrets';
import { startFakeAnthropic } from '../../test/support/fake-anthropic';
import { runCases, timedPart, type PartResult } from '../lib/report';
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
      await runCases(cases, out);
    } finally {
      await fake.close();
    }
  });
}
