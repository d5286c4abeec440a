// The request checks the real API makes that a client bug can trip: a fake that accepted
// anything would let those bugs through to production. Messages mirror the API's wording.
import { documentBlockError } from './documents';
import type { ApiErrorSpec } from './errors';
import { rejectsForcedToolUse, rejectsPrefill } from './models';
import { validateOutputConfig } from './output-format';
import { isObject, type Json } from './request';

const bad = (message: string): ApiErrorSpec => ({ type: 'invalid_request_error', message });

export function validateMessagesBody(body: unknown, countOnly = false): ApiErrorSpec | null {
  if (!isObject(body)) return bad('Input should be a valid dictionary or object to extract fields from');
  if (body.model === undefined) return bad('model: Field required');
  if (typeof body.model !== 'string' || !body.model) return bad('model: Input should be a valid string');
  if (!countOnly) {
    if (body.max_tokens === undefined) return bad('max_tokens: Field required');
    if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
      return bad('max_tokens: Input should be greater than or equal to 1');
    }
    if (body.stream !== undefined && typeof body.stream !== 'boolean') return bad('stream: Input should be a valid boolean');
  }
  if (body.messages === undefined) return bad('messages: Field required');
  if (!Array.isArray(body.messages)) return bad('messages: Input should be a valid list');
  if (body.messages.length === 0) return bad('messages: at least one message is required');
  return (
    validateSystem(body) ??
    validateMessages(body.messages) ??
    validateTools(body) ??
    validateOutputConfig(body) ??
    validateForModel(body) ??
    validateCacheControl(body)
  );
}

/** What the newest models refuse that older ones accepted (see models.ts). */
function validateForModel(body: Json): ApiErrorSpec | null {
  const model = String(body.model);
  const choice = isObject(body.tool_choice) ? body.tool_choice.type : undefined;
  if ((choice === 'tool' || choice === 'any') && rejectsForcedToolUse(model)) {
    return bad(
      `tool_choice: forced tool use (type '${String(choice)}') is not supported with ${model}. ` +
        "Use tool_choice 'auto' or 'none', or output_config.format for structured output.",
    );
  }
  const last = (body.messages as unknown[]).at(-1);
  if (isObject(last) && last.role === 'assistant' && rejectsPrefill(model)) {
    return bad(`messages: assistant message prefill is not supported with ${model}. The conversation must end with a user message.`);
  }
  return null;
}

function validateSystem(body: Json): ApiErrorSpec | null {
  if (body.system === undefined || typeof body.system === 'string') return null;
  if (!Array.isArray(body.system)) return bad('system: Input should be a valid string or list');
  for (const block of body.system) {
    if (!isObject(block) || block.type !== 'text') return bad('system: Input should be a list of text blocks');
    if (typeof block.text !== 'string' || !block.text) return bad('system: text content blocks must be non-empty');
  }
  return null;
}

function validateMessages(messages: unknown[]): ApiErrorSpec | null {
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i];
    if (!isObject(msg)) return bad(`messages.${i}: Input should be a valid dictionary`);
    if (msg.role !== 'user' && msg.role !== 'assistant') return bad(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (typeof msg.content === 'string') {
      if (!msg.content && i < messages.length - 1) return bad(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
      continue;
    }
    if (!Array.isArray(msg.content)) return bad(`messages.${i}.content: Input should be a valid string or list`);
    for (const block of msg.content) {
      if (!isObject(block) || typeof block.type !== 'string') return bad(`messages.${i}.content: Input should be a list of content blocks`);
      if (block.type === 'text' && (typeof block.text !== 'string' || !block.text)) return bad('messages: text content blocks must be non-empty');
      if (block.type === 'document') {
        const why = documentBlockError(block);
        if (why) return bad(`messages.${i}.content: ${why}`);
      }
    }
    const pairing = checkToolPairing(messages, i);
    if (pairing) return pairing;
  }
  return null;
}

/** Every tool_use must be answered by a tool_result in the very next (user) message, and vice versa. */
function checkToolPairing(messages: unknown[], i: number): ApiErrorSpec | null {
  const msg = messages[i] as Json;
  const blocks = Array.isArray(msg.content) ? (msg.content as Json[]) : [];
  if (msg.role === 'assistant') {
    const ids = blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
    if (!ids.length) return null;
    const next = messages[i + 1];
    const answered = new Set(
      isObject(next) && Array.isArray(next.content)
        ? next.content.filter((b) => isObject(b) && b.type === 'tool_result').map((b) => String((b as Json).tool_use_id))
        : [],
    );
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length) {
      return bad(`messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
    }
  } else {
    const prev = messages[i - 1];
    const known = new Set(
      isObject(prev) && prev.role === 'assistant' && Array.isArray(prev.content)
        ? prev.content.filter((b) => isObject(b) && b.type === 'tool_use').map((b) => String((b as Json).id))
        : [],
    );
    for (const [j, block] of blocks.entries()) {
      if (block.type === 'tool_result' && !known.has(String(block.tool_use_id))) {
        return bad(`messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`);
      }
    }
  }
  return null;
}

function validateTools(body: Json): ApiErrorSpec | null {
  const tools = body.tools === undefined ? [] : body.tools;
  if (!Array.isArray(tools)) return bad('tools: Input should be a valid list');
  const names = new Set<string>();
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObject(t) || typeof t.name !== 'string') return bad(`tools.${i}.name: Field required`);
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) return bad(`tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    if ((t.type === undefined || t.type === 'custom') && (!isObject(t.input_schema) || t.input_schema.type !== 'object')) {
      return bad(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
    }
    if (names.has(t.name)) return bad('tools: Tool names must be unique.');
    names.add(t.name);
  }
  if (body.tool_choice === undefined) return null;
  const choice = body.tool_choice;
  if (!isObject(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice.type))) {
    return bad("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
  }
  if ((choice.type === 'any' || choice.type === 'tool') && tools.length === 0) {
    return bad('tool_choice may only be specified while providing tools.');
  }
  if (choice.type === 'tool' && !names.has(String(choice.name))) {
    return bad(`tool_choice.name: Tool '${String(choice.name)}' not found in the provided tools`);
  }
  return null;
}

function validateCacheControl(body: Json): ApiErrorSpec | null {
  let count = 0;
  const visit = (block: unknown) => {
    if (isObject(block) && block.cache_control !== undefined && block.cache_control !== null) count++;
  };
  (Array.isArray(body.tools) ? body.tools : []).forEach(visit);
  (Array.isArray(body.system) ? body.system : []).forEach(visit);
  for (const msg of body.messages as unknown[]) if (isObject(msg) && Array.isArray(msg.content)) msg.content.forEach(visit);
  return count > 4 ? bad(`A maximum of 4 blocks with cache_control may be provided. Found ${count}.`) : null;
}
