// The model's text read as the JSON it was asked for. Small models and servers that ignore
// `response_format` wrap it: a "<think>" block first (Qwen 3, DeepSeek R1 distills), a
// Markdown fence, a sentence before or after. Those wrappers are taken off; anything else
// that is not one JSON object is an invalid answer, which the policy asks again about.
import type { TokenUsage } from '../../../shared/domain';
import { CHARS_PER_TOKEN } from '../streamed-usage';
import { ProviderError } from '../provider';
import type { ChatMessage } from './openai-request';

const MAX_SHOWN_TEXT = 120;

export function jsonFromText(text: string, fail: (message: string) => ProviderError): Record<string, unknown> {
  const stripped = text.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  if (!stripped) throw fail('The model answered without any JSON text.');
  for (const candidate of candidates(stripped)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  }
  throw fail(`The model answered with text that is not a JSON object: ${clip(stripped)}`);
}

/** The whole text, then a fenced block, then the span from the first "{" to the last "}". */
function* candidates(text: string): Generator<string> {
  yield text;
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fence?.[1]) yield fence[1].trim();
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) yield text.slice(first, last + 1);
}

function clip(text: string): string {
  return text.length > MAX_SHOWN_TEXT ? `${text.slice(0, MAX_SHOWN_TEXT)}…` : text;
}

/** The usage object of a chat completion (OpenAI's names); null when absent or unreadable. */
export function usageFrom(raw: unknown): TokenUsage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const u = raw as { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } | null };
  const prompt = count(u.prompt_tokens);
  const completion = count(u.completion_tokens);
  if (prompt === null || completion === null) return null;
  // OpenAI counts cached prompt tokens inside prompt_tokens; ours keeps them apart.
  const cached = Math.min(prompt, count(u.prompt_tokens_details?.cached_tokens) ?? 0);
  return { input: prompt - cached, output: completion, cacheRead: cached, cacheWrite: 0 };
}

function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
}

/**
 * What a server that reports no usage is counted as: about four characters a token (the
 * same rule of thumb as a broken Anthropic stream), plus a few tokens per message for the
 * chat template's markers. Rough, and always marked as estimated.
 */
export function estimateUsage(messages: readonly ChatMessage[], answerChars: number): TokenUsage {
  const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
  return {
    input: Math.ceil(promptChars / CHARS_PER_TOKEN) + 4 * messages.length,
    output: Math.ceil(answerChars / CHARS_PER_TOKEN),
    cacheRead: 0,
    cacheWrite: 0,
  };
}
