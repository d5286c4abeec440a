// A lesson's Markdown made as inert in a file as it is in the app (shared/markdown-policy.ts):
// the export is opened in viewers that run raw HTML and load remote images, so what the app
// drops must not reach the file. Parsed as plain CommonMark (the app uses no GFM), and only
// what the policy forbids is rewritten, from source positions; headings, lists, code and
// every allowed link or image keep their bytes.
import type { Definition, Nodes, Parents, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { imagePlaceholder, transformMarkdownUrl } from '../../shared/markdown-policy';

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Lesson {
  source: string;
  /** The definition each reference uses: the first with its label, as in CommonMark. */
  definitions: Map<string, Definition>;
}

const allowedLink = (url: string) => transformMarkdownUrl(url, 'href') !== '';
const allowedImage = (url: string) => transformMarkdownUrl(url, 'src') !== '';

/** Characters that could open HTML, an entity, a link, code or emphasis around literal text. */
const escapeInline = (text: string) => text.replace(/[\\`*_[\]<&]/g, '\\$&');

/**
 * A `!` right before `[` that is not yet an image: alone it is text, but a definition from
 * another lesson in the same file could complete it into a remote image.
 */
const BARE_IMAGE_OPENER = /(?<!\\)((?:\\\\)*)!\[/g;

/** Rewriting can join pieces into new markup (`<<b></b>script>`), so passes repeat until nothing changes. */
const MAX_PASSES = 8;

/**
 * A lesson as the export writes it, after a blank line: trimmed and inert. A long lesson is
 * made inert piece by piece (parsing is superlinear: a 1 MB lesson in one piece takes ~40 s),
 * cut only where a piece can start on its own; the junctions are safe for the same reasons
 * two lessons next to each other in the file are (open fences are closed, and no image is
 * left for another piece's definition to complete).
 */
export function inertLesson(content: string): string {
  return pieces(content.trim()).map(inertPiece).filter((piece) => piece !== '').join('\n\n');
}

/**
 * One piece, trimmed and inert. Removing markup at its start can leave it starting blank
 * (`<!-- -->` over indented code), so it is trimmed and checked again until both hold.
 */
function inertPiece(piece: string): string {
  let text = piece.trim();
  // Without `<` or `[` there is no HTML, link or image, and without a fence none to close.
  if (!/[<[]|```|~~~/.test(text)) return text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // inertMarkdown's result no longer changes when parsed again; only trimming it can undo that.
    const inert = inertMarkdown(text);
    const next = inert.trim();
    if (next === inert) return next;
    text = next;
  }
  return asCodeBlock(piece).trimEnd();
}

const PIECE_CHARS = 8_000;
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * `text` cut, once a piece holds PIECE_CHARS, at a blank line followed by an unindented
 * line outside fenced code: there every block but a fence has ended, so the next piece
 * parses alone as it does in place.
 */
export function pieces(text: string): string[] {
  if (text.length <= PIECE_CHARS * 2) return [text];
  const lines = text.split('\n');
  const out: string[] = [];
  let start = 0;
  let size = 0;
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const marker = FENCE_LINE.exec(line)?.[1];
    if (fence === null) fence = marker ?? null;
    else if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    const next = lines[i + 1];
    if (fence === null && size >= PIECE_CHARS && line.trim() === '' && next !== undefined && /^\S/.test(next)) {
      out.push(lines.slice(start, i).join('\n'));
      start = i + 1;
      size = 0;
    } else size += line.length + 1;
  });
  out.push(lines.slice(start).join('\n'));
  return out;
}

/** `markdown` with raw HTML removed, disallowed links as their text, disallowed images as `[image: alt]`. */
export function inertMarkdown(markdown: string): string {
  let text = markdown;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = onePass(text);
    if (next === text) return text;
    text = next;
  }
  // Still changing: nested on purpose. As code it shows as written and nothing in it runs.
  return asCodeBlock(markdown);
}

