// Which unit a Messages request asks for, in either structured output mode: forced tool
// use names the tool in tool_choice; JSON output mode names it in the prompt's output
// instruction and sends the schema as output_config.format. Lets tests steer the fake's
// answer for "the lessons call" without caring which mode the model runs in.
import { withHintedConstraints } from '../fake-anthropic/output-format';

export type UnitTool = 'submit_outline' | 'submit_lessons' | 'submit_tasks' | 'submit_course_summary' | (string & {});

export interface RequestedUnit {
  tool: UnitTool;
  /** JSON Schema of the expected answer (for JSON output, with the constraints the API moves into descriptions restored). */
  schema: unknown;
}

function texts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block) => (block && typeof block === 'object' && typeof block.text === 'string' ? [block.text as string] : []));
}

export function requestedUnit(body: any): RequestedUnit | null {
  if (typeof body?.tool_choice?.name === 'string') {
    const tool = (body.tools as { name: string; input_schema: unknown }[] | undefined)?.find((t) => t.name === body.tool_choice.name);
    return tool ? { tool: tool.name, schema: tool.input_schema } : null;
  }
  const schema = body?.output_config?.format?.schema;
  if (!schema) return null;
  const first = Array.isArray(body.messages) ? body.messages[0] : null;
  for (const text of texts(first?.content)) {
    const named = /the "([\w-]+)" tool would have received/.exec(text);
    if (named) return { tool: named[1]!, schema: withHintedConstraints(schema) };
  }
  return null;
}
