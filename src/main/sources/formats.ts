// Which reader a file goes to: by its name's extension, checked against its first bytes where
// the format has a signature (a renamed .docx that is really a PDF is read as what it is not,
// and fails as corrupt; a .pdf that is not a PDF says so instead of reaching pdfjs).
import { extname } from 'node:path';
import type { MaterialFormat } from '../../shared/materials';
import { MaterialError } from './errors';

const BY_EXTENSION: Record<string, MaterialFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);

export function formatOf(fileName: string): MaterialFormat {
  const format = BY_EXTENSION[extname(fileName).toLowerCase()];
  if (!format) {
    throw new MaterialError('unsupported_type', `${fileName}: this kind of file cannot be used as a source. Use PDF, DOCX, Markdown, plain text or HTML (${SUPPORTED_EXTENSIONS.join(', ')}).`);
  }
  return format;
}

const startsWith = (bytes: Uint8Array, signature: string, from = 0): boolean => {
  for (let i = 0; i < signature.length; i++) if (bytes[from + i] !== signature.charCodeAt(i)) return false;
  return true;
};

/** A PDF may have up to 1 KB of junk before its header (the spec allows it; pdfjs reads it). */
const hasPdfHeader = (bytes: Uint8Array): boolean => {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
};

/** Refuses bytes that cannot be the format the name says: before any parser sees them. */
export function checkSignature(format: MaterialFormat, bytes: Uint8Array, fileName: string): void {
  if (format === 'pdf' && !hasPdfHeader(bytes)) throw new MaterialError('corrupt_file', `${fileName} is not a PDF: it has no PDF header.`);
  if (format === 'docx' && !startsWith(bytes, 'PK\x03\x04')) throw new MaterialError('corrupt_file', `${fileName} is not a DOCX file: a DOCX is a ZIP archive, and this is not one.`);
}
