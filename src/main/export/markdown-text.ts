// Plain text from the model (titles, descriptions, objectives, task prompts) placed in the
// exported Markdown. The app shows these as text, so the export must not let a Markdown
// viewer read them as HTML or links: `List<T>` or `<Generics>` would vanish as an unknown tag,
// `<img onerror=…>` would be live markup, `[x](javascript:…)` a live link and `![x](https://…)`
// a remote image. Other Markdown (a prompt's `code`) is kept as written.
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';

/**
 * What would open an HTML tag, comment or autolink, spell an entity, end a link's text or a
 * link definition's label (`](`, `]:`) or make an image (`![`) — unless already escaped: a
 * backslash the model wrote must not pair with ours and leave `<img …>` live.
 */
const OPENS_MARKUP = /(?<!\\)((?:\\\\)*)(<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|\](?=[(:])|!(?=\[))/g;

/**
 * A line that would open fenced code: at the top level of the file it runs on until a fence
 * in a lesson closes it, and that lesson's code (an `<img onerror>` shown as an example)
 * would then be live HTML.
 */
const OPENS_FENCE = /^( {0,3})(`{3}|~{3})/gm;

/**
 * `text` with every character that would open HTML, an entity, a link, an image or fenced
 * code backslash-escaped — except inside inline code, where a backslash would show as
 * written (`Vec<T>` in a task prompt) and nothing is markup anyway. Code spans are found by
 * the CommonMark parser, and no escape added here is a backtick, so a viewer pairs the
 * backticks exactly as it did here. (A line-start fence is never inside a code span: it
 * interrupts the paragraph.)
 */
export function escapeMarkupInText(text: string): string {
  const code = text.includes('`') ? inlineCodeRanges(text) : [];
  const inCode = (at: number) => code.some(([start, end]) => at >= start && at < end);
  return text
    .replace(OPENS_MARKUP, (match: string, slashes: string, opener: string, at: number) => (inCode(at) ? match : `${slashes}\\${opener}`))
    .replace(OPENS_FENCE, '$1\\$2');
}

function inlineCodeRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'inlineCode') ranges.push([node.position!.start.offset!, node.position!.end.offset!]);
    else if ('children' in node) node.children.forEach(walk);
  };
  walk(fromMarkdown(text));
  return ranges;
}

/** One heading line: line breaks become spaces, and a trailing run of #s stays text, not a closing sequence. */
export function headingText(text: string): string {
  const line = escapeMarkupInText(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.replace(/(^|[ \t])(#+)$/, '$1\\$2');
}
