// Local model servers (Ollama, LM Studio, llama.cpp, vLLM, Jan) through their OpenAI-
// compatible chat completions API, behind the same ModelProvider interface as Claude: one
// streamed request per call, the answer returned unvalidated, every failure a typed
// ProviderError with a sentence a person can act on. Written on fetch and a small SSE
// reader rather than the `openai` client, whose current line needs Node 22: the part of it
// used here is one POST and one stream.
import { partialParse } from '@anthropic-ai/sdk/_vendor/partial-json-parser/parser';
import type { TokenUsage } from '../../../shared/domain';
import { ProviderError, type ModelProvider, type ModelResult, type StructuredRequest } from '../provider';
import { idleWatchdog } from '../idle-watchdog';
import { connectionError, httpError, serverMessage } from './openai-errors';
import { estimateUsage, jsonFromText, usageFrom } from './openai-answer';
import { buildChatRequest } from './openai-request';
import { parseBaseUrl, type LocalServerId, type ServerEndpoint } from './local-servers';
import { sseData } from './sse';
import { OLLAMA_DEFAULT_CONTEXT } from './ollama-context';

export const OPENAI_COMPATIBLE = 'openai-compatible';

/** A 400 about the structured-output parameter itself, as servers word it. */
const REFUSES_RESPONSE_FORMAT = /response_format|json_schema/i;

/**
 * Drafting wants some variety but small models break the schema more often the hotter they
 * sample; 0.7 is what most model cards suggest for instruction following.
 */
export const DEFAULT_LOCAL_TEMPERATURE = 0.7;
export const DEFAULT_LOCAL_MAX_TOKENS = 8192;
/**
 * The context assumed when the server's is not known: Ollama's own default for Ollama
 * (ollama-context.ts), 16,384 for the others (LM Studio's and llama.cpp's usual load setting
 * is at least that). Materials are sized by it (generation/grounding.ts), so a guess too
 * small sends fewer passages, never a prompt the server would cut.
 */
export function localContextGuess(server: LocalServerId | null): number {
  return server === 'ollama' ? OLLAMA_DEFAULT_CONTEXT : 16_384;
}
/**
 * Longest wait for the answer to start, and longest silence inside it. A laptop may spend
 * minutes reading a long prompt before the first token, and Ollama loads the model on the
 * first request; a shorter limit would cut off answers that were on their way.
 */
export const DEFAULT_LOCAL_TIMEOUT_MS = 300_000;

