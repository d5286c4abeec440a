// DOCX through mammoth: converted to HTML (its headings become <h1>…<h6> from the document's
// heading styles), then read as any HTML is, so a DOCX passage's location is its heading path.
// Images are dropped in the conversion (they would come back as base64 data we do not use).
import mammoth from 'mammoth';
import { MaterialError } from '../errors';
import type { Extraction } from './extraction';
import { extractHtml } from './html';

export async function extractDocx(bytes: Uint8Array, fileName: string): Promise<Extraction> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    throw new MaterialError('corrupt_file', `${fileName} is damaged or not a Word document (.docx): ${error instanceof Error ? error.message : String(error)}`);
  }
  return extractHtml(html, fileName);
}
