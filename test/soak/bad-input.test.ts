// Part 6 of the reliability soak (the same size as in `npm run soak`: it takes seconds):
// every IPC command fuzzed through the real dispatcher, nonsense in the settings table,
// and hostile topic imports.
import { expect, it } from 'vitest';
import { runBadInput } from '../../soak/parts/bad-input';
import { failedChecks } from '../../soak/lib/report';
import { fuzzCases } from '../../soak/lib/fuzz-cases';
import { COMMAND_NAMES } from '../../src/shared/ipc-contract';

it('every command refuses hostile input without changing anything; bad settings fall back; imports survive', async () => {
  const result = await runBadInput();
  expect(failedChecks(result)).toEqual([]);
  // Every command of the contract was fuzzed with a valid base input (a new command needs one in ipc-fuzz.ts).
  expect(result.notes.filter((n) => /generic inputs only/.test(n))).toEqual([]);
}, 30_000);

it('the fuzzer covers every command with wrong types, missing fields, huge and deep inputs', () => {
  const cases = fuzzCases({});
  for (const command of COMMAND_NAMES) {
    const mine = cases.filter((c) => c.command === command).map((c) => c.label);
    expect(mine.some((l) => /10 MB/.test(l)), command).toBe(true);
    expect(mine.some((l) => /10,000-level/.test(l)), command).toBe(true);
    expect(mine.some((l) => /unknown field/.test(l)), command).toBe(true);
  }
  expect(cases.filter((c) => c.expect === 'unknown').length).toBeGreaterThan(10);
});
