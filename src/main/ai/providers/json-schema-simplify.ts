// JSON Schema rewritten for the structured-output engines of local servers. llama.cpp turns
// the schema into a grammar and silently skips what it cannot express; it has trouble with
// `$ref`, `prefixItems`, `uniqueItems` and numeric bounds, and a `maxLength` of 200,000 (a
// lesson's content) becomes a grammar that takes minutes to build. Ollama, LM Studio and
// vLLM hand the schema to similar engines. So: references are inlined, what such engines
// miss is dropped, and each dropped bound is said in the description, where the model still
// reads it. Nothing is lost: the answer is validated against the zod schema afterwards.

type Schema = Record<string, unknown>;

/** Dropped, and said in the description: bounds the grammar engines skip or choke on. */
const NOTED = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'pattern', 'format', 'uniqueItems'] as const;
/** Dropped without a word: meta keywords and what no engine here enforces. */
const DROPPED = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$comment',
  '$defs',
  'definitions',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  'if',
  'then',
  'else',
  'not',
  'dependentRequired',
  'dependentSchemas',
  'patternProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'minProperties',
  'maxProperties',
]);
/** A reference nested this deep is a recursive schema: it ends in "any value" instead. */
const MAX_REF_DEPTH = 8;

export function simplifyJsonSchema(schema: Schema): Schema {
  return walk(schema, schema, 0) as Schema;
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(node: unknown, root: Schema, refDepth: number): unknown {
  if (!isSchema(node)) return node;
  let s = node;
  let depth = refDepth;
  while (typeof s.$ref === 'string') {
    if (depth >= MAX_REF_DEPTH) return {};
    const { $ref, ...rest } = s;
    s = { ...resolveRef($ref as string, root), ...rest };
    depth++;
  }
  const out: Schema = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(s)) {
    if (DROPPED.has(key)) continue;
    if ((NOTED as readonly string[]).includes(key)) {
      notes.push(`${key}: ${JSON.stringify(value)}`);
      continue;
    }
    switch (key) {
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, walk(v, root, depth)]));
        break;
      case 'items':
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : walk(value, root, depth);
        break;
      case 'prefixItems':
        // A tuple: engines read `items`; without one, any of the tuple's member shapes.
        if (s.items === undefined && Array.isArray(value)) out.items = { anyOf: value.map((v) => walk(v, root, depth)) };
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        // oneOf's "exactly one" is what no grammar can check; anyOf says the same to a generator.
        out[key === 'oneOf' ? 'anyOf' : key] = (value as unknown[]).map((v) => walk(v, root, depth));
        break;
      default:
        out[key] = value;
    }
  }
  if (notes.length > 0) {
    const said = typeof out.description === 'string' && out.description.trim() ? `${out.description.trim()} ` : '';
    out.description = `${said}(${notes.join(', ')})`;
  }
  // Strict mode (OpenAI's rule, which vLLM and LM Studio follow) wants closed objects.
  if (isObjectSchema(out) && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function isObjectSchema(s: Schema): boolean {
  return s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || (s.type === undefined && isSchema(s.properties));
}

/** `#`, `#/$defs/x`, `#/definitions/x`: what zod writes for reused or recursive parts. */
function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) return {};
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    target = isSchema(target) ? target[key] : undefined;
  }
  return isSchema(target) ? target : {};
}
