// One imported row → a TopicInput, or one readable sentence saying what is wrong with it.
// Blank cells mean "use the default", whatever the source format, so a CSV with an empty
// `level` column and a JSON item without `level` import the same way.
import type { z } from 'zod';
import { COURSE_LEVELS, type TopicInput } from '../../shared/domain';
import { MAX_PROJECTS, MIN_PROJECTS, topicInputSchema } from '../../shared/schemas';

export const TOPIC_FIELDS = ['topic', 'audience', 'level', 'projects', 'language', 'notes'] as const;
export type TopicField = (typeof TOPIC_FIELDS)[number];

export type RowCheck = { ok: true; topic: TopicInput } | { ok: false; message: string };

function normalise(raw: Partial<Record<TopicField, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of TOPIC_FIELDS) {
    let value = raw[field];
    if (typeof value === 'string') {
      value = value.trim();
      if (value === '') continue;
      if (field === 'level') value = (value as string).toLowerCase();
    }
    if (value === null || value === undefined) continue;
    out[field] = value;
  }
  return out;
}

function shown(value: unknown): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>, raw: Record<string, unknown>): string {
  const field = String(issue.path[0] ?? 'row');
  const value = input[field];
  // Quote what the person wrote ("Expert"), not the normalised form checked.
  const got = value === undefined ? '' : ` (got "${shown(raw[field])}")`;
  switch (field) {
    case 'topic':
      if (value === undefined) return 'topic is missing';
      if (issue.code === 'too_big') return 'topic is longer than 300 characters';
      if (issue.code === 'invalid_type') return `topic must be text${got}`;
      return 'topic is empty';
    case 'projects':
      if (issue.code === 'too_small' || issue.code === 'too_big') return `projects must be between ${MIN_PROJECTS} and ${MAX_PROJECTS}${got}`;
      return `projects must be a whole number between ${MIN_PROJECTS} and ${MAX_PROJECTS}${got}`;
    case 'level':
      return `level must be one of ${COURSE_LEVELS.join(', ')}${got}`;
    case 'language':
      return issue.code === 'invalid_type' ? `language must be text${got}` : `language must be 2 to 40 characters${got}`;
    case 'audience':
      return issue.code === 'invalid_type' ? `audience must be text${got}` : 'audience is longer than 300 characters';
    case 'notes':
      return issue.code === 'invalid_type' ? `notes must be text${got}` : 'notes are longer than 4000 characters';
    default:
      return `${field}: ${issue.message}`;
  }
}

/** Validates one row with the same schema the app uses for a typed-in topic. */
export function checkTopicRow(raw: Partial<Record<TopicField, unknown>>): RowCheck {
  const input = normalise(raw);
  const parsed = topicInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, topic: parsed.data };
  // One message per field: zod can report a field twice (e.g. not a number, then too small).
  const messages = [...new Set(parsed.error.issues.map((issue) => describeIssue(issue, input, raw)))];
  return { ok: false, message: messages.join('; ') };
}
