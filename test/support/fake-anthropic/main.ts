// CLI: run the fake in its own process (soak runs, manual runs with `npx tsx`).
//   npx tsx test/support/fake-anthropic/main.ts --port 8787 --latency 300 \
//     --fault-rate overloaded=0.05 --fault-rate rate_limit=0.02 --seed 7 [--api-key k] \
//     [--rate-limit-rpm 120 [--rate-limit-burst 20] [--rate-limit-input-tpm 40000] [--rate-limit-output-tpm 8000]] \
//     [--batch-processing-ms 2000]
// --batch-processing-ms: how long a Message Batch stays in_progress (default 200; see batches.ts,
// and POST /_fake/batches for outcome rates and the rest).
// --rate-limit-*: an account rate limit like the real API's (token buckets, 429 + retry-after
// when empty; see ratelimit.ts): requests per minute, the requests bucket's capacity (default
// the rpm), and optional input/output tokens per minute. Off without --rate-limit-rpm.
// Env fallbacks: FAKE_ANTHROPIC_PORT, FAKE_ANTHROPIC_LATENCY_MS, FAKE_ANTHROPIC_SEED,
// FAKE_ANTHROPIC_FAULT_RATES ("kind=rate,kind=rate"), FAKE_ANTHROPIC_API_KEYS ("k1,k2"),
// FAKE_ANTHROPIC_RATE_LIMIT_RPM, FAKE_ANTHROPIC_RATE_LIMIT_BURST, FAKE_ANTHROPIC_BATCH_PROCESSING_MS.
// Prints FAKE_ANTHROPIC_URL=<url> on stdout once listening; stops on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { startFakeAnthropic } from './server';
import { FAULT_KINDS, type FakeRateLimit, type FaultKind } from './types';

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

function parseRateLimit(rpm?: string, burst?: string, inputTpm?: string, outputTpm?: string): FakeRateLimit | null {
  if (rpm === undefined || rpm === '') {
    if (burst || inputTpm || outputTpm) throw new Error('--rate-limit-burst/-input-tpm/-output-tpm need --rate-limit-rpm');
    return null;
  }
  const num = (flag: string, v: string | undefined) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!(n > 0)) throw new Error(`--rate-limit-${flag} must be a number > 0, got "${v}"`);
    return n;
  };
  return {
    requestsPerMinute: num('rpm', rpm)!,
    burst: num('burst', burst),
    inputTokensPerMinute: num('input-tpm', inputTpm),
    outputTokensPerMinute: num('output-tpm', outputTpm),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      'fault-rate': { type: 'string', multiple: true },
      'api-key': { type: 'string', multiple: true },
      'rate-limit-rpm': { type: 'string' },
      'rate-limit-burst': { type: 'string' },
      'rate-limit-input-tpm': { type: 'string' },
      'rate-limit-output-tpm': { type: 'string' },
      'batch-processing-ms': { type: 'string' },
    },
  });
  const env = process.env;
  const keys = values['api-key'] ?? list(env.FAKE_ANTHROPIC_API_KEYS);
  const batchMs = values['batch-processing-ms'] ?? env.FAKE_ANTHROPIC_BATCH_PROCESSING_MS;
  if (batchMs !== undefined && !(Number(batchMs) >= 0)) throw new Error(`--batch-processing-ms must be a number ≥ 0, got "${batchMs}"`);
  const fake = await startFakeAnthropic({
    port: Number(values.port ?? env.FAKE_ANTHROPIC_PORT ?? 0),
    latencyMs: Number(values.latency ?? env.FAKE_ANTHROPIC_LATENCY_MS ?? 0),
    seed: Number(values.seed ?? env.FAKE_ANTHROPIC_SEED ?? 1),
    faultRates: parseRates(values['fault-rate'] ?? list(env.FAKE_ANTHROPIC_FAULT_RATES)),
    apiKeys: keys.length ? keys : null,
    rateLimit: parseRateLimit(
      values['rate-limit-rpm'] ?? env.FAKE_ANTHROPIC_RATE_LIMIT_RPM,
      values['rate-limit-burst'] ?? env.FAKE_ANTHROPIC_RATE_LIMIT_BURST,
      values['rate-limit-input-tpm'],
      values['rate-limit-output-tpm'],
    ),
    batchProcessingMs: batchMs === undefined ? undefined : Number(batchMs),
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
