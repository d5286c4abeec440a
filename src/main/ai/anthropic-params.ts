// The Messages request for one structured call, in either structured output mode. Both
// modes send the same cached prefix (system block, then the job's shared context block), so
// prompt caching works the same whichever mode a model gets.
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import type { ContentBlockParam, MessageCreateParamsBase, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { StructuredOutputMode } from './config';
import { ProviderError, type StructuredRequest, type ToolSpec } from './provider';

export function toolRepairMessage(error: string): string {
  return `Your input did not match the schema: ${error}. Call the tool again with corrected input.`;
}

export function jsonRepairMessage(error: string): string {
  return `Your answer did not match the schema: ${error}. Answer again with the whole corrected JSON object.`;
}

/**
 * Appended to the prompt in json_schema mode. The prompts were written for forced tool use
 * ("answer by calling the tool"), and the tool's description says what the answer is for,
 * so both are restated here rather than dropped.
 */
export function jsonInstruction(tool: ToolSpec): string {
  const what = tool.description.trim().replace(/\.*$/, '.');
  return (
    `Output format: there is no tool to call in this conversation. Answer with only the JSON object that ` +
    `the "${tool.name}" tool would have received, matching the required output schema. What it is for: ${what}`
  );
}

/**
 * The tool's input schema rewritten for `output_config.format`. The API accepts only part of
 * JSON Schema: every object needs `additionalProperties: false`; minimum/maximum/multipleOf,
 * minLength/maxLength, maxItems and minItems above 1 are rejected; formats are a short list
 * (https://platform.claude.com/docs/en/build-with-claude/structured-outputs, "JSON Schema
 * limitations"). The SDK's own transform (what its zodOutputFormat helper uses) moves each
 * unsupported keyword into the description, where the model still reads it; the zod schema
 * checks the answer afterwards, so nothing is lost by loosening what the API enforces.
 */
/** Made once per input schema (toolFromSchema keeps one per answer schema): a deep copy and walk a call otherwise. */
const outputSchemas = new WeakMap<Record<string, unknown>, Record<string, unknown>>();

export function outputSchema(tool: ToolSpec): Record<string, unknown> {
  const made = outputSchemas.get(tool.inputSchema);
  if (made) return made;
  try {
    const schema = transformJSONSchema({ ...tool.inputSchema, type: 'object' });
    outputSchemas.set(tool.inputSchema, schema);
    return schema;
  } catch (err) {
    throw new ProviderError(
      'bad_request',
      `The answer format of "${tool.name}" cannot be sent as a JSON output schema: ${(err as Error).message}.`,
      { cause: err },
    );
  }
}

/**
 * `cacheTtl` '1h' for Message Batches requests: Anthropic's advice, since a batch's requests
 * run in any order over up to an hour and its cache hits are best-effort; the 5-minute
 * default would expire between them. Live calls keep the default (cheaper to write).
 */
export function buildParams(
  req: StructuredRequest,
  model: string,
  maxTokens: number,
  mode: StructuredOutputMode,
  cacheTtl: '5m' | '1h' = '5m',
): MessageCreateParamsBase {
  const cache_control = cacheTtl === '1h' ? ({ type: 'ephemeral', ttl: '1h' } as const) : ({ type: 'ephemeral' } as const);
  const first: ContentBlockParam[] = [];
  // The shared context (the approved outline) is the same for every call of a job, so it
  // gets its own cache breakpoint; the call-specific prompt follows uncached.
  // PDFs sent as pages come first; the breakpoint goes on the last block of the prefix.
  for (const doc of req.sharedDocuments ?? []) {
    first.push({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: doc.data }, title: doc.title });
  }
  if (req.sharedContext?.trim()) {
    first.push({ type: 'text', text: req.sharedContext, cache_control });
  } else if (first.length > 0) {
    first[first.length - 1] = { ...first[first.length - 1]!, cache_control } as ContentBlockParam;
  }
  first.push({ type: 'text', text: mode === 'json_schema' ? `${req.prompt}\n\n${jsonInstruction(req.tool)}` : req.prompt });
  const messages: MessageParam[] = [{ role: 'user', content: first }];
  if (req.repair) messages.push(...(mode === 'json_schema' ? jsonRepairTurns(req.repair) : toolRepairTurns(req)));

  const base = {
    model,
    max_tokens: maxTokens,
    // No `temperature`: SDK 1.x speaks API version 2026-10-21, which rejects every sampling
    // parameter (temperature/top_p/top_k) with a 400, even at default values.
    ...(req.system.trim() ? { system: [{ type: 'text' as const, text: req.system, cache_control }] } : {}),
    messages,
  };
  if (mode === 'json_schema') {
    return { ...base, output_config: { format: { type: 'json_schema', schema: outputSchema(req.tool) } } };
  }
  return {
    ...base,
    tools: [{ name: req.tool.name, description: req.tool.description, input_schema: { ...req.tool.inputSchema, type: 'object' } }],
    tool_choice: { type: 'tool', name: req.tool.name, disable_parallel_tool_use: true },
  };
}

function toolRepairTurns(req: StructuredRequest): MessageParam[] {
  const repair = req.repair!;
  return [
    { role: 'assistant', content: [{ type: 'tool_use', id: repair.toolUseId, name: req.tool.name, input: repair.previousInput }] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: repair.toolUseId, is_error: true, content: toolRepairMessage(repair.error) }],
    },
  ];
}

/**
 * The model's previous answer as its own turn, then what was wrong with it. The answer is
 * re-serialised from the parsed value (the provider hands back values, not raw text): the
 * same JSON, perhaps spaced differently. The conversation ends on the user turn, since the
 * newest models reject a trailing assistant turn (prefill).
 */
function jsonRepairTurns(repair: NonNullable<StructuredRequest['repair']>): MessageParam[] {
  return [
    { role: 'assistant', content: [{ type: 'text', text: JSON.stringify(repair.previousInput) ?? 'null' }] },
    { role: 'user', content: [{ type: 'text', text: jsonRepairMessage(repair.error) }] },
  ];
}
