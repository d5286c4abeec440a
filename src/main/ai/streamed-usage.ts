// Usage of a stream that broke off. The API reports output tokens in message_start (a
// token or so) and in message_delta at the end; a stream cut in between has been billed
// for what the model wrote up to the cut, but never says how much. What was received is
// counted here so that spend can be estimated, and the estimate is marked as one.
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../../shared/domain';

/**
 * About four characters of English (or of JSON about it) per token: the usual rule of
 * thumb. Text in scripts with denser tokens makes this a low estimate, never a high one.
 */
export const CHARS_PER_TOKEN = 4;

export interface StreamedOutput {
  /** Characters of answer (text, tool input JSON, thinking) received so far. */
  readonly chars: number;
  /** Whether message_delta arrived: from then on the reported output tokens are the real count. */
  readonly reported: boolean;
}

export function trackStreamedOutput(stream: MessageStream<unknown>): StreamedOutput {
  const seen = { chars: 0, reported: false };
  stream.on('streamEvent', (event) => {
    if (event.type === 'message_delta') seen.reported = true;
    if (event.type !== 'content_block_delta') return;
    const d = event.delta;
    if (d.type === 'text_delta') seen.chars += d.text.length;
    else if (d.type === 'input_json_delta') seen.chars += d.partial_json.length;
    else if (d.type === 'thinking_delta') seen.chars += d.thinking.length;
  });
  return seen;
}

export interface StreamedUsage {
  usage: TokenUsage;
  /** True when the output count is estimated from the text received, not reported by the API. */
  estimated: boolean;
}

/** What a failed stream used: as reported, with output tokens estimated if the end never came. Null before message_start. */
export function usageSoFar(snapshot: Message | undefined, output: StreamedOutput, map: (u: Message['usage']) => TokenUsage): StreamedUsage | null {
  if (!snapshot) return null;
  const usage = map(snapshot.usage);
  const estimate = Math.ceil(output.chars / CHARS_PER_TOKEN);
  if (output.reported || estimate <= usage.output) return { usage, estimated: false };
  return { usage: { ...usage, output: estimate }, estimated: true };
}
