// Deterministic tool input generated from the tool's JSON Schema (as zod 4's
// z.toJSONSchema writes it), so callers' validators pass without any canned fixtures.
import { isObject, type Json } from './request';
import { formatted, phraseFor, type Where } from './phrases';

// Object and array levels both count: 8 is four levels of nested arrays, plenty for real tool
// schemas, and keeps a recursive schema's output small.
const MAX_DEPTH = 8;

/**
 * `variant` is any text that tells two requests about the same topic apart (the call's own
 * instruction): the answer stays the same for the same request but differs between, say,
 * outline option 1 and option 2, as a real model's would.
 */
export function generateFromSchema(schema: unknown, topic: string, variant = ''): unknown {
  return gen(schema, { topic, variant, root: schema }, { name: '', idx: [] }, 0);
}

interface Ctx {
  topic: string;
  variant: string;
  root: unknown;
}

/** `#`, `#/$defs/x`, `#/definitions/x` — what zod emits for reused or recursive schemas. */
function resolve(schema: unknown, root: unknown): Json {
  let s = schema;
  for (let hops = 0; isObject(s) && typeof s.$ref === 'string' && hops < 16; hops++) {
    const path = s.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    let target: unknown = root;
    for (const part of path) target = isObject(target) ? target[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
    s = isObject(target) ? { ...target, ...withoutRef(s) } : {};
  }
  return isObject(s) ? s : {};
}

function withoutRef(s: Json): Json {
  const { $ref: _ref, ...rest } = s;
  return rest;
}

/** For anyOf/oneOf/type lists: the first non-null alternative (a nullable string → a string). */
function firstNonNull<T>(options: T[], isNull: (o: T) => boolean): T | undefined {
  return options.find((o) => !isNull(o)) ?? options[0];
}

function typeOf(s: Json): string {
  if (Array.isArray(s.type)) return firstNonNull(s.type as string[], (t) => t === 'null') ?? 'string';
  if (typeof s.type === 'string') return s.type;
  if (isObject(s.properties)) return 'object';
  if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
  return 'string';
}

function gen(raw: unknown, ctx: Ctx, w: Where, depth: number): unknown {
  const s = resolve(raw, ctx.root);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[w.idx.reduce((a, b) => a + b, 0) % s.enum.length];
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length) {
    // A nullable value takes its non-null form; a union of several kinds (a quiz's question
    // types) takes them in turn along an array, as a model writing several items would.
    const isNull = (o: unknown) => isObject(o) && resolve(o, ctx.root).type === 'null';
    const kinds = variants.filter((o) => !isNull(o));
    const v = kinds.length > 1 ? kinds[(w.idx.at(-1) ?? 0) % kinds.length] : firstNonNull(variants, isNull);
    const { anyOf: _a, oneOf: _o, ...base } = s;
    return gen({ ...base, ...resolve(v, ctx.root) }, ctx, w, depth);
  }
  if (Array.isArray(s.allOf)) {
    const { allOf, ...base } = s;
    return gen(allOf.reduce<Json>((acc, part) => mergeSchemas(acc, resolve(part, ctx.root)), base), ctx, w, depth);
  }
  switch (typeOf(s)) {
    case 'object':
      return genObject(s, ctx, w, depth);
    case 'array':
      return genArray(s, ctx, w, depth);
    case 'integer':
      return genNumber(s, w, true);
    case 'number':
      return genNumber(s, w, false);
    case 'boolean':
      // A list's "correct" flags: the first item only, the one answer a question has (the
      // rule a validator checks beyond the schema, as a real model would follow it).
      if (w.name === 'correct') return (w.idx.at(-1) ?? 0) === 0;
      return (w.idx.at(-1) ?? 0) % 2 === 0;
    case 'null':
      return null;
    default:
      return genString(s, ctx, w);
  }
}

function mergeSchemas(a: Json, b: Json): Json {
  const props = { ...(isObject(a.properties) ? a.properties : {}), ...(isObject(b.properties) ? b.properties : {}) };
  const required = [...(Array.isArray(a.required) ? a.required : []), ...(Array.isArray(b.required) ? b.required : [])];
  return { ...a, ...b, properties: props, required };
}

function genObject(s: Json, ctx: Ctx, w: Where, depth: number): Json {
  const out: Json = {};
  const props = isObject(s.properties) ? s.properties : {};
  // All properties, optional ones too: a model usually fills them, and it exercises more of the validator.
  for (const [key, sub] of Object.entries(props)) {
    // An option's text is a line, not a lesson's Markdown (what a bare "text" gets).
    const name = key === 'text' && w.name === 'option' ? 'optionText' : key;
    out[key] = gen(sub, ctx, { name, idx: w.idx }, depth + 1);
  }
  for (const key of Array.isArray(s.required) ? s.required : []) {
    if (typeof key === 'string' && !(key in out)) out[key] = phraseFor(ctx.topic, { name: key, idx: w.idx }, ctx.variant);
  }
  return out;
}

