// Bytes of a text format to a string: UTF-8 (with or without a BOM), UTF-16 with a BOM, and
// otherwise Windows-1252, the usual encoding of an old .txt that is not valid UTF-8. A file
// with NUL bytes in it is binary under a text name, and is refused.
import { MaterialError } from '../errors';
import { TextBuilder, type Extraction } from './extraction';

export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) throw new MaterialError('corrupt_file', `${fileName} is not a text file: it holds binary data.`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Plain text has no headings: one section, split into paragraphs at blank lines. */
export function extractText(text: string): Extraction {
  const builder = new TextBuilder();
  for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) builder.paragraph(paragraph, { kind: 'section', path: [] }, true);
  return builder.build();
}
