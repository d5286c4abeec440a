import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildParams, jsonRepairMessage, outputSchema, toolRepairMessage } from '../../../src/main/ai/anthropic-params';
import { ProviderError, type StructuredRequest } from '../../../src/main/ai/provider';
import { toolFromSchema } from '../../../src/main/ai/structured-call';

const schema = z.object({
  title: z.string().min(1).max(200),
  lessons: z
    .array(z.object({ title: z.string().min(1), minutes: z.int().min(5).max(90), kind: z.enum(['read', 'do']), email: z.email().nullable() }))
    .length(3),
  tags: z.array(z.string()).min(1).max(5),
});

const req: StructuredRequest = {
  system: 'You write courses.',
  sharedContext: 'Approved outline: …',
  prompt: 'Topic: Tea\nWrite the lessons.',
  tool: toolFromSchema('submit_lessons', 'Submit the lessons, in order', schema),
};

/** Every object node of a JSON schema, depth first. */
function objects(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => objects(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'object') out.push(o);
    Object.values(o).forEach((v) => objects(v, out));
  }
  return out;
}

describe('buildParams in json_schema mode', () => {
  const params = buildParams(req, 'claude-sonnet-5-5', 4096, 'json_schema') as any;

  it('asks for JSON output instead of a forced tool call', () => {
    expect(params).not.toHaveProperty('tools');
    expect(params).not.toHaveProperty('tool_choice');
    expect(params).not.toHaveProperty('temperature');
    expect(params.output_config.format.type).toBe('json_schema');
    expect(params).toMatchObject({ model: 'claude-sonnet-5-5', max_tokens: 4096 });
  });

  it('keeps the cached system and shared-context blocks, and puts the tool’s name and purpose into the prompt', () => {
    expect(params.system).toEqual([{ type: 'text', text: req.system, cache_control: { type: 'ephemeral' } }]);
    const [context, prompt] = params.messages[0].content;
    expect(context).toEqual({ type: 'text', text: req.sharedContext, cache_control: { type: 'ephemeral' } });
    expect(prompt.text.startsWith(`${req.prompt}\n\n`)).toBe(true);
    expect(prompt.text).toMatch(/no tool to call/);
    expect(prompt.text).toContain('"submit_lessons"');
    expect(prompt.text).toMatch(/Submit the lessons, in order\.$/);
    expect(prompt).not.toHaveProperty('cache_control');
  });

  it('sends a schema the API accepts: closed objects, no length or range keywords, minItems 0 or 1 only', () => {
    const sent = params.output_config.format.schema;
    const text = JSON.stringify(sent);
    for (const keyword of ['"minLength"', '"maxLength"', '"minimum"', '"maximum"', '"maxItems"', '"$schema"']) expect(text).not.toContain(keyword);
    expect(text).not.toMatch(/"minItems":[2-9]/);
    const objs = objects(sent);
    expect(objs.length).toBe(2);
    for (const o of objs) expect(o.additionalProperties).toBe(false);
    // What was dropped is still there for the model to read.
    expect(sent.properties.lessons.description).toBe('{maxItems: 3, minItems: 3}');
    expect(sent.properties.lessons.items.properties.minutes.description).toBe('{minimum: 5, maximum: 90}');
    expect(sent.properties.tags).toMatchObject({ minItems: 1, description: '{maxItems: 5}' });
    expect(sent.properties.lessons.items.properties.kind).toEqual({ enum: ['read', 'do'] });
    expect(sent.properties.lessons.items.required).toEqual(['title', 'minutes', 'kind', 'email']);
    // The tool's own schema is left alone (tool mode and the validator read it).
    expect(req.tool.inputSchema).not.toHaveProperty('additionalProperties');
  });

  it('continues a repair with the previous answer as text and the error as a user turn', () => {
    const previous = { title: 'T', lessons: [], tags: ['a'] };
    const repaired = buildParams({ ...req, repair: { toolUseId: 'msg_1', previousInput: previous, error: 'lessons: Too small' } }, 'm', 100, 'json_schema');
    expect(repaired.messages).toHaveLength(3);
    expect(repaired.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: JSON.stringify(previous) }] });
    expect(repaired.messages[2]).toEqual({ role: 'user', content: [{ type: 'text', text: jsonRepairMessage('lessons: Too small') }] });
    expect(jsonRepairMessage('x: bad')).toBe('Your answer did not match the schema: x: bad. Answer again with the whole corrected JSON object.');
    expect(JSON.stringify(repaired.messages)).not.toMatch(/tool_use|tool_result/);
  });

  it('refuses a schema that cannot be expressed, before anything is sent', () => {
    const bad = { ...req, tool: { name: 'x', description: 'd', inputSchema: { type: 'object', properties: { anything: {} } } } };
    const err = (() => {
      try {
        outputSchema(bad.tool);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'bad_request' });
    expect((err as Error).message).toMatch(/^The answer format of "x" cannot be sent as a JSON output schema: .*type/);
  });
});

describe('buildParams in tool mode', () => {
  it('forces the tool, with the schema as given and no output_config', () => {
    const params = buildParams(req, 'claude-haiku-4-5', 2048, 'tool') as any;
    expect(params).not.toHaveProperty('output_config');
    expect(params.tool_choice).toEqual({ type: 'tool', name: 'submit_lessons', disable_parallel_tool_use: true });
    expect(params.tools).toEqual([{ name: 'submit_lessons', description: 'Submit the lessons, in order', input_schema: req.tool.inputSchema }]);
    expect(params.messages[0].content.at(-1)).toEqual({ type: 'text', text: req.prompt });
  });

  it('continues a repair with tool_use and an error tool_result', () => {
    const params = buildParams({ ...req, repair: { toolUseId: 'toolu_9', previousInput: { a: 1 }, error: 'a: bad' } }, 'm', 100, 'tool');
    expect(params.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'submit_lessons', input: { a: 1 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', is_error: true, content: toolRepairMessage('a: bad') }] },
    ]);
  });
});
