// The one interface the generation pipeline uses to talk to a model. A provider makes
// exactly one request per call (no retries of its own): the retry policy lives in
// structured-call.ts so that only one policy is ever in force.
import type { ServiceTier } from '../../shared/economy';
import type { TokenUsage } from '../../shared/domain';
import type { RateLimitSnapshot } from './rate-budget';

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool input (from z.toJSONSchema). */
  inputSchema: Record<string, unknown>;
}

/** A PDF the model reads as pages, named by the course's file name so it can cite "file p. N". */
export interface SharedDocument {
  title: string;
  data: string;
  /** Estimated input tokens (its text and page images), for the estimate; not sent. */
  tokens: number;
}

export interface StructuredRequest {
  /** System prompt, identical for every call of a kind: marked for prompt caching. */
  system: string;
  /** Context every call of one job shares (the approved outline): marked for prompt caching. */
  sharedContext?: string;
  /**
   * PDFs sent whole as document blocks (the course's opt-in, Claude only), before the shared
   * context in the same cached prefix; `data` is base64. Other providers ignore them.
   */
  sharedDocuments?: readonly SharedDocument[];
  /** The call-specific instruction. */
  prompt: string;
  /**
   * The shape of the answer: its input schema is the JSON the model must produce. Sent as a
   * forced tool call or as the API's JSON output format, whichever the model supports.
   */
  tool: ToolSpec;
  /** Set when a previous answer failed validation: the conversation continues with the error. */
  repair?: { toolUseId: string; previousInput: unknown; error: string };
  maxTokens?: number;
  /**
   * @deprecated Ignored: API version 2026-10-21 (sent by @anthropic-ai/sdk 1.x) rejects
   * sampling parameters with a 400, so the Anthropic provider never sends it.
   */
  temperature?: number;
  signal?: AbortSignal;
  /**
   * Awaited by the provider after the request is built, just before it goes on the wire.
   * Building a request takes a few milliseconds of CPU; a 429 that lands for another call
   * meanwhile closes the gate, and a request already past the caller's check would go out
   * inside the server's retry-after window. Throws to stop the request unsent.
   */
  lastCheck?: () => Promise<void>;
  /**
   * The response's headers arrived (an answer is on its way), with the account's rate-limit
   * buckets as they say. Called at most once, before the answer ends; never for a request
   * that failed before any response.
   */
  onHeaders?: (rateLimit: RateLimitSnapshot | null) => void;
  /** Called with the partially streamed tool input (best effort parse) as it arrives. */
  onPartial?: (partial: unknown) => void;
}

/** Who serves a model: the Claude API, or a server speaking the OpenAI chat completions API (a local one). */
export const PROVIDER_KINDS = ['anthropic', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ModelResult {
  /** The tool input exactly as the model produced it: unvalidated. */
  input: unknown;
  /** The tool_use block's id (tool mode) or the message id (JSON output mode): what a repair turn refers to. */
  toolUseId: string;
  usage: TokenUsage;
  /** The server reported no usage: `usage` is counted from the text, roughly. */
  usageEstimated?: boolean;
  model: string;
  requestId: string | null;
  latencyMs: number;
  stopReason: string | null;
  /** The account's rate-limit buckets after this request, when the answer said. */
  rateLimit?: RateLimitSnapshot | null;
  /** The price tier the API billed (`usage.service_tier`); absent: the provider's. */
  serviceTier?: ServiceTier;
}

export interface ModelProvider {
  readonly name: string;
  /** Absent: 'anthropic'. Prices and the call ledger read it (a local model costs nothing). */
  readonly kind?: ProviderKind;
  readonly model: string;
  /**
   * The longest answer the model can write, in output tokens: how far the policy may raise
   * `maxTokens` for an answer cut off at the configured limit. Absent: never raised.
   */
  readonly maxOutputTokens?: number;
  /**
   * How many tokens the model reads and writes in one call (its context window). Absent:
   * Claude's 200,000. Generation sizes the course's materials by it (generation/grounding.ts).
   */
  readonly contextTokens?: number;
  /** The output limit a request without its own gets: the answer's room in the context. */
  readonly maxTokens?: number;
  /** What its calls are billed at: the Message Batches transport is 'batch'. Absent: standard. */
  readonly serviceTier?: ServiceTier;
  call(request: StructuredRequest): Promise<ModelResult>;
  /**
   * The failure when every try's answer was out of shape (not JSON, or not the schema), for
   * providers with advice of their own (a local model may be too small); absent: the policy's.
   */
  giveUpOnInvalidOutput?(tries: number): string;
}

export const PROVIDER_ERROR_KINDS = [
  'rate_limit',
  'overloaded',
  'server',
  'network',
  'timeout',
  'invalid_output',
  'auth',
  'permission',
  'bad_request',
  'not_found',
  'spend_limit',
  'aborted',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'server',
  'network',
  'timeout',
  'invalid_output',
]);

/** Every failure a provider reports, classified so the policy never inspects SDK internals. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly requestId: string | null;
  /** Partial usage of a failed call (e.g. a stream that died after message_start). */
  readonly usage: TokenUsage | null;
  /** Whether `usage.output` is an estimate from the answer received before the stream broke off. */
  readonly usageEstimated: boolean;
  /** Set when the answer was cut off at the output limit: the `max_tokens` it was sent with. */
  readonly outputLimit: number | null;
  /** The account's rate-limit buckets the error answer reported (a 429 names the empty one). */
  readonly rateLimit: RateLimitSnapshot | null;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    opts: {
      status?: number | null;
      retryAfterMs?: number | null;
      requestId?: string | null;
      usage?: TokenUsage | null;
      usageEstimated?: boolean;
      outputLimit?: number | null;
      rateLimit?: RateLimitSnapshot | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ProviderError';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.requestId = opts.requestId ?? null;
    this.usage = opts.usage ?? null;
    this.usageEstimated = this.usage !== null && opts.usageEstimated === true;
    this.outputLimit = opts.outputLimit ?? null;
    this.rateLimit = opts.rateLimit ?? null;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