export interface OpenAICompatibleConfig {
  /** With or without the trailing /v1. */
  baseUrl: string;
  model: string;
  /** Jan and servers behind a proxy need one; Ollama and LM Studio ignore it. */
  apiKey?: string | null;
  /** Which server this is, for messages ("model x is not pulled — run `ollama pull x`"); default: by port. */
  server?: LocalServerId | null;
  maxTokens?: number;
  /**
   * The context the server gives the model (Ollama's num_ctx, a llama.cpp -c); absent: a
   * cautious guess (LOCAL_CONTEXT_GUESS), since the OpenAI-compatible API does not say.
   */
  contextTokens?: number;
  temperature?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface OpenAICompatibleProvider extends ModelProvider {
  readonly endpoint: ServerEndpoint;
}

interface Received {
  text: string;
  /** Characters of answer, thinking included: what an estimate of the output counts. */
  chars: number;
  usage: TokenUsage | null;
  finish: string | null;
  id: string | null;
  model: string | null;
}

export function createOpenAICompatibleProvider(config: OpenAICompatibleConfig): OpenAICompatibleProvider {
  const endpoint = parseBaseUrl(config.baseUrl, config.server);
  const model = config.model;
  const timeoutMs = config.timeoutMs ?? DEFAULT_LOCAL_TIMEOUT_MS;
  const temperature = config.temperature ?? DEFAULT_LOCAL_TEMPERATURE;
  const fetchImpl = config.fetch ?? fetch;
  const ctx = { endpoint, model };
  // Set once the server refused `response_format: json_schema` (older LM Studio and vLLM
  // builds answer 400 instead of ignoring it): later requests go without it.
  let jsonSchemaRefused = false;

  return {
    name: `${endpoint.name} at ${endpoint.hostPort}`,
    kind: OPENAI_COMPATIBLE,
    model,
    endpoint,
    contextTokens: config.contextTokens ?? localContextGuess(endpoint.server),
    maxTokens: config.maxTokens ?? DEFAULT_LOCAL_MAX_TOKENS,
    giveUpOnInvalidOutput: (tries) =>
      `the model answered with text that is not the requested JSON after ${tries} tries — this model may be too small for this step`,
    async call(req: StructuredRequest): Promise<ModelResult> {
      const started = performance.now();
      if (req.signal?.aborted) throw new ProviderError('aborted', 'The request was cancelled.', { cause: req.signal.reason });
      const maxTokens = req.maxTokens ?? config.maxTokens ?? DEFAULT_LOCAL_MAX_TOKENS;
      const body = buildChatRequest(req, model, maxTokens, temperature);
      if (jsonSchemaRefused) delete body.response_format;
      await req.lastCheck?.();

      const watchdog = idleWatchdog(req.signal, timeoutMs);
      const armIdle = () => watchdog.arm();
      const got: Received = { text: '', chars: 0, usage: null, finish: null, id: null, model: null };
      const estimated = (): TokenUsage => estimateUsage(body.messages, got.chars);
      const failure = (error: unknown, phase: 'connect' | 'answer'): ProviderError => {
        if (error instanceof ProviderError) return error;
        if (req.signal?.aborted) return new ProviderError('aborted', 'The request was cancelled.', { cause: req.signal.reason, usage: phase === 'answer' ? estimated() : null, usageEstimated: true });
        if (watchdog.timedOut) {
          return new ProviderError('timeout', `${endpoint.name} at ${endpoint.hostPort} sent nothing for ${Math.round(timeoutMs / 1000)} s`, {
            cause: error,
            ...(phase === 'answer' ? { usage: got.usage ?? estimated(), usageEstimated: got.usage === null } : {}),
          });
        }
        if (phase === 'connect') return connectionError(ctx, error);
        return new ProviderError('network', `The connection to ${endpoint.name} at ${endpoint.hostPort} broke off mid-answer`, {
          cause: error,
          usage: got.usage ?? estimated(),
          usageEstimated: got.usage === null,
        });
      };

      try {
        armIdle();
        const post = async (): Promise<Response> => {
          try {
            return await fetchImpl(`${endpoint.api}/chat/completions`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                accept: 'text/event-stream, application/json',
                ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
              },
              body: JSON.stringify(body),
              signal: watchdog.signal,
            });
          } catch (error) {
            throw failure(error, 'connect');
          }
        };
        let response = await post();
        if (response.status === 400 && body.response_format) {
          const refused = await readError(response);
          if (!REFUSES_RESPONSE_FORMAT.test(serverMessage(refused) ?? '')) throw httpError(400, refused, response.headers, ctx);
          // Not a retry: the server said which dialect it speaks before writing anything, so
          // the same request goes once more without the part it does not know.
          jsonSchemaRefused = true;
          delete body.response_format;
          armIdle();
          response = await post();
        }
        armIdle();
        if (!response.ok) throw httpError(response.status, await readError(response), response.headers, ctx);
        try {
          req.onHeaders?.(null);
        } catch {
          // Pacing's business, never the request's.
        }
        try {
          if ((response.headers.get('content-type') ?? '').includes('text/event-stream') && response.body) {
            await readStream(response.body, got, armIdle, req.onPartial);
          } else {
            // A server that does not stream answers with the whole completion at once.
            readCompletion(await response.json(), got);
          }
        } catch (error) {
          throw failure(error, 'answer');
        }
        if (got.finish === null) throw failure(new Error('the stream ended without a finish reason'), 'answer');

        const usage = got.usage ?? estimated();
        const usageEstimated = got.usage === null;
        const requestId = response.headers.get('x-request-id') ?? got.id;
        const fail = (message: string) => new ProviderError('invalid_output', message, { requestId, usage, usageEstimated });
        if (got.finish === 'length') {
          throw new ProviderError('invalid_output', `The model's answer was cut off at the output limit (${maxTokens.toLocaleString('en-US')} tokens) before it was complete.`, {
            requestId,
            usage,
            usageEstimated,
            outputLimit: maxTokens,
          });
        }
        if (got.finish === 'content_filter') throw fail('The server filtered the model’s answer (content_filter).');
        if (got.usage) assertPromptKept(got.usage, estimated().input, endpoint, model, requestId);
        const input = jsonFromText(got.text, fail);
        return {
          input,
          toolUseId: got.id ?? 'answer',
          usage,
          ...(usageEstimated ? { usageEstimated: true } : {}),
          model: got.model ?? model,
          requestId,
          latencyMs: Math.round(performance.now() - started),
          stopReason: got.finish,
        };
      } finally {
        watchdog.dispose();
      }
    },
  };
}

