// Answer schemas and their JSON Schema are made once per shape: each model call used to
// convert its zod schema anew. The shape decides — settings that differ get their own.
import { describe, expect, it } from 'vitest';
import { toolFromSchema } from '../../../src/main/ai/structured-call';
import { outputSchema } from '../../../src/main/ai/anthropic-params';
import { lessonsToolSchema, tasksToolSchema } from '../../../src/shared/schemas';

const quiz = { minQuestions: 3, maxQuestions: 5, types: ['multiple_choice', 'true_false'] } satisfies Parameters<typeof tasksToolSchema>[0];

describe('answer schemas made once per shape', () => {
  it('gives the same schema for the same shape, whatever the order of the question types', () => {
    expect(tasksToolSchema(quiz)).toBe(tasksToolSchema({ ...quiz, types: [...quiz.types].reverse() }));
    expect(lessonsToolSchema(4)).toBe(lessonsToolSchema(4));
  });

  it('gives another schema for another shape, which checks that shape', () => {
    expect(lessonsToolSchema(3)).not.toBe(lessonsToolSchema(4));
    const three = { lessons: Array.from({ length: 3 }, (_, i) => ({ title: `L${i}`, content: 'text', objectives: ['o'] })) };
    expect(lessonsToolSchema(3).safeParse(three).success).toBe(true);
    expect(lessonsToolSchema(4).safeParse(three).success).toBe(false);
    expect(tasksToolSchema({ ...quiz, maxQuestions: 4 })).not.toBe(tasksToolSchema(quiz));
  });

  it('converts a schema to a tool and an output format once, and a second tool shares them', () => {
    const a = toolFromSchema('submit_lessons', 'd', lessonsToolSchema(2));
    const b = toolFromSchema('submit_lessons', 'd', lessonsToolSchema(2));
    expect(b.inputSchema).toBe(a.inputSchema);
    expect(outputSchema(b)).toBe(outputSchema(a));
    expect(toolFromSchema('x', 'd', lessonsToolSchema(5)).inputSchema).not.toBe(a.inputSchema);
  });
});
