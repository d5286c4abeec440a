import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { simplifyJsonSchema } from '../../../src/main/ai/providers/json-schema-simplify';

describe('simplifyJsonSchema', () => {
  it('inlines $ref and drops $defs', () => {
    const item = z.object({ name: z.string() });
    const schema = z.toJSONSchema(z.object({ a: item, b: z.array(item) }), { reused: 'ref' }) as Record<string, unknown>;
    expect(JSON.stringify(schema)).toContain('$ref');
    const out = simplifyJsonSchema(schema);
    expect(JSON.stringify(out)).not.toContain('$ref');
    expect(out.$defs).toBeUndefined();
    expect((out.properties as any).b.items.properties.name.type).toBe('string');
  });

  it('ends a recursive schema in "any value" instead of looping', () => {
    const schema = { type: 'object', properties: { child: { $ref: '#' } } };
    const out = simplifyJsonSchema(schema);
    expect(JSON.stringify(out).length).toBeLessThan(2_000);
  });

  it('moves bounds the grammar engines skip into the description, keeps item counts and enums', () => {
    const out = simplifyJsonSchema({
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1, maximum: 9, multipleOf: 1 },
        s: { type: 'string', description: 'A title.', minLength: 1, maxLength: 200_000, pattern: '^a', format: 'email' },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 3, uniqueItems: true },
      },
      required: ['n'],
    }) as any;
    expect(out.properties.n).toEqual({ type: 'integer', description: '(minimum: 1, maximum: 9, multipleOf: 1)' });
    expect(out.properties.s.description).toBe('A title. (minLength: 1, maxLength: 200000, pattern: "^a", format: "email")');
    expect(out.properties.tags).toMatchObject({ minItems: 1, maxItems: 3, items: { enum: ['a', 'b'] } });
    expect(out.properties.tags.uniqueItems).toBeUndefined();
    expect(out.required).toEqual(['n']);
  });

  it('turns prefixItems into items, oneOf into anyOf, and closes objects', () => {
    const out = simplifyJsonSchema({
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
        either: { oneOf: [{ type: 'string' }, { type: 'null' }] },
        open: { type: 'object', properties: {}, additionalProperties: true },
      },
    }) as any;
    expect(out.properties.pair).toEqual({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } });
    expect(out.properties.either).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(out.additionalProperties).toBe(false);
    expect(out.properties.open.additionalProperties).toBe(true);
  });
});
