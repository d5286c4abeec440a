// The Messages streaming protocol: the event sequence the real API sends for a message,
// and the SSE framing the SDK's parser reads (`event:` + `data:` lines, blank line).
import type { ContentBlock, FakeMessage } from './message';

export interface SseEvent {
  event: string;
  data: unknown;
}

export function frame(e: SseEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** Split into ~`parts` chunks without cutting a surrogate pair in half. */
export function chunk(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + size);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

function startBlock(block: ContentBlock): ContentBlock {
  return block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} };
}

function deltas(block: ContentBlock, index: number): SseEvent[] {
  if (block.type === 'text') {
    return chunk(block.text, 6).map((text) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } } }));
  }
  // The real API opens a tool_use block with an empty partial_json; clients must cope.
  const parts = ['', ...chunk(JSON.stringify(block.input), 8)];
  return parts.map((partial_json) => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } },
  }));
}

/**
 * message_start, content_block_start, ping, content_block_delta…, content_block_stop,
 * message_delta, message_stop. `head` is how many events precede the first delta.
 */
export function streamEvents(msg: FakeMessage): { events: SseEvent[]; head: number } {
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, cache_creation, service_tier } = msg.usage;
  const startUsage = { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, cache_creation, output_tokens: 1, service_tier };
  const events: SseEvent[] = [
    { event: 'message_start', data: { type: 'message_start', message: { ...msg, content: [], stop_reason: null, stop_sequence: null, usage: startUsage } } },
  ];
  let head = 0;
  msg.content.forEach((block, index) => {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: startBlock(block) } });
    if (index === 0) {
      events.push({ event: 'ping', data: { type: 'ping' } });
      head = events.length;
    }
    events.push(...deltas(block, index));
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: msg.stop_reason, stop_sequence: null },
      // Cumulative totals, as the current API sends them.
      usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens: msg.usage.output_tokens },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return { events, head };
}
