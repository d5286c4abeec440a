// What a model does with labelled source passages ("[syllabus.pdf p. 4]", "[notes.md § Joins]")
// when its answer has a place for sources: it cites one or two of the places it was shown,
// copying the file name and location from the labels. Read from the request alone, as the
// real model would: no peeking at anyone's database. The fake OpenAI-compatible server
// (a local model) answers the same way.
import { documentLabels } from './documents';
import { isObject, textOf, type Json } from './request';

const LABEL = /\[([^[\]\n]+?\.(?:pdf|docx|md|markdown|txt|text|html?|xhtml))(?: (p\. \d+(?:–\d+)?|§ [^[\]\n]+))?\]/gi;

export interface Label {
  material: string;
  location: string;
}

/** The labels in the request's user turns, first seen first; those of its last text block (the call's own passages) first if it has any. */
export function labelsIn(body: Json): Label[] {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const first = messages.find((m) => m.role === 'user');
  // An OpenAI-compatible request's user turn is one string (context, prompt and schema together).
  const blocks = !first ? [] : Array.isArray(first.content) ? first.content : [{ type: 'text', text: typeof first.content === 'string' ? first.content : '' }];
  // PDFs sent as pages are cited by their title and page numbers, like a label.
  const all = [...documentLabels(blocks), ...parse(textOf(blocks))];
  const own = parse(textOf(blocks.slice(-1)));
  return own.length > 0 ? own : all;
}

function parse(text: string): Label[] {
  const seen = new Map<string, Label>();
  for (const m of text.matchAll(LABEL)) {
    const label = { material: m[1]!, location: m[2] ?? '' };
    seen.set(`${label.material}|${label.location}`, label);
  }
  return [...seen.values()];
}

/**
 * A lessons answer whose lessons have `sources`: each lesson cites one or two labels seen
 * (lesson i the i-th, and every other lesson the next one too). Anything else is unchanged.
 */
export function citeLabels(value: unknown, body: Json): unknown {
  if (!isObject(value) || !Array.isArray(value.lessons)) return value;
  const labels = labelsIn(body);
  return {
    ...value,
    lessons: value.lessons.map((lesson, i) => {
      if (!isObject(lesson) || !Array.isArray(lesson.sources)) return lesson;
      if (labels.length === 0) return { ...lesson, sources: [] };
      const picked = [labels[i % labels.length]!, ...(labels.length > 1 && i % 2 === 0 ? [labels[(i + 1) % labels.length]!] : [])];
      return { ...lesson, sources: picked.map((l) => ({ ...l, note: `Draws on ${l.material}${l.location ? ` ${l.location}` : ''}.` })) };
    }),
  };
}
