// Splits a material's text into passages of about `targetTokens`, each with its location, for
// ranking when the materials do not fit a call whole. A chunk is a range of the stored text
// (offsets, not a copy), so the viewer can highlight exactly what a call was given.
// Rules, in order: paragraphs are never split unless one alone is too long (then at sentence
// ends, then at a space); consecutive PDF pages share a chunk while it has room (its location
// is the page range); a heading section starts a new chunk, except that a section holding
// only its heading joins the next, deeper one (a part title directly over a chapter).
import type { SourceLocation } from '../../shared/materials';
import type { Section } from './extract/extraction';
import { tokensOf } from './tokens';

export interface Chunk {
  position: number;
  start: number;
  end: number;
  location: SourceLocation;
  tokens: number;
}

export interface ChunkOptions {
  targetTokens: number;
  charsPerToken: number;
}

export const DEFAULT_CHUNK_TOKENS = 400;

interface Span {
  start: number;
  end: number;
  location: SourceLocation;
}

export function chunkText(text: string, sections: readonly Section[], options: ChunkOptions): Chunk[] {
  const maxChars = Math.max(16, Math.floor(options.targetTokens * options.charsPerToken));
  const chunks: Chunk[] = [];
  let current: Span | null = null;
  const emit = () => {
    if (!current) return;
    chunks.push({ position: chunks.length, start: current.start, end: current.end, location: current.location, tokens: tokensOf(current.end - current.start, options.charsPerToken) });
    current = null;
  };

  for (const section of sections) {
    for (const piece of pieces(text, section.start, section.end, maxChars)) {
      const span: Span = { ...piece, location: section.location };
      if (current === null) {
        current = span;
        continue;
      }
      const open: Span = current;
      const fits = span.end - open.start <= maxChars;
      const joined = fits ? join(text, open, span) : null;
      if (joined) current = joined;
      else {
        emit();
        current = span;
      }
    }
  }
  emit();
  return chunks;
}

/** The span `next` may be added to `open` as, or null when it starts a chunk of its own. */
function join(text: string, open: Span, next: Span): Span | null {
  const a = open.location;
  const b = next.location;
  if (a.kind === 'pages' && b.kind === 'pages') return { start: open.start, end: next.end, location: { kind: 'pages', from: a.from, to: Math.max(a.to, b.to) } };
  if (a.kind === 'section' && b.kind === 'section') {
    if (a.path.join('\u0000') === b.path.join('\u0000')) return { start: open.start, end: next.end, location: a };
    const headingOnly = a.path.length > 0 && text.slice(open.start, open.end) === a.path.at(-1);
    const deeper = b.path.length > a.path.length && a.path.every((p, i) => b.path[i] === p);
    if (headingOnly && deeper) return { start: open.start, end: next.end, location: b };
  }
  return null;
}

/** The section's paragraphs, each within maxChars (long ones cut at sentence ends, then spaces). */
function* pieces(text: string, start: number, end: number, maxChars: number): Generator<{ start: number; end: number }> {
  let at = start;
  while (at < end) {
    const paragraphEnd = text.indexOf('\n\n', at);
    const stop = paragraphEnd === -1 || paragraphEnd >= end ? end : paragraphEnd;
    yield* cut(text, at, stop, maxChars);
    at = stop + 2;
  }
}

function* cut(text: string, start: number, end: number, maxChars: number): Generator<{ start: number; end: number }> {
  let at = start;
  while (end - at > maxChars) {
    const window = text.slice(at, at + maxChars);
    const sentence = lastMatchEnd(window, /[.!?…]["')\]]?\s+/g);
    const space = window.lastIndexOf(' ');
    const size = sentence > maxChars / 3 ? sentence : space > maxChars / 3 ? space + 1 : maxChars;
    yield { start: at, end: trimEnd(text, at, at + size) };
    at += size;
  }
  if (at < end) yield { start: at, end };
}

function lastMatchEnd(window: string, pattern: RegExp): number {
  let last = -1;
  for (const match of window.matchAll(pattern)) last = match.index + match[0].length;
  return last;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start + 1 && /\s/.test(text[end - 1]!)) end--;
  return end;
}
