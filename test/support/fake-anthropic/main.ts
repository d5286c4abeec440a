// CLI: run the fake in its own process (soak runs, manual runs with `npx tsx`).
//   npx tsx test/support/fake-anthropic/main.ts --port 8787 --latency 300 \
//     --fault-rate overloaded=0.05 --fault-rate rate_limit=0.02 --seed 7 [--api-key k]
// Env fallbacks: FAKE_ANTHROPIC_PORT, FAKE_ANTHROPIC_LATENCY_MS, FAKE_ANTHROPIC_SEED,
// FAKE_ANTHROPIC_FAULT_RATES ("kind=rate,kind=rate"), FAKE_ANTHROPIC_API_KEYS ("k1,k2").
// Prints FAKE_ANTHROPIC_URL=<url> on stdout once listening; stops on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { startFakeAnthropic } from './server';
import { FAULT_KINDS, type FaultKind } from './types';

function parseRates(items: string[]): Partial<Record<FaultKind, number>> {
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const item of items) {
    const [kind = '', value] = item.split('=');
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault kind "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
    const rate = Number(value);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`fault rate for ${kind} must be in [0, 1], got "${value}"`);
    rates[kind as FaultKind] = rate;
  }
  return rates;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      'fault-rate': { type: 'string', multiple: true },
      'api-key': { type: 'string', multiple: true },
    },
  });
  const env = process.env;
  const keys = values['api-key'] ?? list(env.FAKE_ANTHROPIC_API_KEYS);
  const fake = await startFakeAnthropic({
    port: Number(values.port ?? env.FAKE_ANTHROPIC_PORT ?? 0),
    latencyMs: Number(values.latency ?? env.FAKE_ANTHROPIC_LATENCY_MS ?? 0),
    seed: Number(values.seed ?? env.FAKE_ANTHROPIC_SEED ?? 1),
    faultRates: parseRates(values['fault-rate'] ?? list(env.FAKE_ANTHROPIC_FAULT_RATES)),
    apiKeys: keys.length ? keys : null,
  });
  process.stdout.write(`FAKE_ANTHROPIC_URL=${fake.url}\n`);
  const stop = (signal: string) => {
    process.stderr.write(`fake-anthropic: ${signal}, ${fake.requests.length} requests served, peak concurrency ${fake.peakConcurrency()}\n`);
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-anthropic: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
