// The chat completions request for one structured call. The schema travels twice: as
// `response_format` (servers that honour it constrain decoding to it) and in the prompt,
// since older servers and many small models ignore `response_format` and only follow what
// they read. Sampling is explicit: Ollama uses a temperature of 1.0 when none is sent.
import type { StructuredRequest, ToolSpec } from '../provider';
import { simplifyJsonSchema } from './json-schema-simplify';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  stream: true;
  stream_options: { include_usage: true };
  /** Left out for a server that refused it (see openai-compatible.ts): the prompt carries the schema. */
  response_format?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: true } };
}

/** The schema as the server and the prompt get it (see json-schema-simplify.ts). */
export function answerSchema(tool: ToolSpec): Record<string, unknown> {
  return simplifyJsonSchema({ ...tool.inputSchema, type: 'object' });
}

/** What the prompt ends with: what to answer, in which shape, and nothing else. */
export function schemaInstruction(tool: ToolSpec, schema: Record<string, unknown>): string {
  const what = tool.description.trim().replace(/\.*$/, '.');
  return (
    `Output format: answer with only one JSON object (no prose, no Markdown) that matches this JSON Schema. ` +
    `What it is for: ${what}\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``
  );
}

export function repairInstruction(error: string): string {
  return `Your answer did not match the JSON Schema: ${error}. Answer again with the whole corrected JSON object and nothing else.`;
}

/** Tool names become the response_format name, which servers restrict to [a-zA-Z0-9_-]{1,64}. */
function formatName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'answer';
}

export function buildChatRequest(req: StructuredRequest, model: string, maxTokens: number, temperature: number): ChatRequestBody {
  const schema = answerSchema(req.tool);
  const parts = [req.sharedContext?.trim(), req.prompt, schemaInstruction(req.tool, schema)].filter((p): p is string => Boolean(p));
  const messages: ChatMessage[] = [];
  if (req.system.trim()) messages.push({ role: 'system', content: req.system });
  messages.push({ role: 'user', content: parts.join('\n\n') });
  if (req.repair) {
    // The previous answer as the model's own turn, then what was wrong with it.
    messages.push({ role: 'assistant', content: JSON.stringify(req.repair.previousInput) ?? 'null' });
    messages.push({ role: 'user', content: repairInstruction(req.repair.error) });
  }
  return {
    model,
    messages,
    temperature,
    max_tokens: maxTokens,
    stream: true,
    // Servers that can count send the usage in a last chunk; the others are estimated.
    stream_options: { include_usage: true },
    response_format: { type: 'json_schema', json_schema: { name: formatName(req.tool.name), schema, strict: true } },
  };
}
