// Each reader's text and locations on fixtures the tests make, and each way a file can fail.
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extractMaterial, type MaterialContent } from '../../../src/main/sources/extract';
import { MaterialError } from '../../../src/main/sources/errors';
import { formatOf } from '../../../src/main/sources/formats';
import type { MaterialFormat } from '../../../src/shared/materials';
import { corruptDocx, docx, encryptedPdf, imageOnlyPdf, textPdf } from '../../support/material-fixtures';

const options = { charsPerToken: 4 };
const utf8 = (s: string) => new TextEncoder().encode(s);
const read = (bytes: Uint8Array, name: string, format: MaterialFormat = formatOf(name), extra = {}) => extractMaterial(bytes, name, format, { ...options, ...extra });

/** The text of each section, with its location. */
const sectionsOf = (c: MaterialContent) => c.sections.map((s) => ({ location: s.location, text: c.text.slice(s.start, s.end) }));

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MaterialError);
    return { code: (error as MaterialError).code, message: (error as MaterialError).message };
  }
  throw new Error('expected a MaterialError');
}

describe('PDF', () => {
  it('reads each page as its own section, with the page number as location', async () => {
    const pdf = await textPdf([['Syllabus', 'Week one covers relational algebra.'], [], ['Joins', 'An inner join keeps matching rows.', 'An outer join keeps the rest too.']]);
    const content = await read(pdf, 'syllabus.pdf');
    expect(content.pages).toBe(3);
    expect(content.pagesWithoutText).toBe(1);
    expect(sectionsOf(content)).toEqual([
      { location: { kind: 'pages', from: 1, to: 1 }, text: 'Syllabus\nWeek one covers relational algebra.' },
      { location: { kind: 'pages', from: 3, to: 3 }, text: 'Joins\nAn inner join keeps matching rows.\nAn outer join keeps the rest too.' },
    ]);
    expect(content.words).toBe(20);
    expect(content.tokens).toBe(Math.ceil(content.text.length / 4));
  });

  it('reports a password-protected PDF as encrypted (the fixture really is: it opens with its password)', async () => {
    const bytes = encryptedPdf('s3cret', 'Confidential policy');
    const withPassword = await getDocument({ data: new Uint8Array(bytes), password: 's3cret', verbosity: 0 }).promise;
    const page = await withPassword.getPage(1);
    expect((await page.getTextContent()).items.map((i) => ('str' in i ? i.str : ''))).toContain('Confidential policy');
    await withPassword.destroy();

    const { code, message } = await failure(read(bytes, 'policy.pdf'));
    expect(code).toBe('encrypted_pdf');
    expect(message).toContain('policy.pdf is password-protected');
  });

  it('reports a PDF of images only as having no text layer', async () => {
    const { code, message } = await failure(read(await imageOnlyPdf(3), 'scan.pdf'));
    expect(code).toBe('no_text_layer');
    expect(message).toContain('3 pages are images');
  });

  it('refuses a file named .pdf that is not one, and a damaged one', async () => {
    expect((await failure(read(utf8('hello, not a pdf'), 'notes.pdf'))).code).toBe('corrupt_file');
    const pdf = await textPdf([['Some text']]);
    const damaged = new Uint8Array(pdf.subarray(0, 40)); // the header and nothing else
    expect((await failure(read(damaged, 'cut.pdf'))).code).toBe('corrupt_file');
  });

  it('stops reading a PDF whose text goes past the limit', async () => {
    // 48 characters a page: two pages and the break between them (98) fit in 100, the third does not.
    const pdf = await textPdf(Array.from({ length: 5 }, (_, i) => [`Page ${i + 1} has a line of text that takes some room.`]));
    const { code, message } = await failure(read(pdf, 'big.pdf', 'pdf', { maxChars: 100 }));
    expect(code).toBe('too_large');
    expect(message).toMatch(/reached by page 3 of 5/);
  });
});

