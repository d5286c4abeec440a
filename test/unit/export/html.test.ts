import { describe, expect, it } from 'vitest';
import { escapeHtml, markdownToHtml, parsedToHtml } from '../../../src/main/export/html';

const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('markdownToHtml (the one renderer of the LMS packages)', () => {
  it('drops raw HTML, scripts and iframes instead of escaping them into the page', () => {
    const html = markdownToHtml('<script>alert(1)</script>\n\nHi <b onclick="x()">there</b>\n\n<iframe src="https://evil.example"></iframe>\n\n<!-- c -->');
    expect(html).toBe('<p>Hi there</p>');
  });

  it('keeps http(s) and mailto links (opening outside), drops the rest to their text', () => {
    expect(markdownToHtml('[a](https://x.example "t") [b](javascript:alert(1)) [c](/relative) [d](mailto:a@b.c)')).toBe(
      '<p><a href="https://x.example" target="_blank" rel="noopener noreferrer" title="t">a</a> b c <a href="mailto:a@b.c" target="_blank" rel="noopener noreferrer">d</a></p>',
    );
  });

  it('shows a remote image as the app does ([image: alt]) and keeps an inline data: image', () => {
    expect(markdownToHtml('![pixel](https://tracker.example/p.png)')).toBe('<p><span class="image-placeholder">[image: pixel]</span></p>');
    expect(markdownToHtml('![](https://tracker.example/p.png)')).toBe('<p><span class="image-placeholder">[image]</span></p>');
    expect(markdownToHtml('![d](data:image/png;base64,AAAA)')).toBe('<p><img src="data:image/png;base64,AAAA" alt="d"></p>');
    expect(markdownToHtml('![s](data:image/svg+xml;base64,AAAA)')).toContain('[image: s]');
  });

  it('keeps every character of a code block', () => {
    const code = 'if (a < b && c > "d") { return \'&amp;\'; }\t\n</code></pre><script>x()</script>\n  ]]> \u00a0 ∑ 日本';
    const html = markdownToHtml(`\`\`\`ts\n${code}\n\`\`\``);
    const inner = /^<pre><code class="language-ts">([\s\S]*)<\/code><\/pre>$/.exec(html)?.[1];
    expect(decode(inner!)).toBe(`${code}\n`);
    expect(html).not.toContain('<script>');
  });

  it('moves headings down under the page title, h6 staying h6', () => {
    expect(markdownToHtml('# A\n\n###### F', { headingOffset: 1 })).toBe('<h2>A</h2>\n<h6>F</h6>');
  });

  it('returns one paragraph without its <p> when asked for inline text', () => {
    expect(markdownToHtml('use `x<y`', { inline: true })).toBe('use <code>x&lt;y</code>');
    expect(markdownToHtml('a\n\nb', { inline: true })).toBe('<p>a</p>\n<p>b</p>');
  });

  it('renders a long lesson (parsed in pieces) whole', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} with \`code\`.`).join('\n\n');
    const html = markdownToHtml(long);
    expect(html.match(/<p>/g)).toHaveLength(400);
  });

  it('escapes text', () => {
    expect(escapeHtml('<a & b>')).toBe('&lt;a &amp; b&gt;');
  });
});

describe('one line of plain prose (quiz options, feedback)', () => {
  // The shortcut must give exactly what the parse gives, for every line it takes.
  const lines = [
    'rustup',
    'Which tool installs Rust?',
    'Cargo builds, tests (and documents) code.',
    'It is well-known: 100% of crates use it; a/b is fine!',
    '“Quoted” and ‘single’ text… with an ellipsis',
    'Is it?  Yes, two spaces inside.',
    'Привет, мир',
    '日本語のテキスト',
    'e.g. this one',
    '1.5 is more than 1',
    '1234567890. Not a list: ten digits',
    '2024 was a year',
    // Each of these is markup, or opens a block: they take the parse, and must still agree.
    '1. an ordered item',
    '10) another',
    '3.',
    '- a bullet',
    '--',
    'What is 2+2?',
    'Use `cargo build`',
    'a *strong* claim',
    'A & B < C',
    'See [the book](https://doc.rust-lang.org/book/)',
    'line one\nline two',
    '# heading',
    '> quote',
    'snake_case_name',
    'back\\slash',
  ];
  it.each(lines)('%j', (line) => {
    expect(markdownToHtml(line)).toBe(parsedToHtml(line));
    expect(markdownToHtml(line, { inline: true })).toBe(parsedToHtml(line, { inline: true }));
  });
});
