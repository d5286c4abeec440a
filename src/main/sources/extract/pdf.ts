// PDF text through pdfjs-dist (legacy build: the one for Node 20). Each page is a section, so a
// passage's location is its page range. pdfjs decides what is a password-protected or broken
// file; a document whose pages have no text layer at all is a scan and is refused as such
// (OCR is not done here). Runs inside the sources worker, so pdfjs's own "fake worker" (same
// thread) is what it should use.
import { getDocument, InvalidPDFException } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { MaterialError } from '../errors';
import { TextBuilder, type Extraction } from './extraction';

export async function extractPdf(bytes: Uint8Array, fileName: string, limits: { maxChars: number }): Promise<Extraction> {
  const task = getDocument({
    // pdfjs takes the buffer over: give it a copy so the caller's bytes stay whole.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    // pdfjs 5 does not export PasswordException; its name is its contract.
    if (error instanceof Error && error.name === 'PasswordException') throw new MaterialError('encrypted_pdf', `${fileName} is password-protected. Save a copy without the password and add that.`);
    if (error instanceof InvalidPDFException) throw new MaterialError('corrupt_file', `${fileName} is damaged or not a PDF: ${error.message}`);
    throw new MaterialError('corrupt_file', `${fileName} could not be read as a PDF: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const builder = new TextBuilder();
    let withoutText = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = pageText(content.items.filter((item): item is TextItem => 'str' in item));
      page.cleanup();
      if (text.trim() === '') withoutText++;
      builder.paragraph(text, { kind: 'pages', from: n, to: n });
      if (builder.chars > limits.maxChars) throw new MaterialError('too_large', `${fileName} holds more text than a source may (${limits.maxChars.toLocaleString('en')} characters, reached by page ${n} of ${pdf.numPages}).`);
    }
    if (withoutText === pdf.numPages) {
      throw new MaterialError('no_text_layer', `${fileName} has no text layer: its ${pdf.numPages === 1 ? 'page is an image' : `${pdf.numPages} pages are images`} (a scan?). Run it through OCR first, or export the text.`);
    }
    return builder.build(pdf.numPages, withoutText);
  } finally {
    await pdf.destroy();
  }
}

/**
 * Items in content order; a line ends where pdfjs says so, or where the baseline moves (some
 * producers never set hasEOL). Items on one line are joined as they are: pdfjs puts the
 * spaces in.
 */
function pageText(items: TextItem[]): string {
  let out = '';
  let lastY: number | null = null;
  for (const item of items) {
    const y = item.transform[5] as number;
    if (lastY !== null && Math.abs(y - lastY) > 1 && !out.endsWith('\n')) out += '\n';
    out += item.str;
    if (item.hasEOL) out += '\n';
    if (item.str !== '') lastY = y;
  }
  return out;
}
