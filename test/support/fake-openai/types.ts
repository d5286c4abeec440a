// Public types of the fake OpenAI-compatible server (a local model server as the app sees
// it: Ollama, LM Studio, llama.cpp, vLLM, Jan).

export const OPENAI_FAULT_KINDS = [
  /** 429 with retry-after. */
  'rate_limit',
  /** 500. */
  'server_error',
  /** 503 "Loading model", as llama.cpp and LM Studio answer while a model loads. */
  'unavailable',
  /** Never answers (the client's timeout or cancel ends it). */
  'hang',
  /** Headers and part of the answer, then silence. */
  'hang_mid_stream',
  /** Headers and part of the answer, then the connection is cut. */
  'drop_mid_stream',
  /** An `error` chunk inside a 200 stream. */
  'stream_error',
  /** Text that is no JSON at all. */
  'not_json',
  /** Valid JSON that breaks the schema (an empty required array, a missing property). */
  'breaks_schema',
  /** Half the answer, then finish_reason "length". */
  'length',
] as const;
export type OpenAIFaultKind = (typeof OPENAI_FAULT_KINDS)[number];

/**
 * How the fake model answers when no fault is queued:
 * - `json`: the JSON object alone (a server that honours response_format);
 * - `prose`: the JSON in a Markdown fence with a sentence before it (a small model that
 *   ignores response_format and follows the prompt);
 * - `not_json` / `breaks_schema`: every answer is that fault (a model too small for the step).
 */
export type AnswerStyle = 'json' | 'prose' | 'not_json' | 'breaks_schema';

export interface FakeOpenAIOptions {
  /** Models /v1/models lists and chat completions accept (default qwen2.5:7b and llama3.1:8b). */
  models?: string[];
  /** The key the server wants as `Authorization: Bearer …`; null (default): any or none. */
  apiKey?: string | null;
  /**
   * Whether `response_format: json_schema` is honoured (default true). False: an old server
   * that ignores it; the answer then follows the schema found in the prompt, if any.
   * 'reject': a server that refuses the request with a 400 naming response_format.
   */
  jsonSchema?: boolean | 'reject';
  /** Whether the stream ends with a usage chunk when asked (default true); false: no usage anywhere. */
  usage?: boolean;
  /** Answer `stream: true` with one JSON completion instead of a stream (default false). */
  noStreaming?: boolean;
  style?: AnswerStyle;
  /** Time before the answer starts (default 0); the chunks are spread over a further tenth of it. */
  latencyMs?: number;
  /** Default 0: any free port. Always binds 127.0.0.1. */
  port?: number;
  /** A `<think>` block before the answer, as reasoning models write (default false). */
  thinking?: boolean;
  /**
   * Tokens of context (default: unlimited). A longer prompt is cut to fit, silently, as
   * Ollama does with its default num_ctx: the usage then reports only what was kept.
   */
  contextWindow?: number | null;
  /** The size /api/show reports for every model, as Ollama writes it (default "7.6B"). */
  parameterSize?: string;
}

export interface RecordedChatRequest {
  seq: number;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  at: number;
}

export interface FakeOpenAI {
  /** "http://127.0.0.1:PORT" (no /v1: clients add it, or are given `${url}/v1`). */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedChatRequest[];
  enqueueFault(kind: OpenAIFaultKind, options?: { retryAfterSec?: number; match?: (body: any) => boolean }): void;
  set(options: Partial<Omit<FakeOpenAIOptions, 'port'>>): void;
  /** Requests being answered now, and the most at once since the start. */
  inFlight(): number;
  peakConcurrency(): number;
  /** The server goes away (connections refused) until `start`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}
