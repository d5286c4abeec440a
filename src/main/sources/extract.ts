// One material's bytes to its text, sections, counts and chunks: the whole job of the sources
// worker, and a plain function so tests can call it in their own thread. Every refusal is a
// MaterialError with a code; anything else a reader throws is reported as unreadable.
import type { MaterialFormat } from '../../shared/materials';
import { chunkText, DEFAULT_CHUNK_TOKENS, type Chunk } from './chunk';
import { MaterialError } from './errors';
import { extractDocx } from './extract/docx';
import { countWords, type Extraction, type Section } from './extract/extraction';
import { extractHtml } from './extract/html';
import { extractMarkdown } from './extract/markdown';
import { extractPdf } from './extract/pdf';
import { decodeText, extractText } from './extract/text';
import { checkSignature } from './formats';
import { tokensOf } from './tokens';

/** Text beyond this is refused as too large: about 2.3 million tokens, more than any call could use. */
export const MAX_TEXT_CHARS = 8_000_000;

export interface ExtractOptions {
  charsPerToken: number;
  maxChars?: number;
  chunkTokens?: number;
}

export interface MaterialContent {
  format: MaterialFormat;
  text: string;
  sections: Section[];
  chunks: Chunk[];
  pages: number | null;
  pagesWithoutText: number;
  words: number;
  tokens: number;
}

export async function extractMaterial(bytes: Uint8Array, fileName: string, format: MaterialFormat, options: ExtractOptions): Promise<MaterialContent> {
  const maxChars = options.maxChars ?? MAX_TEXT_CHARS;
  checkSignature(format, bytes, fileName);
  let extraction: Extraction;
  try {
    extraction = await read(bytes, fileName, format, maxChars);
  } catch (error) {
    if (error instanceof MaterialError) throw error;
    throw new MaterialError('unreadable', `${fileName} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (extraction.text.trim() === '') throw new MaterialError('empty', `${fileName} holds no text.`);
  if (extraction.text.length > maxChars) {
    throw new MaterialError('too_large', `${fileName} holds more text than a source may (${extraction.text.length.toLocaleString('en')} characters; at most ${maxChars.toLocaleString('en')}).`);
  }
  return {
    format,
    ...extraction,
    chunks: chunkText(extraction.text, extraction.sections, { targetTokens: options.chunkTokens ?? DEFAULT_CHUNK_TOKENS, charsPerToken: options.charsPerToken }),
    words: countWords(extraction.text),
    tokens: tokensOf(extraction.text.length, options.charsPerToken),
  };
}

async function read(bytes: Uint8Array, fileName: string, format: MaterialFormat, maxChars: number): Promise<Extraction> {
  switch (format) {
    case 'pdf':
      return extractPdf(bytes, fileName, { maxChars });
    case 'docx':
      return extractDocx(bytes, fileName);
    case 'markdown':
      return extractMarkdown(decodeText(bytes, fileName));
    case 'html':
      return extractHtml(decodeText(bytes, fileName), fileName);
    case 'text':
      return extractText(decodeText(bytes, fileName));
  }
}
