import { micromark } from 'micromark';
import { describe, expect, it } from 'vitest';
import { inertLesson, inertMarkdown } from '../../../src/main/export/lesson-markdown';

/** What a viewer that trusts the file would show: raw HTML and every URL scheme allowed. */
const render = (markdown: string) => micromark(markdown, { allowDangerousHtml: true, allowDangerousProtocol: true });

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

const hostile = [
  '# Setup',
  '',
  '<script>alert(1)</script>',
  '',
  'Run it <img src=x onerror=alert(1)> now, <b onclick=x>bold</b>.',
  '',
  '[click](javascript:alert(1)) and ![pixel](https://evil.example/p.png)',
  '',
  '[ref link][bad] and ![ref image][pix], [docs][ok]',
  '',
  '[bad]: javascript:alert(2)',
  '[pix]: https://evil.example/ref.png',
  '[ok]: https://doc.rust-lang.org',
  '',
  '```html',
  '<script>inCode()</script>',
  '```',
  '',
  'Use `<script>` tags, read [the book](https://doc.rust-lang.org/book/), see ![dot](' + PNG + ').',
  '',
  '[![img](https://evil.example/x.png)](javascript:x)',
].join('\n');

describe('lesson Markdown in the export', () => {
  it('drops raw HTML, refused links and remote images, and keeps everything else byte for byte', () => {
    expect(inertMarkdown(hostile)).toBe(
      [
        '# Setup',
        '',
        '',
        '',
        'Run it  now, bold.',
        '',
        'click and \\[image: pixel\\]',
        '',
        'ref link and \\[image: ref image\\], [docs][ok]',
        '',
        '',
        '[pix]: https://evil.example/ref.png',
        '[ok]: https://doc.rust-lang.org',
        '',
        '```html',
        '<script>inCode()</script>',
        '```',
        '',
        'Use `<script>` tags, read [the book](https://doc.rust-lang.org/book/), see ![dot](' + PNG + ').',
        '',
        '\\[image: img\\]',
      ].join('\n'),
    );
  });

  it('leaves nothing a viewer would run or fetch, and the allowed link, image and code render', () => {
    const html = render(inertMarkdown(hostile));
    for (const live of ['<script', 'onerror', 'onclick', 'javascript:', 'src="http', '<b>']) expect(html).not.toContain(live);
    expect(html).toContain('<a href="https://doc.rust-lang.org/book/">the book</a>');
    expect(html).toContain('<a href="https://doc.rust-lang.org">docs</a>');
    expect(html).toContain(`<img src="${PNG}" alt="dot" />`);
    expect(html).toContain('<code class="language-html">&lt;script&gt;inCode()&lt;/script&gt;');
    expect(html).toContain('<code>&lt;script&gt;</code>');
    expect(html).toContain('[image: pixel]');
    // The same document before: every one of these was live.
    expect(render(hostile)).toContain('<script>alert(1)</script>');
  });

  it('shows a refused autolink as its text, with no link', () => {
    expect(inertMarkdown('Open <javascript:alert(1)> or <https://example.com>.')).toBe('Open javascript:alert(1) or <https://example.com>.');
    expect(render(inertMarkdown('<javascript:alert(1)>'))).toBe('<p>javascript:alert(1)</p>');
  });

  it('escapes an image’s alt so the placeholder opens nothing', () => {
    const out = inertMarkdown('![<b>x</b> & [y](z)](https://evil.example/p.png)(https://evil.example/q.png)');
    expect(render(out)).toBe('<p>[image: &lt;b&gt;x&lt;/b&gt; &amp; y](https://evil.example/q.png)</p>');
  });

  it('keeps checking until rewriting has made no new markup', () => {
    // Removing <b></b> joins `<` and `script>`; removing a link puts `!` before an image.
    expect(inertMarkdown('<<b></b>script>alert(1)<</b>/script>')).toBe('');
    expect(inertMarkdown('!<b></b>[a](https://evil.example/p.png)')).toBe('\\[image: a\\]');
    // Nested past any sensible depth: shown as code, inert.
    const nested = `${'<'.repeat(12)}${'<b></b>b>'.repeat(12)}`;
    expect(inertMarkdown(nested)).toBe(`\`\`\`\n${nested}\n\`\`\`\n`);
  });

  it('leaves nothing another lesson in the file could complete: open fences closed, image references inlined, bare `![` escaped', () => {
    expect(inertMarkdown('Intro\n\n```js\nconst x = 1;\n')).toBe('Intro\n\n```js\nconst x = 1;\n```\n');
    // (The definition itself goes: a data: URL is no link.)
    expect(inertMarkdown(`![dot][d]\n\n[d]: ${PNG}\n`)).toBe(`![dot](<${PNG}>)\n\n\n`);
    expect(inertMarkdown('see ![x][p] here')).toBe('see !\\[x][p] here');
    // Next to each other, as in the file: the first lesson's definition reaches the second.
    const file = `${inertLesson('[p]: https://evil.example/p.png')}\n\n${inertLesson('see ![x][p] and ```\n<script>x()</script>\n```')}`;
    expect(render(file)).not.toContain('<img');
    const fenced = `${inertLesson('```\nopen')}\n\n${inertLesson('```html\n<script>x()</script>\n```')}`;
    expect(render(fenced)).not.toContain('<script');
  });

  it('trims a lesson again when removing markup leaves it starting blank', () => {
    // Indented code after a comment; once the comment is gone it would be indented text
    // after the export's objectives list, and so part of that list.
    const lesson = inertLesson('<!-- note -->\n    <script>alert(1)</script>');
    expect(render(`- objective\n\n${lesson}`)).not.toContain('<script');
  });

  it('makes a long lesson inert piece by piece, with the same result as one piece', () => {
    // Cuts fall only outside fences and before unindented lines: a cut in the code below
    // would turn its <script> into HTML (removed), one before `  more` would end the list.
    const part = 'Some *text* with `<code>` and [a link](https://example.com) and <b>html</b>.\n\n```html\n<p>\n\n<script>x()</script>\n```\n\n- one\n\n  more <i>x</i>\n\n  and more\n\n  and <b>more</b>\n\n  still more\n\n';
    const long = part.repeat(250);
    const expected = inertMarkdown(long).trim();
    expect(inertLesson(long)).toBe(expected.replace(/\n{3,}/g, '\n\n'));
  });
});
