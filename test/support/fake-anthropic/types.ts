// Public types of the fake Anthropic Messages API. Other tests, the benchmark and the
// soak run code against exactly these shapes, so change them only with the lead.

export const FAULT_KINDS = [
  'rate_limit',
  'overloaded',
  'server_error',
  'hang',
  'drop_mid_stream',
  'malformed_tool_input',
  'sse_error_after_200',
  'bad_request',
  'auth',
  'permission',
  'spend_limit',
  // Appended, not inserted: FaultPicker walks this list with cumulative rates, so an insertion
  // would shift the faults a seed draws.
  'unavailable',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type Fault = { kind: FaultKind; retryAfterSec?: number };

/**
 * An account rate limit that behaves like the real API's: one token bucket per dimension,
 * continuously refilled up to its capacity (see ratelimit.ts). Off unless given.
 */
export interface FakeRateLimit {
  /** Refill rate of the requests bucket; also what anthropic-ratelimit-requests-limit says. */
  requestsPerMinute: number;
  /** Capacity of the requests bucket: requests that may arrive at once (default requestsPerMinute). */
  burst?: number;
  /** Input tokens bucket (uncached input + cache writes), capacity = refill per minute; none by default. */
  inputTokensPerMinute?: number;
  /** Output tokens bucket, capacity = refill per minute; none by default. */
  outputTokensPerMinute?: number;
}

export interface FakeAnthropicOptions {
  /** Time before the response starts (default 0). Streams spread the last ~30% between events. */
  latencyMs?: number;
  /** Seed of the PRNG that draws random faults (default 1). */
  seed?: number;
  /** Accepted x-api-key values; null/undefined = any non-empty key. */
  apiKeys?: string[] | null;
  /** Probability per request of each fault, drawn with the seeded PRNG. */
  faultRates?: Partial<Record<FaultKind, number>>;
  /** Default 0 (random). Always binds 127.0.0.1. */
  port?: number;
  /**
   * Prefixes shorter than this many tokens are not cached (default 0 = cache any prefix).
   * The real API needs 1024+ tokens (model dependent); set it to see what production sees.
   */
  minCacheableTokens?: number;
  /**
   * Cache reads as the API does them: a prefix is readable only by requests sent after the
   * response that wrote it began, so calls sent together all write it (default false: any
   * request answered after the writer reads it, which is what older tests expect).
   */
  cacheReadableFromResponse?: boolean;
  /** Account rate limit (token buckets, 429 with retry-after when empty); none by default. */
  rateLimit?: FakeRateLimit | null;
  /** Message Batches (batches.ts): how long a batch is in_progress before it ends (default 200 ms). */
  batchProcessingMs?: number;
  /** Message Batches: share of requests drawn as expired / errored (default none: all succeed). */
  batchOutcomeRates?: Partial<Record<BatchOutcomeKind, number>>;
  /** Message Batches: seed of their own PRNG (outcomes, result order); default `seed`, else 1. */
  batchSeed?: number;
  /**
   * Message Batches: when each request's params get the Messages checks (validate.ts).
   * 'results' (default, as the real API): asynchronously, a bad one comes back as an errored
   * invalid_request_error result; 'create': the create call fails with a 400.
   */
  batchParamsValidation?: 'results' | 'create';
}

/** Outcome kinds outcomeRates draws (in this order, cumulatively); anything else succeeds. */
export const BATCH_OUTCOME_KINDS = ['expired', 'invalid_request_error', 'api_error', 'overloaded_error'] as const;
export type BatchOutcomeKind = (typeof BATCH_OUTCOME_KINDS)[number];
export type BatchErrorType = Exclude<BatchOutcomeKind, 'expired'>;

/** What a batch request is planned to end as (unless the batch is canceled before it finishes). */
export type BatchOutcome =
  | { type: 'succeeded' }
  | { type: 'expired' }
  /** error defaults to api_error; message to the API's usual wording for it. */
  | { type: 'errored'; error?: BatchErrorType; message?: string };

/** setBatchProcessing / POST /_fake/batches: applies to batches created afterwards. */
export interface FakeBatchSettings {
  /** Time a batch stays in_progress before it ends (default 200 ms). */
  processingMs?: number;
  /** Time a canceled batch stays canceling before it ends (default 50 ms). */
  cancelMs?: number;
  /** Replaces the outcome rates (sum ≤ 1); {} = every request succeeds. */
  outcomeRates?: Partial<Record<BatchOutcomeKind, number>>;
  /** Reseeds the batches' PRNG. */
  seed?: number;
}

export interface FakeBatchRequest {
  customId: string;
  params: any;
  planned: BatchOutcome;
  /** The line's `result` in the results file; null until the batch ended. */
  result:
    | { type: 'succeeded'; message: any }
    | { type: 'errored'; error: { type: 'error'; error: { type: string; message: string }; request_id: null } }
    | { type: 'canceled' }
    | { type: 'expired' }
    | null;
}

/** A Message Batch as the fake holds it (fake.batches()); times in ms since the epoch. */
export interface FakeBatch {
  id: string;
  processingStatus: 'in_progress' | 'canceling' | 'ended';
  createdAt: number;
  endedAt: number | null;
  cancelInitiatedAt: number | null;
  /** Set once DELETE removed it from the API (it stays listed here). */
  deletedAt: number | null;
  /** As the API reports them: processing = all until the batch ended. */
  requestCounts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
  /** In request order. */
  requests: FakeBatchRequest[];
  /** custom_ids in the results file's order (completion order, shuffled with the seed). */
  resultOrder: string[];
}

export interface RecordedRequest {
  /** The request-id header value sent back (e.g. 'req_fake_000123'). */
  id: string;
  receivedAt: number;
  /** When the response began (after latency); equals receivedAt until then. */
  startedAt: number;
  /** When the response ended (null while in flight / hung). */
  finishedAt: number | null;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  stream: boolean;
  fault: FaultKind | null;
  /** HTTP status sent (200 for streams even if an error event followed; 0 if none was sent). */
  status: number;
  outcome: 'ok' | 'error' | 'aborted' | 'pending';
  /** Name of the forced tool (tool_choice {type:'tool'}), if any; null for JSON output (output_config.format). */
  toolName: string | null;
  /** True when the account rate limit (FakeAnthropicOptions.rateLimit) answered it with a 429. */
  rateLimited?: boolean;
  /** On a 429: the wait it announced, in ms (retry-after-ms if sent, else retry-after × 1000). */
  retryAfterMs?: number;
  /** The HTTP method and path (the batch routes are told apart by them). */
  method?: string;
  path?: string;
}

export interface FakeAnthropic {
  readonly url: string;
  readonly requests: RecordedRequest[];
  setLatency(ms: number): void;
  setFaultRates(rates: Partial<Record<FaultKind, number>>, seed?: number): void;
  /** Turns the account rate limit on (full buckets), changes it, or (null) turns it off. */
  setRateLimit(limit: FakeRateLimit | null): void;
  enqueueFault(fault: Fault, match?: (body: any) => boolean): void;
  setContentOverride(fn: ((body: any) => unknown | undefined) | null): void;
  setApiKeys(keys: string[] | null): void;
  setOffline(offline: boolean): void;
  /**
   * Keeps Messages requests that `match` accepts (all without one) pending, recorded and in
   * flight, until `release` (see holds.ts): before any answer, or with `midStream` halfway
   * through a streamed one. Returns the hold's id.
   */
  hold(match?: ((body: any) => boolean) | null, options?: { midStream?: boolean }): number;
  /** Lets hold `id` (every hold without one) go: its requests are answered, later ones are not held. */
  release(id?: number): void;
  /** Requests hold `id` (every hold without one) keeps waiting now. */
  held(id?: number): number;
  /** Resolves once hold `id` (every hold without one) keeps at least `count` requests waiting. */
  untilHeld(count: number, id?: number): Promise<void>;
  inFlight(): number;
  peakConcurrency(): number;
  /**
   * Message Batches API (batches.ts). Requests to /v1/messages/batches... are recorded here,
   * not in `requests` (which stays Messages, count_tokens and models only), and never draw
   * from the Messages fault dice, holds or account rate limit.
   */
  readonly batchRequests: RecordedRequest[];
  /** Every batch created since the last reset, deleted ones included, oldest first. */
  batches(): FakeBatch[];
  /** Processing time, cancel time, outcome rates, seed: for batches created afterwards. */
  setBatchProcessing(settings: FakeBatchSettings): void;
  /** The next request with this custom_id (in a batch created later) ends as `outcome`; once per call. */
  scriptBatchOutcome(customId: string, outcome: BatchOutcome): void;
  /** The next POST /v1/messages/batches fails with this fault (default overloaded: a 529); one-shot. */
  failNextBatchCreate(kind?: FaultKind, retryAfterSec?: number): void;
  /** Holds batch requests at a point of the cycle: 'create' (before it is read), 'created' (before the answer leaves), 'results' (after `afterLines` lines). */
  holdBatch(point: 'create' | 'created' | 'results', opts?: { afterLines?: number }): void;
  releaseBatchHold(point?: 'create' | 'created' | 'results'): void;
  /** Ends every batch in progress now (its requests all finish), whatever its processing time. */
  finishBatches(): void;
  untilBatchHeld(point: 'create' | 'created' | 'results', count?: number): Promise<void>;
  /** Requests waiting at the hold at `point` now: a client that went away is no longer counted once the fake sees its connection close. */
  batchesHeldNow(point: 'create' | 'created' | 'results'): number;
  reset(): void;
  close(): Promise<void>;
}
