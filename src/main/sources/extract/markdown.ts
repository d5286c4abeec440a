// Markdown through mdast-util-from-markdown (the parser the export already uses): headings set
// the location; every other top-level block is kept as written (lists, code, tables read as
// well to a model as to a person), so the stored text is the file's own words.
import type { Heading, Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { TextBuilder, type Extraction } from './extraction';

export function extractMarkdown(markdown: string): Extraction {
  const tree = fromMarkdown(markdown);
  const builder = new TextBuilder();
  const headings: string[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const title = plain(node).replace(/\s+/g, ' ').trim();
      if (title === '') continue;
      headings.length = Math.min(headings.length, (node as Heading).depth - 1);
      headings.push(title);
      builder.paragraph(title, { kind: 'section', path: [...headings] });
      continue;
    }
    if (node.type === 'definition' || node.type === 'html') {
      // Link definitions and raw HTML are markup, not prose.
      if (node.type === 'html') builder.paragraph(node.value.replace(/<[^>]*>/g, ' '), { kind: 'section', path: [...headings] });
      continue;
    }
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const text = start !== undefined && end !== undefined ? markdown.slice(start, end) : plain(node);
    builder.paragraph(text, { kind: 'section', path: [...headings] }, true);
  }
  return builder.build();
}

function plain(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plain).join('');
  return '';
}