function onePass(source: string): string {
  const root = fromMarkdown(source);
  const lesson: Lesson = { source, definitions: new Map() };
  collectDefinitions(root, lesson.definitions);
  const edits = editsIn(root.children, lesson);
  const closing = unclosedFence(root, source);
  if (closing !== null) edits.push({ start: source.length, end: source.length, text: closing });
  return apply(source, 0, source.length, edits);
}

function collectDefinitions(node: Nodes, into: Map<string, Definition>): void {
  if (node.type === 'definition' && !into.has(node.identifier)) into.set(node.identifier, node);
  if ('children' in node) for (const child of node.children) collectDefinitions(child, into);
}

/** Edits for `nodes` in source order; a node that is rewritten is not looked into. */
function editsIn(nodes: readonly Nodes[], lesson: Lesson): Edit[] {
  const edits: Edit[] = [];
  for (const node of nodes) {
    const edit = editFor(node, lesson);
    if (edit) edits.push(edit);
    else if ('children' in node) edits.push(...editsIn(node.children, lesson));
  }
  return edits;
}

function editFor(node: Nodes, lesson: Lesson): Edit | null {
  const replace = (text: string): Edit => ({ start: node.position!.start.offset!, end: node.position!.end.offset!, text });
  switch (node.type) {
    case 'html':
      return replace('');
    case 'definition':
      return allowedLink(node.url) ? null : replace('');
    case 'link':
      return allowedLink(node.url) ? null : replace(childrenText(node, lesson));
    case 'linkReference': {
      const url = lesson.definitions.get(node.identifier)?.url ?? '';
      return allowedLink(url) ? null : replace(childrenText(node, lesson));
    }
    case 'image':
      return allowedImage(node.url) ? null : replace(placeholder(node.alt));
    case 'imageReference': {
      // Inline even when allowed: in the file, the same label defined by another lesson
      // (first definition wins) could turn it into a remote image.
      const url = lesson.definitions.get(node.identifier)?.url ?? '';
      return replace(allowedImage(url) ? `![${escapeInline(node.alt ?? '')}](<${url}>)` : placeholder(node.alt));
    }
    case 'text': {
      const raw = lesson.source.slice(node.position!.start.offset!, node.position!.end.offset!);
      const escaped = raw.replace(BARE_IMAGE_OPENER, '$1!\\[');
      return escaped === raw ? null : replace(escaped);
    }
    default:
      return null;
  }
}

/** A link's text as written, itself made inert: what the app shows for a link it drops. */
function childrenText(node: Parents, lesson: Lesson): string {
  const first = node.children[0];
  const last = node.children[node.children.length - 1];
  if (!first || !last) return '';
  return apply(lesson.source, first.position!.start.offset!, last.position!.end.offset!, editsIn(node.children, lesson));
}

/** The app's `[image: alt]`, escaped so neither the alt nor the brackets open anything. */
function placeholder(alt: string | null | undefined): string {
  return escapeInline(imagePlaceholder((alt ?? '').replace(/\s+/g, ' ')));
}

function apply(source: string, start: number, end: number, edits: readonly Edit[]): string {
  let out = '';
  let at = start;
  for (const edit of edits) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at, end);
}

/**
 * The closing line for a fenced block the lesson leaves open at its end, or null. Open, it
 * would run on into the next lesson of the file and turn that lesson's code into live text.
 */
function unclosedFence(root: Root, source: string): string | null {
  const last = root.children[root.children.length - 1];
  if (last?.type !== 'code') return null;
  const lines = source.slice(last.position!.start.offset!, last.position!.end.offset!).split('\n');
  const fence = FENCE_LINE.exec(lines[0]!)?.[1];
  if (!fence) return null; // indented code ends at the next unindented line
  const close = lines.length > 1 ? /^ {0,3}(`+|~+)[ \t]*\r?$/.exec(lines[lines.length - 1]!)?.[1] : undefined;
  if (close && close[0] === fence[0] && close.length >= fence.length) return null;
  return `${source.endsWith('\n') ? '' : '\n'}${fence}\n`;
}

function asCodeBlock(markdown: string): string {
  const longest = Math.max(2, ...[...markdown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${markdown}${markdown.endsWith('\n') ? '' : '\n'}${fence}\n`;
}
