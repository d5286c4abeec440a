// HTML saved from the web, and the HTML mammoth makes of a DOCX: text with its heading path.
// Parsed with @xmldom/xmldom's lenient HTML mode (it comes with mammoth, which uses it for
// DOCX's XML). It does not build the tree a browser would for broken markup, and it need
// not: the text is read in document order, and block elements only mark paragraph breaks.
// Scripts, styles and page furniture (navigation, forms, footers) are skipped; when the page
// has a <main> or an <article>, only that is read. Nothing here is ever rendered: the text
// is plain text from here on.
import { DOMParser } from '@xmldom/xmldom';
import { MaterialError } from '../errors';
import { TextBuilder, type Extraction } from './extraction';

const SKIPPED = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed', 'nav', 'footer', 'form', 'button', 'select', 'textarea', 'dialog']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);
const HEADING = /^h([1-6])$/;

// Node types of the DOM (xmldom's nodes carry them as numbers).
const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

export function extractHtml(html: string, fileName: string): Extraction {
  let doc: DomNode;
  try {
    // Parse problems are read past, as a browser would. A fragment (mammoth's output, a
    // snippet saved as .html) gets a root element: a document may have only one.
    const source = /<html[\s>]/i.test(html) ? html : `<html><body>${html}</body></html>`;
    const quiet = () => undefined;
    const fatal = (message: string) => {
      throw new Error(message);
    };
    doc = new DOMParser({ errorHandler: { warning: quiet, error: quiet, fatalError: fatal } }).parseFromString(source, 'text/html') as unknown as DomNode;
  } catch (error) {
    throw new MaterialError('corrupt_file', `${fileName} could not be read as HTML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = find(doc, 'main') ?? find(doc, 'article') ?? doc;
  const builder = new TextBuilder();
  const headings: string[] = [];
  let pending = '';
  // A list item's marker waits for its text: lenient parsing may put the text after an
  // empty <li>, not inside it.
  let bullet = false;
  const flush = () => {
    if (pending.trim() === '') {
      pending = '';
      return;
    }
    builder.paragraph(bullet ? `- ${pending.trim()}` : pending, { kind: 'section', path: [...headings] });
    pending = '';
    bullet = false;
  };

  const walk = (node: DomNode): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT || child.nodeType === CDATA) {
        pending += (child.nodeValue ?? '').replace(/\s+/g, ' ');
        continue;
      }
      if (child.nodeType !== ELEMENT) continue;
      const name = child.nodeName.toLowerCase();
      if (SKIPPED.has(name)) continue;
      const heading = HEADING.exec(name);
      if (heading) {
        flush();
        const title = textOf(child).replace(/\s+/g, ' ').trim();
        if (title === '') continue;
        const level = Number(heading[1]);
        headings.length = Math.min(headings.length, level - 1);
        // A skipped level (h1 then h3) leaves no empty step in the path.
        headings.push(title);
        builder.paragraph(title, { kind: 'section', path: [...headings] });
        continue;
      }
      if (name === 'br') pending += '\n';
      else if (name === 'td' || name === 'th') pending += pending.endsWith('\n') || pending === '' ? '' : ' | ';
      else if (name === 'img') {
        const alt = attribute(child, 'alt');
        if (alt) pending += ` ${alt} `;
      }
      const block = BLOCKS.has(name);
      if (block) flush();
      if (name === 'li') bullet = true;
      if (name === 'pre') {
        builder.paragraph(textOf(child), { kind: 'section', path: [...headings] }, true);
        continue;
      }
      walk(child);
      if (block) flush();
    }
  };
  walk(root);
  flush();
  return builder.build();
}

function find(node: DomNode, name: string): DomNode | null {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== ELEMENT) continue;
    const lower = child.nodeName.toLowerCase();
    if (lower === name) return child;
    if (SKIPPED.has(lower)) continue;
    const inside = find(child, name);
    if (inside) return inside;
  }
  return null;
}

function textOf(node: DomNode): string {
  let out = '';
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT || child.nodeType === CDATA) out += child.nodeValue ?? '';
    else if (child.nodeType === ELEMENT && !SKIPPED.has(child.nodeName.toLowerCase())) out += child.nodeName.toLowerCase() === 'br' ? '\n' : textOf(child);
  }
  return out;
}

function attribute(node: DomNode, name: string): string | null {
  const element = node as DomNode & { getAttribute?: (n: string) => string | null };
  return element.getAttribute?.(name) || null;
}
