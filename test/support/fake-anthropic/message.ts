// The assistant Message the fake "model" answers a request with: a tool call, JSON text for
// a JSON output format, or plain text. Content depends only on the request body
// (byte-identical for identical bodies); ids and cache usage do not.
import { createHash } from 'node:crypto';
import { citeLabels } from './citations';
import { generateFromSchema, malform, truncateToFit } from './content';
import { outputSchemaOf, withHintedConstraints } from './output-format';
import { chooseTool, extractTopic, extractVariant, type Json } from './request';
import { tokensFor, type InputUsage } from './usage';

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface FakeMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: 'end_turn' | 'tool_use' | 'max_tokens';
  stop_sequence: null;
  usage: InputUsage & { output_tokens: number; service_tier: 'standard' };
}

export interface BuildOptions {
  requestId: string;
  inputUsage: InputUsage;
  override: ((body: Json) => unknown) | null;
  malformed: boolean;
}

/** Ids look like the API's (prefix + 24 base62-ish chars) and are unique per request. */
function fakeId(prefix: string, seed: string): string {
  return `${prefix}_01${createHash('sha256').update(`${prefix}|${seed}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`;
}

function textAnswer(topic: string): string {
  return `Here is a short overview of ${topic}. Start with the core ideas, practise them on a small example, ` +
    `then review the common mistakes before moving on.`;
}

export function buildMessage(body: Json, opts: BuildOptions): FakeMessage {
  const topic = extractTopic(body);
  const variant = extractVariant(body);
  const tool = chooseTool(body);
  const format = tool ? null : outputSchemaOf(body);
  const overridden = opts.override ? opts.override(body) : undefined;
  const maxChars = Math.max(0, Number(body.max_tokens) * 4);
  let block: ContentBlock;
  let outChars: number;
  let truncated: boolean;
  if (tool) {
    let input = overridden !== undefined ? overridden : citeLabels(generateFromSchema(tool.input_schema, topic, variant), body);
    if (opts.malformed) input = malform(input, tool.input_schema);
    truncated = JSON.stringify(input).length > maxChars;
    // Past max_tokens a real model stops mid-JSON; a cut object is the parsed equivalent.
    if (truncated) input = truncateToFit(input, maxChars);
    outChars = JSON.stringify(input).length;
    block = { type: 'tool_use', id: fakeId('toolu', opts.requestId), name: tool.name, input };
  } else {
    let text = format ? jsonAnswer(format, topic, variant, overridden, opts.malformed, body) : plainAnswer(topic, overridden);
    truncated = text.length > maxChars;
    // Past max_tokens the text simply stops, mid-JSON or not.
    if (truncated) text = text.slice(0, maxChars);
    outChars = text.length;
    block = { type: 'text', text };
  }
  return {
    id: fakeId('msg', opts.requestId),
    type: 'message',
    role: 'assistant',
    model: String(body.model),
    content: [block],
    stop_reason: truncated ? 'max_tokens' : tool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      ...opts.inputUsage,
      output_tokens: truncated ? Number(body.max_tokens) : Math.max(1, tokensFor(outChars)),
      service_tier: 'standard',
    },
  };
}

function plainAnswer(topic: string, overridden: unknown): string {
  return overridden === undefined ? textAnswer(topic) : typeof overridden === 'string' ? overridden : JSON.stringify(overridden);
}

/**
 * Compact JSON generated from the output schema, honouring the constraints its descriptions
 * mention. An override string is sent as the raw text (so tests can send invalid JSON); any
 * other override value is serialised. The malformed fault breaks the schema, not the syntax.
 */
function jsonAnswer(schema: Json, topic: string, variant: string, overridden: unknown, malformed: boolean, body: Json): string {
  if (typeof overridden === 'string') return overridden;
  const hinted = withHintedConstraints(schema);
  let value = overridden !== undefined ? overridden : citeLabels(generateFromSchema(hinted, topic, variant), body);
  if (malformed) value = malform(value, hinted);
  return JSON.stringify(value);
}