function genArray(s: Json, ctx: Ctx, w: Where, depth: number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  // Prefer 3 items when allowed; past MAX_DEPTH only the minimum, so recursive schemas end.
  const count = depth > MAX_DEPTH ? min : min === max ? min : Math.min(Math.max(3, min, prefix.length), max);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const sub = i < prefix.length ? prefix[i] : s.items === false ? {} : (s.items ?? {});
    items.push(gen(sub, ctx, { name: singular(w.name), idx: [...w.idx, i] }, depth + 1));
  }
  return items;
}

/** "objectives" → "objective": array items read like their own field. */
function singular(name: string): string {
  return name.endsWith('ies') ? `${name.slice(0, -3)}y` : name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name;
}

function genNumber(s: Json, w: Where, integer: boolean): number {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const step = integer ? 1 : 0.5;
  let lo = num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + step : -Infinity);
  let hi = num(s.maximum) ?? (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - step : Infinity);
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  // Ordering fields count up with the item; anything else gets a plain, small value.
  const wanted = /order|position|index|rank|step|number|sequence/i.test(w.name) ? (w.idx.at(-1) ?? 0) + 1 : 3;
  let v = Math.min(Math.max(wanted, lo), hi);
  if (!Number.isFinite(v)) v = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi : wanted;
  const mult = num(s.multipleOf);
  if (mult && mult > 0) {
    const up = Math.ceil(v / mult) * mult;
    v = up <= hi ? up : Math.floor(v / mult) * mult;
  }
  return v;
}

function genString(s: Json, ctx: Ctx, w: Where): string {
  const fmt = typeof s.format === 'string' ? formatted(s.format, ctx.topic, w) : null;
  let text = fmt ?? phraseFor(ctx.topic, w, ctx.variant);
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  // Pad and cut without leaving whitespace at either end: zod's .trim() runs before .min().
  while (text.length < min) text += ` More on ${ctx.topic}.`;
  if (text.length > max) text = text.slice(0, max).trimEnd() || text.slice(0, max);
  return text;
}

/**
 * Valid JSON that breaks the schema the way models really do: an empty required array,
 * else a missing required property, else an unexpected property.
 */
export function malform(input: unknown, schema: unknown): unknown {
  const s = resolve(schema, schema);
  if (!isObject(input)) return {};
  const props = isObject(s.properties) ? s.properties : {};
  const required = (Array.isArray(s.required) ? s.required : []).filter((k): k is string => typeof k === 'string');
  for (const key of required) {
    const sub = resolve(props[key], schema);
    if (Array.isArray(input[key]) && typeof sub.minItems === 'number' && sub.minItems >= 1) return { ...input, [key]: [] };
  }
  const drop = required[0];
  if (drop !== undefined) {
    const { [drop]: _dropped, ...rest } = input;
    return rest;
  }
  return { ...input, unexpected_property: true };
}

/** Cut a value so its JSON fits in `maxChars`, the way output stops at max_tokens. */
export function truncateToFit(value: unknown, maxChars: number): unknown {
  const budget = { left: maxChars };
  return cut(value, budget) ?? {};
}

function cut(v: unknown, b: { left: number }): unknown {
  if (typeof v === 'string') {
    const cost = JSON.stringify(v).length;
    if (cost <= b.left) return (b.left -= cost), v;
    const keep = Math.max(0, b.left - 2);
    b.left = 0;
    return keep > 0 ? v.slice(0, keep) : undefined;
  }
  if (Array.isArray(v)) {
    b.left -= 2;
    const out: unknown[] = [];
    for (const item of v) {
      if (b.left <= 0) break;
      const c = cut(item, b);
      if (c === undefined) break;
      out.push(c);
      b.left -= 1;
    }
    return out;
  }
  if (isObject(v)) {
    b.left -= 2;
    const out: Json = {};
    for (const [k, item] of Object.entries(v)) {
      b.left -= k.length + 3;
      if (b.left <= 0) break;
      const c = cut(item, b);
      if (c === undefined) break;
      out[k] = c;
    }
    return out;
  }
  const cost = JSON.stringify(v ?? null).length;
  if (cost > b.left) return undefined;
  b.left -= cost;
  return v;
}
