// JSON outputs (`output_config.format`): the checks the real API makes on the schema, and
// how the fake "model" reads it. The API accepts only part of JSON Schema (structured
// outputs docs, "JSON Schema limitations"): every object needs additionalProperties: false;
// no numeric bounds, no string lengths, no maxItems, minItems only 0 or 1, a short list of
// formats, primitive enums, local non-recursive $refs. Clients such as the SDK move what is
// not allowed into the description ("{minItems: 4, maxLength: 200}"); a model reads that
// text and honours it, and so does the fake when it writes an answer.
import type { ApiErrorSpec } from './errors';
import { isObject, type Json } from './request';

const bad = (message: string): ApiErrorSpec => ({ type: 'invalid_request_error', message });

const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);
const UNSUPPORTED = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'maxItems'];
/** Keywords a description hint may carry back to the schema the fake answers from. */
const HINTED = new Set([...UNSUPPORTED, 'minItems', 'pattern', 'format']);

/** The json_schema of `output_config.format`, or null when the request does not ask for JSON output. */
export function outputSchemaOf(body: unknown): Json | null {
  if (!isObject(body) || !isObject(body.output_config)) return null;
  const format = body.output_config.format;
  return isObject(format) && format.type === 'json_schema' && isObject(format.schema) ? format.schema : null;
}

export function validateOutputConfig(body: Json): ApiErrorSpec | null {
  const config = body.output_config;
  if (config === undefined || config === null) return null;
  if (!isObject(config)) return bad('output_config: Input should be a valid dictionary');
  for (const key of Object.keys(config)) {
    if (key !== 'effort' && key !== 'format') return bad(`output_config.${key}: Extra inputs are not permitted`);
  }
  if (config.effort !== undefined && config.effort !== null && !EFFORTS.includes(String(config.effort))) {
    return bad("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
  }
  const format = config.format;
  if (format === undefined || format === null) return null;
  if (!isObject(format)) return bad('output_config.format: Input should be a valid dictionary');
  if (format.type !== 'json_schema') return bad("output_config.format.type: Input should be 'json_schema'");
  if (format.schema === undefined) return bad('output_config.format.schema: Field required');
  if (!isObject(format.schema)) return bad('output_config.format.schema: Input should be a valid dictionary');
  const problem = checkSchema(format.schema, format.schema, '', []);
  return problem ? bad(`output_config.format.schema: ${problem}`) : null;
}

/** The first rule the schema breaks, with where, or null. `refs` holds the $refs being expanded. */
function checkSchema(node: unknown, root: Json, path: string, refs: string[]): string | null {
  const at = path ? ` (at ${path})` : ' (at the root)';
  if (!isObject(node)) return `every schema must be an object${at}`;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#')) return `external $ref "${ref}" is not supported${at}`;
    if (refs.includes(ref)) return `recursive schemas are not supported: "${ref}" refers to itself${at}`;
    const target = resolvePointer(root, ref);
    if (target === undefined) return `$ref "${ref}" does not resolve${at}`;
    const inner = checkSchema(target, root, `${path}→${ref}`, [...refs, ref]);
    if (inner) return inner;
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if ((types.includes('object') || isObject(node.properties)) && node.additionalProperties !== false) {
    return `objects must set "additionalProperties": false${at}`;
  }
  for (const key of UNSUPPORTED) if (key in node) return `"${key}" is not supported${at}`;
  if ('minItems' in node && node.minItems !== 0 && node.minItems !== 1) return `"minItems" must be 0 or 1, got ${JSON.stringify(node.minItems)}${at}`;
  if (typeof node.format === 'string' && !FORMATS.has(node.format)) return `string format "${node.format}" is not supported${at}`;
  if (Array.isArray(node.enum) && node.enum.some((v) => typeof v === 'object' && v !== null)) return `enum values must be strings, numbers, booleans or null${at}`;

  const children: [string, unknown][] = [];
  if (isObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) children.push([`${path}.${k}`.replace(/^\./, ''), v]);
  if (node.items !== undefined && typeof node.items !== 'boolean') children.push([`${path}[]`, node.items]);
  for (const key of ['anyOf', 'allOf', 'oneOf', 'prefixItems'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((v, i) => children.push([`${path}.${key}[${i}]`.replace(/^\./, ''), v]));
  }
  for (const key of ['$defs', 'definitions'] as const) {
    const defs = node[key];
    if (isObject(defs)) for (const [k, v] of Object.entries(defs)) children.push([`#/${key}/${k}`, v]);
  }
  for (const [childPath, child] of children) {
    const ownRef = childPath.startsWith('#/') ? [childPath] : [];
    const problem = checkSchema(child, root, childPath, [...refs, ...ownRef]);
    if (problem) return problem;
  }
  return null;
}

function resolvePointer(root: Json, ref: string): unknown {
  let target: unknown = root;
  for (const part of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    target = isObject(target) ? target[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
  }
  return target;
}

/**
 * A copy of the schema with the constraints its descriptions mention put back as keywords,
 * so the answer the fake writes respects them the way a model reading the description would.
 */
export function withHintedConstraints(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withHintedConstraints);
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'enum' || key === 'const' || key === 'default' ? value : withHintedConstraints(value);
  }
  const hint = typeof schema.description === 'string' ? parseHint(schema.description) : null;
  for (const [key, value] of Object.entries(hint ?? {})) if (HINTED.has(key) && !(key in out)) out[key] = value;
  return out;
}

/** "…\n\n{minItems: 4, pattern: \"^a, b$\"}" → {minItems: 4, pattern: "^a, b$"}; null if the last line is no such list. */
export function parseHint(description: string): Json | null {
  const line = description.slice(description.lastIndexOf('\n') + 1).trim();
  if (!line.startsWith('{') || !line.endsWith('}')) return null;
  let rest = line.slice(1, -1);
  const out: Json = {};
  while (rest) {
    const key = /^([A-Za-z_$][\w$]*): /.exec(rest);
    if (!key) return null;
    rest = rest.slice(key[0].length);
    // Values are JSON and may themselves contain ", ": take the shortest prefix that parses.
    let parsed = false;
    for (let end = rest.indexOf(', '); !parsed; end = rest.indexOf(', ', end + 1)) {
      const stop = end === -1 ? rest.length : end;
      try {
        out[key[1]!] = JSON.parse(rest.slice(0, stop));
        rest = end === -1 ? '' : rest.slice(stop + 2);
        parsed = true;
      } catch {
        if (end === -1) return null;
      }
    }
  }
  return out;
}
