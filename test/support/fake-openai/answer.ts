// What the fake model writes for a chat completions request: JSON generated from the schema
// it was given (response_format when honoured, else the one in the prompt), shaped by the
// answer style or a queued fault. Reuses the fake Anthropic API's schema-driven generator,
// so both fakes write the same kind of content.
import { citeLabels } from '../fake-anthropic/citations';
import { generateFromSchema, malform } from '../fake-anthropic/content';
import { extractTopic, isObject, type Json } from '../fake-anthropic/request';
import type { AnswerStyle } from './types';

/** The schema the model follows: response_format's if honoured, else the last ```json block of the prompt. */
export function schemaFor(body: Json, honoured: boolean): Json | null {
  const format = isObject(body.response_format) ? body.response_format : null;
  const declared = format?.type === 'json_schema' && isObject(format.json_schema) && isObject(format.json_schema.schema) ? format.json_schema.schema : null;
  if (honoured && declared) return declared;
  const firstUser = (Array.isArray(body.messages) ? body.messages : []).find((m: any) => m?.role === 'user');
  const text = typeof firstUser?.content === 'string' ? firstUser.content : '';
  const fences = [...text.matchAll(/```json\s*\n([\s\S]*?)```/g)];
  const last = fences.at(-1)?.[1];
  if (!last) return null;
  try {
    const parsed: unknown = JSON.parse(last);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The call's own instruction, so option 1 and option 2 of one topic differ. */
function variantOf(body: Json): string {
  const firstUser = (Array.isArray(body.messages) ? body.messages : []).find((m: any) => m?.role === 'user');
  return typeof firstUser?.content === 'string' ? firstUser.content.slice(-2000) : '';
}

export function answerText(body: Json, schema: Json | null, style: AnswerStyle | 'json_in_prose'): string {
  if (style === 'not_json') return "I'm sorry, but I can only describe the course in words: it covers the basics, then practice.";
  const topic = extractTopic(body);
  // Without a schema a model writes what it thinks fits: never what the caller wanted.
  let value: unknown = schema ? citeLabels(generateFromSchema(schema, topic, variantOf(body)), body) : { answer: `Something about ${topic}` };
  if (style === 'breaks_schema' && schema) value = malform(value, schema);
  const json = JSON.stringify(value);
  return style === 'prose' || style === 'json_in_prose' ? `Here is the JSON you asked for:\n\n\`\`\`json\n${json}\n\`\`\`\n` : json;
}

/** Four characters a token: what the fake reports as usage. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function promptTokens(body: Json): number {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.reduce((n: number, m: any) => n + tokensOf(typeof m?.content === 'string' ? m.content : JSON.stringify(m?.content ?? '')) + 4, 0);
}

/** The text cut into `parts` pieces, as a model streams it. */
export function pieces(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
