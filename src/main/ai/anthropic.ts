// The Anthropic Messages API behind the ModelProvider interface: one streamed request
// per call, forced tool use, prompt caching on the parts that repeat.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase, MessageParam, ToolUseBlock, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../../shared/domain';
import { classifyAnthropicError } from './anthropic-errors';
import { DEFAULT_BASE_URL, DEFAULT_MAX_TOKENS, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS } from './config';
import { ProviderError, type ModelProvider, type ModelResult, type StructuredRequest } from './provider';

export interface AnthropicProviderConfig {
  apiKey: string;
  /** Defaults to the public API; resolveModelConfig fills it from Settings or ANTHROPIC_BASE_URL. */
  baseURL?: string;
  model?: string;
  maxTokens?: number;
  /** Longest wait for response headers, and longest silence between stream events. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function repairMessage(error: string): string {
  return `Your input did not match the schema: ${error}. Call the tool again with corrected input.`;
}

export function createAnthropicProvider(config: AnthropicProviderConfig): ModelProvider {
  const model = config.model ?? DEFAULT_MODEL;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
    async call(req: StructuredRequest): Promise<ModelResult> {
      const started = performance.now();
      if (req.signal?.aborted) throw new ProviderError('aborted', 'The request was cancelled.', { cause: req.signal.reason });

      // Our own controller so the inactivity watchdog can cut the request too: the SDK's
      // `timeout` only covers the wait for headers, not a stream that goes quiet.
      const controller = new AbortController();
      const onAbort = () => controller.abort(req.signal?.reason);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      let idle: ReturnType<typeof setTimeout> | undefined;
      const armIdle = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
      };

      const stream = client.messages.stream(buildParams(req, model, config), { signal: controller.signal });
      armIdle();
      stream.on('connect', armIdle);
      stream.on('streamEvent', armIdle);
      const onPartial = req.onPartial;
      if (onPartial) {
        stream.on('inputJson', (_delta, snapshot) => {
          try {
            onPartial(snapshot);
          } catch {
            // A progress callback must not be able to fail the request.
          }
        });
      }

      try {
        const message = await stream.finalMessage();
        const requestId = (message as { _request_id?: string | null })._request_id ?? stream.request_id ?? null;
        const usage = mapUsage(message.usage);
        const block = message.content.find(
          (b): b is ToolUseBlock => b.type === 'tool_use' && b.name === req.tool.name,
        );
        const fail = (msg: string) =>
          new ProviderError('invalid_output', msg, { requestId, usage, status: null });
        if (message.stop_reason === 'max_tokens') {
          throw fail(
            `The model's answer was cut off at the output limit (${req.maxTokens ?? config.maxTokens ?? DEFAULT_MAX_TOKENS} tokens) before it was complete.`,
          );
        }
        if (!block) {
          throw fail(`The model answered without calling the "${req.tool.name}" tool (stop reason: ${message.stop_reason ?? 'none'}).`);
        }
        if (typeof block.input !== 'object' || block.input === null || Array.isArray(block.input)) {
          throw fail(`The model's "${req.tool.name}" tool input was not a JSON object.`);
        }
        return {
          input: block.input,
          toolUseId: block.id,
          usage,
          model: message.model,
          requestId,
          latencyMs: Math.round(performance.now() - started),
          stopReason: message.stop_reason ?? null,
        };
      } catch (err) {
        const snapshot = stream.currentMessage;
        throw classifyAnthropicError(err, {
          signal: req.signal,
          timedOut,
          timeoutMs,
          model,
          requestId: stream.request_id ?? null,
          usage: snapshot ? mapUsage(snapshot.usage) : null,
        });
      } finally {
        clearTimeout(idle);
        req.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function buildParams(req: StructuredRequest, model: string, config: AnthropicProviderConfig): MessageCreateParamsBase {
  const first: Extract<MessageParam['content'], unknown[]> = [];
  // The shared context (the approved outline) is the same for every call of a job, so it
  // gets its own cache breakpoint; the call-specific prompt follows uncached.
  if (req.sharedContext?.trim()) {
    first.push({ type: 'text', text: req.sharedContext, cache_control: { type: 'ephemeral' } });
  }
  first.push({ type: 'text', text: req.prompt });
  const messages: MessageParam[] = [{ role: 'user', content: first }];

  if (req.repair) {
    messages.push(
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: req.repair.toolUseId, name: req.tool.name, input: req.repair.previousInput }],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: req.repair.toolUseId,
            is_error: true,
            content: repairMessage(req.repair.error),
          },
        ],
      },
    );
  }

  return {
    model,
    max_tokens: req.maxTokens ?? config.maxTokens ?? DEFAULT_MAX_TOKENS,
    // No `temperature`: SDK 1.x speaks API version 2026-10-21, which rejects every sampling
    // parameter (temperature/top_p/top_k) with a 400, even at default values.
    ...(req.system.trim() ? { system: [{ type: 'text' as const, text: req.system, cache_control: { type: 'ephemeral' as const } }] } : {}),
    tools: [
      {
        name: req.tool.name,
        description: req.tool.description,
        input_schema: { ...req.tool.inputSchema, type: 'object' },
      },
    ],
    tool_choice: { type: 'tool', name: req.tool.name, disable_parallel_tool_use: true },
    messages,
  };
}

function mapUsage(u: Partial<Usage> | null | undefined): TokenUsage {
  return {
    input: u?.input_tokens ?? 0,
    output: u?.output_tokens ?? 0,
    cacheRead: u?.cache_read_input_tokens ?? 0,
    cacheWrite: u?.cache_creation_input_tokens ?? 0,
  };
}
