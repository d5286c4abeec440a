// Public entry of the fake Anthropic Messages API used by tests, benchmarks and soak runs.
//
//   const fake = await startFakeAnthropic({ latencyMs: 50, seed: 7 });
//   const client = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
//   fake.enqueueFault({ kind: 'rate_limit', retryAfterSec: 0.05 }); // next request gets a 429
//   fake.setRateLimit({ requestsPerMinute: 600, burst: 5 }); // an account limit like the API's (ratelimit.ts)
//   fake.setBatchProcessing({ processingMs: 50 }); // client.messages.batches.* work too (batches.ts)
//   ... fake.requests, fake.peakConcurrency() ...
//   await fake.close();
//
// It answers a forced tool call with a tool_use block, and a JSON output format
// (output_config.format, schema checked like the API does) with a text block of JSON; both
// are generated from the schema the request sends.
//
// Out of process: `npx tsx test/support/fake-anthropic/main.ts --latency 200` prints
// FAKE_ANTHROPIC_URL=...; control it over HTTP under /_fake/ (see control.ts).
export { startFakeAnthropic } from './server';
export { FAULT_KINDS } from './types';
export type { Fault, FaultKind, FakeAnthropic, FakeAnthropicOptions, FakeRateLimit, RecordedRequest } from './types';
// Message Batches (batches.ts): fake.batches(), setBatchProcessing, scriptBatchOutcome, failNextBatchCreate.
export { BATCH_OUTCOME_KINDS } from './types';
export type { BatchErrorType, BatchOutcome, BatchOutcomeKind, FakeBatch, FakeBatchRequest, FakeBatchSettings } from './types';
// Exposed so tests can predict what the fake answers without a round trip.
export { generateFromSchema } from './content';
export { extractTopic, extractVariant } from './request';
