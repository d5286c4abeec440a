// A finished Messages answer (a streamed one, or a line of a batch's results file) read as a
// structured result: the tool call's input or the JSON text, with the usage, or the typed
// error the retry policy acts on (cut off at the output limit, a refusal, no answer).
import type { Message, ToolUseBlock, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../../shared/domain';
import type { StructuredOutputMode } from './config';
import { ProviderError, type ModelResult } from './provider';

const MAX_SHOWN_TEXT = 120;

export interface AnswerContext {
  toolName: string;
  mode: StructuredOutputMode;
  maxTokens: number;
  requestId: string | null;
}

/** The result of one answer, without the timing and headers only the transport knows. */
export function resultFromMessage(message: Message, ctx: AnswerContext): Omit<ModelResult, 'latencyMs'> {
  const { requestId, maxTokens } = ctx;
  const usage = mapUsage(message.usage);
  const fail = (msg: string) => new ProviderError('invalid_output', msg, { requestId, usage, status: null });
  if (message.stop_reason === 'max_tokens') {
    // Tagged with the limit so the policy can ask again with room, rather than repeat it.
    throw new ProviderError('invalid_output', `The model's answer was cut off at the output limit (${maxTokens.toLocaleString('en-US')} tokens) before it was complete.`, {
      requestId,
      usage,
      outputLimit: maxTokens,
    });
  }
  if (message.stop_reason === 'refusal') throw fail('The model declined to answer this request (refusal).');
  const answer = ctx.mode === 'json_schema' ? jsonAnswer(message, fail) : toolAnswer(message, ctx.toolName, fail);
  return {
    input: answer.input,
    toolUseId: answer.id,
    usage,
    model: message.model,
    requestId,
    stopReason: message.stop_reason ?? null,
    ...(message.usage?.service_tier === 'batch' ? { serviceTier: 'batch' as const } : {}),
  };
}

type Fail = (message: string) => ProviderError;

function toolAnswer(message: Message, toolName: string, fail: Fail): { input: unknown; id: string } {
  const block = message.content.find((b): b is ToolUseBlock => b.type === 'tool_use' && b.name === toolName);
  if (!block) throw fail(`The model answered without calling the "${toolName}" tool (stop reason: ${message.stop_reason ?? 'none'}).`);
  if (!isJsonObject(block.input)) throw fail(`The model's "${toolName}" tool input was not a JSON object.`);
  return { input: block.input, id: block.id };
}

/**
 * The JSON answer is the text of the text blocks (thinking blocks are skipped). There is no
 * tool_use id in this mode, so the message id stands in for it: repairs only need the value.
 */
function jsonAnswer(message: Message, fail: Fail): { input: unknown; id: string } {
  const text = message.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('');
  if (!text.trim()) throw fail(`The model answered without any JSON text (stop reason: ${message.stop_reason ?? 'none'}).`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail(`The model's answer was not valid JSON (${(err as Error).message}): ${clip(text)}`);
  }
  if (!isJsonObject(value)) throw fail(`The model's answer was JSON but not an object: ${clip(text)}`);
  return { input: value, id: message.id };
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > MAX_SHOWN_TEXT ? `${t.slice(0, MAX_SHOWN_TEXT)}…` : t;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mapUsage(u: Partial<Usage> | null | undefined): TokenUsage {
  return {
    input: u?.input_tokens ?? 0,
    output: u?.output_tokens ?? 0,
    cacheRead: u?.cache_read_input_tokens ?? 0,
    cacheWrite: u?.cache_creation_input_tokens ?? 0,
  };
}