/**
 * Ollama cuts a prompt longer than its context window (num_ctx, 4,096 tokens by default on
 * most laptops) without a word, and the model answers about the part it saw. Its usage gives
 * it away: far fewer prompt tokens than the prompt has. Four characters a token undercounts
 * tokens (JSON, other scripts), never overcounts them, so half of the estimate is a safe line.
 */
const MIN_CHECKED_PROMPT_TOKENS = 1_000;

function assertPromptKept(usage: TokenUsage, estimate: number, endpoint: ServerEndpoint, model: string, requestId: string | null): void {
  const kept = usage.input + usage.cacheRead;
  if (estimate < MIN_CHECKED_PROMPT_TOKENS || kept >= estimate / 2) return;
  const fix = endpoint.server === 'ollama' ? ' (Ollama: OLLAMA_CONTEXT_LENGTH=16384, or PARAMETER num_ctx 16384 in a Modelfile)' : '';
  throw new ProviderError(
    'bad_request',
    `${endpoint.name} kept only ${kept.toLocaleString('en-US')} tokens of this step's prompt (about ${estimate.toLocaleString('en-US')}): model ${model}'s context window is too small for it — give the model a larger context${fix}, or choose another model`,
    { requestId, usage },
  );
}

async function readError(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface Chunk {
  id?: string;
  model?: string;
  choices?: { delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null }[];
  usage?: unknown;
  error?: unknown;
}

async function readStream(body: ReadableStream<Uint8Array>, got: Received, alive: () => void, onPartial?: (partial: unknown) => void): Promise<void> {
  let lastPartial = '';
  for await (const data of sseData(body)) {
    alive();
    let chunk: Chunk;
    try {
      chunk = JSON.parse(data) as Chunk;
    } catch {
      continue; // A keep-alive or a line of another dialect: nothing of the answer.
    }
    if (chunk.error !== undefined) {
      throw new ProviderError('server', `The server failed mid-answer: ${serverMessage(chunk) ?? 'unknown error'}`);
    }
    got.id ??= chunk.id ?? null;
    got.model ??= chunk.model ?? null;
    got.usage = usageFrom(chunk.usage) ?? got.usage;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string') {
      got.text += delta.content;
      got.chars += delta.content.length;
    }
    const thinking = delta.reasoning_content ?? delta.reasoning;
    if (typeof thinking === 'string') got.chars += thinking.length;
    if (choice.finish_reason) got.finish = choice.finish_reason;
    if (onPartial && typeof delta.content === 'string' && delta.content) lastPartial = emitPartial(got.text, lastPartial, onPartial);
  }
}

function readCompletion(raw: unknown, got: Received): void {
  const c = raw as { id?: string; model?: string; choices?: { message?: { content?: string | null }; finish_reason?: string | null }[]; usage?: unknown };
  const choice = c?.choices?.[0];
  if (!choice) throw new ProviderError('server', 'The server answered without a completion.');
  got.id = c.id ?? null;
  got.model = c.model ?? null;
  got.text = choice.message?.content ?? '';
  got.chars = got.text.length;
  got.usage = usageFrom(c.usage);
  got.finish = choice.finish_reason ?? 'stop';
}

/** Best-effort partial answers for the wizard; a prefix that does not parse yet is skipped. */
function emitPartial(text: string, last: string, onPartial: (partial: unknown) => void): string {
  const start = text.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '').indexOf('{');
  if (start < 0) return last;
  const visible = text.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '').slice(start);
  let value: unknown;
  try {
    value = partialParse(visible);
  } catch {
    return last;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return last;
  const key = JSON.stringify(value);
  if (key === last) return last;
  try {
    onPartial(value);
  } catch {
    // The UI's problem, not the request's.
  }
  return key;
}
