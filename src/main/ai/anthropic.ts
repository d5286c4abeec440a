// The Anthropic Messages API behind the ModelProvider interface: one streamed request per
// call, prompt caching on the parts that repeat, and a structured answer asked for either
// as JSON output (`output_config.format`) or as a forced tool call, whichever the model
// supports (config.ts). Either way the provider returns the answer unvalidated.
import Anthropic from '@anthropic-ai/sdk';
import { partialParse } from '@anthropic-ai/sdk/_vendor/partial-json-parser/parser';
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { isJsonObject, mapUsage, resultFromMessage } from './anthropic-answer';
import { classifyAnthropicError } from './anthropic-errors';
import { buildParams } from './anthropic-params';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  maxOutputTokensFor,
  parseStructuredOutputSetting,
  resolveStructuredOutputMode,
  type StructuredOutputMode,
  type StructuredOutputSetting,
} from './config';
import { ProviderError, type ModelProvider, type ModelResult, type StructuredRequest } from './provider';
import { idleWatchdog } from './idle-watchdog';
import { parseRateLimitHeaders } from './rate-budget';
import { trackStreamedOutput, usageSoFar } from './streamed-usage';

export interface AnthropicProviderConfig {
  apiKey: string;
  /** Defaults to the public API; resolveModelConfig fills it from Settings or ANTHROPIC_BASE_URL. */
  baseURL?: string;
  model?: string;
  maxTokens?: number;
  /** Longest wait for response headers, and longest silence between stream events. */
  timeoutMs?: number;
  /** json_schema, tool, or auto (default): pick by model from MODEL_OUTPUT_MODES. */
  structuredOutput?: StructuredOutputSetting;
  /** The model's context window; absent: Claude's 200,000. */
  contextTokens?: number | null;
  fetch?: typeof fetch;
}

export interface AnthropicProvider extends ModelProvider {
  /** How this provider asks for structured answers. */
  readonly structuredOutput: StructuredOutputMode;
  /** The output limit a request without its own gets. */
  readonly maxTokens: number;
}


export function createAnthropicProvider(config: AnthropicProviderConfig): AnthropicProvider {
  const model = config.model ?? DEFAULT_MODEL;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const mode = resolveStructuredOutputMode(model, parseStructuredOutputSetting(config.structuredOutput));
  const client = new Anthropic({
    apiKey: config.apiKey,
    // Passed explicitly so the SDK never falls back to ANTHROPIC_BASE_URL on its own:
    // config.ts is the one place that reads the environment.
    baseURL: config.baseURL ?? DEFAULT_BASE_URL,
    // The SDK's own retries are off: structured-call.ts is the only retry policy, so that
    // attempts, back-off, the shared 429 gate and per-attempt cost all stay accounted for.
    maxRetries: 0,
    timeout: timeoutMs,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });

  return {
    name: 'anthropic',
    model,
    maxOutputTokens: maxOutputTokensFor(model),
    structuredOutput: mode,
    maxTokens: config.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(config.contextTokens ? { contextTokens: config.contextTokens } : {}),
    async call(req: StructuredRequest): Promise<ModelResult> {
      const started = performance.now();
      if (req.signal?.aborted) throw new ProviderError('aborted', 'The request was cancelled.', { cause: req.signal.reason });
      const maxTokens = req.maxTokens ?? config.maxTokens ?? DEFAULT_MAX_TOKENS;
      // Built before anything is sent, so a schema the API cannot take fails without a request.
      const params = buildParams(req, model, maxTokens, mode);
      if (req.lastCheck) {
        try {
          await req.lastCheck();
        } catch (err) {
          throw classifyAnthropicError(err, { signal: req.signal, model });
        }
      }

      // The SDK's `timeout` only covers the wait for headers, not a stream that goes quiet.
      const watchdog = idleWatchdog(req.signal, timeoutMs);
      const armIdle = () => watchdog.arm();

      const stream = client.messages.stream(params, { signal: watchdog.signal });
      armIdle();
      stream.on('connect', armIdle);
      if (req.onHeaders) {
        const onHeaders = req.onHeaders;
        stream.on('connect', () => {
          try {
            onHeaders(parseRateLimitHeaders(stream.response?.headers));
          } catch {
            // Pacing's business, never the request's.
          }
        });
      }
      stream.on('streamEvent', armIdle);
      const received = trackStreamedOutput(stream);
      if (req.onPartial) watchPartials(stream, mode, req.onPartial);

      try {
        const message = await stream.finalMessage();
        const requestId = (message as { _request_id?: string | null })._request_id ?? stream.request_id ?? null;
        return {
          ...resultFromMessage(message, { toolName: req.tool.name, mode, maxTokens, requestId }),
          latencyMs: Math.round(performance.now() - started),
          rateLimit: parseRateLimitHeaders(stream.response?.headers),
        };
      } catch (err) {
        // A stream cut mid-answer (dropped, cancelled, timed out) is billed up to the cut.
        const partial = usageSoFar(stream.currentMessage, received, mapUsage);
        throw classifyAnthropicError(err, {
          signal: req.signal,
          timedOut: watchdog.timedOut,
          timeoutMs,
          model,
          requestId: stream.request_id ?? null,
          usage: partial?.usage ?? null,
          usageEstimated: partial?.estimated ?? false,
        });
      } finally {
        watchdog.dispose();
      }
    },
  };
}

/** Best-effort partial answers for progress display; a progress callback can never fail the request. */
function watchPartials(stream: MessageStream<unknown>, mode: StructuredOutputMode, onPartial: (partial: unknown) => void): void {
  const emit = (value: unknown) => {
    try {
      onPartial(value);
    } catch {
      // The UI's problem, not the request's.
    }
  };
  if (mode === 'tool') {
    stream.on('inputJson', (_delta, snapshot) => emit(snapshot));
    return;
  }
  // The SDK completes streamed tool input with its vendored partial-JSON parser; the same
  // parser reads the streamed JSON text here. Unparseable prefixes are simply skipped.
  let last = '';
  stream.on('text', (_delta, snapshot) => {
    let value: unknown;
    try {
      value = partialParse(snapshot);
    } catch {
      return;
    }
    if (!isJsonObject(value)) return;
    const key = JSON.stringify(value);
    if (key === last) return;
    last = key;
    emit(value);
  });
}
