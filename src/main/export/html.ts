// The one Markdown → HTML renderer of the LMS packages (IMS CC and SCORM): model Markdown is
// untrusted, so the HTML holds only what CommonMark makes from it, under the app's policy
// (shared/markdown-policy.ts): raw HTML is dropped (never escaped into the page), links keep
// only http/https/mailto, images only inline data: images (a remote one becomes the app's
// `[image: alt]` text), and nothing can carry a script or a style. Parsed with the same
// unified stack as the app's view (mdast-util-from-markdown → mdast-util-to-hast →
// hast-util-sanitize); serialized here because no hast serializer ships with the app. The
// serializer knows only the few elements and attributes the schema lets through and escapes
// every text and attribute value, so code blocks keep every character they were written with.
import type { Element, ElementContent, Nodes, Root, RootContent } from 'hast';
import type { Schema } from 'hast-util-sanitize';
import { sanitize } from 'hast-util-sanitize';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toHast } from 'mdast-util-to-hast';
import { imagePlaceholder, transformMarkdownUrl } from '../../shared/markdown-policy';
import { pieces } from './lesson-markdown';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** Exactly what CommonMark produces, no more: no GFM (the app uses none), no raw HTML. */
const SCHEMA: Schema = {
  tagNames: ['p', ...HEADINGS, 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'em', 'strong', 'a', 'img', 'hr', 'br'],
  attributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    code: [['className', /^language-[^\s"'<>&]+$/]],
  },
  // Relative URLs pass sanitize; the app's policy below then drops them.
  protocols: { href: ['http', 'https', 'mailto'], src: ['data'] },
  ancestors: {},
  required: {},
  clobber: [],
  strip: ['script', 'style'],
  allowComments: false,
  allowDoctypes: false,
};

export interface RenderOptions {
  /** Levels to move every heading down, so a lesson's `# …` sits under the page's own h1 (h6 stays h6). */
  headingOffset?: number;
  /** Text that is one paragraph comes back without its <p>, to sit inside a label or a list item. */
  inline?: boolean;
}

/**
 * One line of prose holding nothing CommonMark reads as markup: no markup characters at all
 * (emphasis, code, links, HTML, entities, escapes), and no start that opens a block (a list
 * item's `-` or `1.`). Its HTML is the line as one paragraph, without a parse: a quiz has
 * dozens of such lines (options, feedback), and a parse costs about a millisecond each.
 */
const PLAIN_LINE = /^(?!-)(?!\d{1,9}[.)](?: |$))[\p{L}\p{M}\p{N} .,;:'"?!’‘“”…%/()-]+$/u;

/** Model Markdown as a sanitized HTML fragment. */
export function markdownToHtml(markdown: string, options: RenderOptions = {}): string {
  const text = markdown.trim();
  if (text === '') return '';
  if (PLAIN_LINE.test(text)) return options.inline ? escapeHtml(text) : `<p>${escapeHtml(text)}</p>`;
  return parsedToHtml(text, options);
}

/** Exported for the test that holds the plain-line shortcut to what the parse gives. */
export function parsedToHtml(text: string, options: RenderOptions = {}): string {
  // Parsing is superlinear: a long lesson is parsed in the pieces the Markdown export uses.
  const html = pieces(text)
    .map((piece) => serialize(renderPiece(piece, options.headingOffset ?? 0)))
    .join('\n');
  const paragraph = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return options.inline && paragraph && !paragraph[1]!.includes('<p>') ? paragraph[1]! : html;
}

function renderPiece(markdown: string, headingOffset: number): Root {
  const hast = toHast(fromMarkdown(markdown)) as Root; // raw HTML is dropped: allowDangerousHtml is off
  const clean = sanitize(hast, SCHEMA) as Root;
  return { type: 'root', children: clean.children.flatMap((child) => applyPolicy(child, headingOffset)) as RootContent[] };
}

/** The app's URL policy (as react-markdown's urlTransform applies it in the app), and the heading shift. */
function applyPolicy(node: RootContent, headingOffset: number): RootContent[] {
  if (node.type !== 'element') return [node];
  const children = node.children.flatMap((child) => applyPolicy(child, headingOffset)) as ElementContent[];
  if (node.tagName === 'a') {
    const href = transformMarkdownUrl(String(node.properties['href'] ?? ''), 'href');
    if (href === '') return children; // a link the policy drops reads as its text
    const properties: Element['properties'] = { href, target: '_blank', rel: ['noopener', 'noreferrer'] };
    if (node.properties['title'] != null) properties['title'] = node.properties['title'];
    return [{ ...node, properties, children }];
  }
  if (node.tagName === 'img') {
    const alt = node.properties['alt'] == null ? undefined : String(node.properties['alt']);
    const src = transformMarkdownUrl(String(node.properties['src'] ?? ''), 'src');
    if (src === '') return [{ type: 'element', tagName: 'span', properties: { className: ['image-placeholder'] }, children: [{ type: 'text', value: imagePlaceholder(alt) }] }];
    return [{ ...node, properties: { ...node.properties, src } }];
  }
  const level = HEADINGS.indexOf(node.tagName);
  if (level >= 0 && headingOffset > 0) return [{ ...node, tagName: HEADINGS[Math.min(5, level + headingOffset)]!, children }];
  return [{ ...node, children }];
}

const VOID = new Set(['br', 'hr', 'img']);
/** The only attributes the schema and the policy leave, with their HTML names. */
const ATTRIBUTES: Record<string, string> = { href: 'href', title: 'title', src: 'src', alt: 'alt', start: 'start', className: 'class', target: 'target', rel: 'rel' };

function serialize(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return node.children.map(serialize).join('');
    case 'text':
      return escapeHtml(node.value);
    case 'element': {
      let attrs = '';
      for (const [key, value] of Object.entries(node.properties)) {
        const name = ATTRIBUTES[key];
        if (name === undefined || value == null || value === false) continue;
        attrs += ` ${name}="${escapeAttribute(Array.isArray(value) ? value.join(' ') : String(value))}"`;
      }
      if (VOID.has(node.tagName)) return `<${node.tagName}${attrs}>`;
      return `<${node.tagName}${attrs}>${node.children.map(serialize).join('')}</${node.tagName}>`;
    }
    default:
      return ''; // comments, doctypes, raw: never kept
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}