describe('DOCX', () => {
  it('keeps the headings as the location of what follows them', async () => {
    const bytes = docx([
      { text: 'Course handbook.' },
      { heading: 1, text: 'Basics' },
      { heading: 2, text: 'Joins' },
      { text: 'An inner join keeps matching rows & nothing else.' },
      { heading: 1, text: 'Advanced' },
      { text: 'Window functions.' },
    ]);
    const content = await read(bytes, 'notes.docx');
    expect(content.pages).toBeNull();
    expect(sectionsOf(content)).toEqual([
      { location: { kind: 'section', path: [] }, text: 'Course handbook.' },
      { location: { kind: 'section', path: ['Basics'] }, text: 'Basics' },
      { location: { kind: 'section', path: ['Basics', 'Joins'] }, text: 'Joins\n\nAn inner join keeps matching rows & nothing else.' },
      { location: { kind: 'section', path: ['Advanced'] }, text: 'Advanced\n\nWindow functions.' },
    ]);
  });

  it('reports a damaged DOCX, and a .docx that is not a ZIP at all', async () => {
    const cut = await failure(read(corruptDocx(), 'broken.docx'));
    expect(cut.code).toBe('corrupt_file');
    expect(cut.message).toContain('broken.docx is damaged or not a Word document');
    expect((await failure(read(utf8('plain words'), 'renamed.docx'))).code).toBe('corrupt_file');
  });
});

describe('Markdown', () => {
  it('keeps blocks as written under their heading path', async () => {
    const md = 'Intro line.\n\n# Basics\n\n## Joins\n\nAn *inner* join.\n\n```sql\n  SELECT 1;\n```\n\n# Advanced\n\n- one\n- two\n';
    const content = await read(utf8(md), 'notes.md');
    expect(sectionsOf(content)).toEqual([
      { location: { kind: 'section', path: [] }, text: 'Intro line.' },
      { location: { kind: 'section', path: ['Basics'] }, text: 'Basics' },
      { location: { kind: 'section', path: ['Basics', 'Joins'] }, text: 'Joins\n\nAn *inner* join.\n\n```sql\n  SELECT 1;\n```' },
      { location: { kind: 'section', path: ['Advanced'] }, text: 'Advanced\n\n- one\n- two' },
    ]);
  });
});

describe('HTML saved from the web', () => {
  it('reads the article, not scripts, styles or navigation, with headings as locations', async () => {
    const html = `<!DOCTYPE html><html><head><title>Page</title><style>p { color: red }</style>
      <script>if (a < b && c) document.write("<h1>injected</h1>")</script></head>
      <body><nav><a href="/">Home</a> Menu</nav>
      <main><h1>Joins &amp; keys</h1><p>First paragraph<br>second line &eacute;t&eacute;.
      <p>Another one, <b>bold</b>.<h2>Inner</h2><ul><li>matches<li>only</ul>
      <table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
      <img src=x alt="A diagram"><!-- a comment --></main><footer>© someone</footer></body></html>`;
    const content = await read(utf8(html), 'page.html');
    expect(content.text).not.toMatch(/injected|color|Menu|Home|someone|comment/);
    expect(sectionsOf(content)).toEqual([
      { location: { kind: 'section', path: ['Joins & keys'] }, text: 'Joins & keys\n\nFirst paragraph\nsecond line été.\n\nAnother one, bold.' },
      { location: { kind: 'section', path: ['Joins & keys', 'Inner'] }, text: 'Inner\n\n- matches\n\n- only\n\na | b\n\n1 | 2\n\nA diagram' },
    ]);
  });

  it('reads a fragment without <html>', async () => {
    const content = await read(utf8('<h2>Only</h2><p>a fragment</p>'), 'snippet.htm');
    expect(sectionsOf(content)).toEqual([{ location: { kind: 'section', path: ['Only'] }, text: 'Only\n\na fragment' }]);
  });
});

describe('plain text', () => {
  it('is one section without headings, its paragraphs kept; Windows-1252 and UTF-16 read too', async () => {
    const content = await read(utf8('First paragraph\nstill first.\n\n\nSecond.'), 'notes.txt');
    expect(sectionsOf(content)).toEqual([{ location: { kind: 'section', path: [] }, text: 'First paragraph\nstill first.\n\nSecond.' }]);
    expect((await read(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'latin.txt')).text).toBe('café');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(Buffer.from('Hi there', 'utf16le'))]);
    expect((await read(utf16, 'wide.txt')).text).toBe('Hi there');
  });

  it('refuses binary data under a text name, and an empty file', async () => {
    expect((await failure(read(new Uint8Array([0x50, 0x4b, 0x00, 0x01]), 'data.txt'))).code).toBe('corrupt_file');
    expect((await failure(read(utf8('  \n\n '), 'blank.md'))).code).toBe('empty');
  });
});

describe('formats', () => {
  it('knows a file by its extension and refuses the others by name', () => {
    expect(formatOf('Notes.MD')).toBe('markdown');
    expect(formatOf('a.htm')).toBe('html');
    expect(() => formatOf('slides.pptx')).toThrow(expect.objectContaining({ code: 'unsupported_type' }));
  });
});
