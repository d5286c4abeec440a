// Moves a Markdown fragment's headings down so they nest under the heading it is pasted
// beneath: a lesson's `# Intro` or `## Part 1` must not sit beside the export's own
// `# Course` or `## Project N`. Relative levels are kept (the fragment's top heading lands
// on `floor`), capped at ######. Only top-level ATX and setext headings move; fenced and
// indented code, lists, quotes and HTML blocks are left alone, and every other line is
// kept byte for byte. A line scanner, not a full CommonMark parser: what it does not
// recognise as a heading it leaves as it was.

type Heading = { kind: 'atx'; line: number; level: number } | { kind: 'setext'; first: number; underline: number; level: number };

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
const BULLET = /^ {0,3}[-+*](?:[ \t]+(\S)|[ \t]*$)/;
const ORDERED = /^ {0,3}(\d{1,9})[.)](?:[ \t]+(\S)|[ \t]*$)/;
const QUOTE = /^ {0,3}>/;
const HTML_BLOCK = /^ {0,3}<(?:[A-Za-z][A-Za-z0-9-]*|\/[A-Za-z]|!--|\?|![A-Z]|!\[CDATA\[)/;
/** A GFM table's delimiter row (`| --- | :-: |`); without a pipe, `---` is a setext underline. */
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Columns of leading whitespace, tabs to the next multiple of four. */
function indentOf(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** Whether `line` starts a list item or quote; inside a paragraph only a bullet or "1." with content can. */
function startsContainer(line: string, inParagraph: boolean): boolean {
  if (QUOTE.test(line)) return true;
  const bullet = BULLET.exec(line);
  if (bullet) return !inParagraph || bullet[1] !== undefined;
  const ordered = ORDERED.exec(line);
  if (ordered) return !inParagraph || (ordered[1] === '1' && ordered[2] !== undefined);
  return false;
}

function findHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: { char: string; length: number } | null = null;
  // container: a list or quote; opaque: an HTML block or a table, which only a blank line ends.
  let state: 'none' | 'paragraph' | 'container' | 'opaque' = 'none';
  let paragraphStart = 0;
  let blankInContainer = false;

  lines.forEach((line, i) => {
    if (fence) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = null;
      return;
    }
    if (/^[ \t]*$/.test(line)) {
      if (state === 'paragraph' || state === 'opaque') state = 'none';
      if (state === 'container') blankInContainer = true;
      return;
    }
    if (state === 'opaque') return;
    const indent = indentOf(line);
    if (state === 'container') {
      // Indented lines, further items and lazy continuation lines stay in the list or quote;
      // it ends at a line back at the margin after a blank, or at a block that closes it.
      const closes = indent === 0 && (blankInContainer || ATX.test(line) || FENCE_OPEN.test(line) || THEMATIC_BREAK.test(line) || HTML_BLOCK.test(line));
      if (!closes || startsContainer(line, false)) return void (blankInContainer = false);
      state = 'none';
    }
    if (indent >= 4) {
      // A paragraph's continuation, or indented code: never a heading either way.
      return;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      state = 'none';
      return;
    }
    const atx = ATX.exec(line);
    if (atx) {
      headings.push({ kind: 'atx', line: i, level: atx[2]!.length });
      state = 'none';
      return;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (state === 'paragraph' && underline) {
      headings.push({ kind: 'setext', first: paragraphStart, underline: i, level: underline[1]![0] === '=' ? 1 : 2 });
      state = 'none';
      return;
    }
    if (THEMATIC_BREAK.test(line)) {
      state = 'none';
      return;
    }
    if ((state === 'paragraph' && line.includes('|') && TABLE_DELIMITER.test(line)) || (state !== 'paragraph' && HTML_BLOCK.test(line))) {
      state = 'opaque';
      return;
    }
    if (startsContainer(line, state === 'paragraph')) {
      state = 'container';
      blankInContainer = false;
      return;
    }
    if (state !== 'paragraph') {
      state = 'paragraph';
      paragraphStart = i;
    }
  });
  return headings;
}

/** A setext heading's text as one ATX line: a trailing run of #s is kept as text, not read as a closing sequence. */
function setextAsAtx(lines: readonly string[], level: number): string {
  const text = lines.map((l) => l.trim()).join(' ');
  return `${'#'.repeat(level)} ${text}${/(?:^|[ \t])#+$/.test(text) ? ' #' : ''}`;
}

/** `markdown` with its highest heading at level `floor` (1–6) and the others moved by as much, up to 6. */
export function shiftHeadings(markdown: string, floor: number): string {
  const lines = markdown.split('\n');
  // Matching ignores a CRLF's \r; the lines written keep it.
  const bare = lines.map((l) => l.replace(/\r$/, ''));
  const headings = findHeadings(bare);
  if (headings.length === 0) return markdown;
  const shift = floor - Math.min(...headings.map((h) => h.level));
  if (shift <= 0) return markdown;
  const level = (h: Heading) => Math.min(6, h.level + shift);

  const out: string[] = [];
  let next = 0;
  for (const heading of headings) {
    if (heading.kind === 'atx') {
      out.push(...lines.slice(next, heading.line), lines[heading.line]!.replace(ATX, (_, pad: string) => pad + '#'.repeat(level(heading))));
      next = heading.line + 1;
    } else {
      const eol = lines[heading.underline]!.endsWith('\r') ? '\r' : '';
      out.push(...lines.slice(next, heading.first), setextAsAtx(bare.slice(heading.first, heading.underline), level(heading)) + eol);
      next = heading.underline + 1;
    }
  }
  out.push(...lines.slice(next));
  return out.join('\n');
}
