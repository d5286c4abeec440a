// Reading a Messages request body: its text, the topic it is about and the tool the model
// must answer with (the JSON output format is read in output-format.ts). Bodies arrive as untrusted JSON, so everything here is defensive.

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Plain text of a message `content` (string or blocks), tool results included. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'tool_result') parts.push(textOf(block.content));
  }
  return parts.join('\n');
}

function messages(body: Json): Json[] {
  return Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
}

/**
 * The course topic: a `Topic: ...` line, searched from the last user message backwards
 * (a repair turn ends with a tool_result, the topic is in an earlier turn), then in the
 * system prompt; else the first words of the last user message.
 */
export function extractTopic(body: Json): string {
  const texts = messages(body)
    .filter((m) => m.role === 'user')
    .map((m) => textOf(m.content))
    .reverse();
  const system = Array.isArray(body.system) ? textOf(body.system) : typeof body.system === 'string' ? body.system : '';
  for (const text of [...texts, system]) {
    const m = /^[ \t]*(?:course )?topic[ \t]*:[ \t]*(\S.*)$/im.exec(text);
    if (m?.[1]) return clip(m[1].trim().replace(/[.\s]+$/, ''), 80);
  }
  const words = (texts[0] ?? '').replace(/[^\p{L}\p{N}\s'-]+/gu, ' ').split(/\s+/).filter(Boolean);
  return words.slice(0, 5).join(' ') || 'the subject';
}

/** The call's own instruction: the last text block of the first user turn (shared, cached context comes before it). */
export function extractVariant(body: Json): string {
  const first = messages(body).find((m) => m.role === 'user');
  if (!first) return '';
  const content = first.content;
  if (typeof content === 'string') return content;
  const blocks = Array.isArray(content) ? content.filter((b: any) => b?.type === 'text') : [];
  return String(blocks.at(-1)?.text ?? '');
}

/** Shorten at a word boundary so titles built from a long topic stay readable. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}

export interface ToolDef {
  name: string;
  input_schema: Json;
}

/** Custom tools only: server tools (web search...) are not something this fake runs. */
export function toolsOf(body: Json): ToolDef[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.filter(
    (t): t is ToolDef => isObject(t) && typeof t.name === 'string' && isObject(t.input_schema),
  );
}

/** The tool_choice {type:'tool'} name, i.e. the forced tool. */
export function forcedToolName(body: unknown): string | null {
  if (!isObject(body) || !isObject(body.tool_choice)) return null;
  const choice = body.tool_choice;
  return choice.type === 'tool' && typeof choice.name === 'string' ? choice.name : null;
}

/**
 * The tool the fake "model" answers with: the forced one; with `any`/`auto` the first tool
 * named in the last user message, else the first tool (a deterministic stand-in for the
 * model's choice); none with tool_choice `none` or no tools.
 */
export function chooseTool(body: Json): ToolDef | null {
  const tools = toolsOf(body);
  if (tools.length === 0) return null;
  const choice = isObject(body.tool_choice) ? body.tool_choice : { type: 'auto' };
  if (choice.type === 'none') return null;
  if (choice.type === 'tool') return tools.find((t) => t.name === choice.name) ?? null;
  const last = textOf(messages(body).at(-1)?.content);
  return tools.find((t) => last.includes(t.name)) ?? tools[0] ?? null;
}
