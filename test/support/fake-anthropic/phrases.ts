// Natural-looking strings for a property, built only from the topic, the property name and
// the item's position, so the same request always reads the same and different topics
// (or different items) never collide.
import { createHash } from 'node:crypto';

export interface Where {
  /** Property name the string is for ('' at the root). */
  name: string;
  /** Array indices on the path, outermost first. */
  idx: number[];
}

const TITLE_PREFIXES = ['Foundations of', 'Working with', 'Exploring', 'Applied', 'Getting Started with', 'Deep Dive into', 'Practical'];
const OBJECTIVE_VERBS = ['Explain', 'Apply', 'Compare', 'Design', 'Evaluate', 'Debug', 'Summarize', 'Build'];
const ASPECTS = ['core concepts', 'common patterns', 'typical mistakes', 'real-world use', 'key vocabulary', 'trade-offs', 'best practices', 'tooling'];

/** Stable small integer from text: picks a phrase without any randomness. */
export function pickIndex(text: string, n: number): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % n;
}

const last = (idx: number[]) => idx.at(-1) ?? 0;
const ordinal = (idx: number[]) => idx.map((i) => i + 1).join('.');
const suffix = (idx: number[]) => (idx.length ? ` ${ordinal(idx)}` : '');
const aspect = (idx: number[], salt = 0) => ASPECTS[(idx.reduce((a, b) => a + b, 0) + salt) % ASPECTS.length];

function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Item';
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'item';
}

function title(topic: string, w: Where, variant: string): string {
  const prefix = TITLE_PREFIXES[(pickIndex(`${topic}|${w.name}|${variant}`, TITLE_PREFIXES.length) + last(w.idx)) % TITLE_PREFIXES.length];
  return `${prefix} ${topic}${suffix(w.idx)}`;
}

function markdown(topic: string, w: Where, variant: string): string {
  const n = ordinal(w.idx) || '1';
  const salt = pickIndex(variant, ASPECTS.length);
  return [
    `## Part ${n}: ${topic}`,
    `This part of the course on ${topic} focuses on ${aspect(w.idx, salt)}. It builds on what came before and ` +
      `prepares you for the next step with a short, concrete walkthrough.`,
    `- What ${aspect(w.idx, salt + 1)} mean in ${topic}\n- How to recognise them in practice\n- When to choose a different approach`,
    `Try it yourself: open the \`${slug(topic)}-${n.replace(/\./g, '-')}\` example and change one thing at a time, ` +
      `noting what happens after each change.`,
    `By the end of part ${n} you should be able to describe ${aspect(w.idx, salt + 2)} of ${topic} in your own words.`,
  ].join('\n\n');
}

/** The string for a property; a few well-known names get a matching style. */
export function phraseFor(topic: string, w: Where, variant = ''): string {
  const key = w.name.toLowerCase().replace(/[^a-z]/g, '');
  const n = ordinal(w.idx);
  const at = n ? ` (${n})` : '';
  if (/^(title|heading|headline|name)$/.test(key) || key.endsWith('title')) return title(topic, w, variant);
  if (/^(content|body|markdown|text)$/.test(key)) return markdown(topic, w, variant);
  if (/answerkey|answer|solution/.test(key)) {
    return `${n ? `Answer ${n}: a` : 'A'} strong answer explains the ${aspect(w.idx)} of ${topic}, gives one concrete example and names one limitation.`;
  }
  if (/prompt|question|instruction|task/.test(key)) {
    return `${n ? `Question ${n}: d` : 'D'}escribe how the ${aspect(w.idx)} of ${topic} show up in a small project of your own, with one example.`;
  }
  if (/description|summary|overview|abstract|intro|explanation/.test(key)) {
    return `An approachable look at the ${aspect(w.idx)} of ${topic}${at}. It covers the key ideas, a worked example and the mistakes people make most often.`;
  }
  if (/objective|outcome|goal|skill/.test(key)) {
    return `${OBJECTIVE_VERBS[last(w.idx) % OBJECTIVE_VERBS.length]} the ${aspect(w.idx)} of ${topic}${at}`;
  }
  if (/prerequisite|requirement/.test(key)) return `Basic familiarity with ${aspect(w.idx)} related to ${topic}${at}`;
  if (key === 'audience') return `Learners who are new to ${topic}`;
  if (key === 'language') return 'English';
  if (key === 'id' || key.endsWith('id') || key === 'slug') return `${slug(topic)}${n ? `-${n.replace(/\./g, '-')}` : ''}`;
  return `${humanize(w.name)}${at} about ${topic}`;
}

/** Strings for JSON Schema `format`s that validators check. */
export function formatted(format: string, topic: string, w: Where): string | null {
  const n = ordinal(w.idx) || '0';
  const hex = createHash('sha256').update(`${topic}|${w.name}|${n}`).digest('hex');
  switch (format) {
    case 'email':
      return `learner.${n.replace(/\./g, '-')}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${slug(topic)}/${n.replace(/\./g, '-')}`;
    case 'uuid':
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    case 'date-time':
      return '2024-01-15T09:30:00.000Z';
    case 'date':
      return '2024-01-15';
    case 'time':
      return '09:30:00';
    default:
      return null;
  }
}
