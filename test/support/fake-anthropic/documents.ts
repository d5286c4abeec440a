// PDF document blocks (`{type: 'document', source: {type: 'base64', media_type:
// 'application/pdf', data}}`), as the real API takes them: validated like it (a wrong media
// type or data that is not base64 PDF bytes is a 400), counted by a documented approximation
// of Anthropic's billing (each page's text as text plus its image: the A4 page within the
// vision limits, 1,533 tokens; docs/SOURCES.md, "PDF document blocks"), and citable by the
// block's title and page numbers.
import { isObject, type Json } from './request';

/** Image tokens of one page (A4 at 902 × 1275 px ≈ width × height / 750). */
export const PAGE_IMAGE_TOKENS = 1_533;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Why the API would refuse this document block, or null. */
export function documentBlockError(block: Json): string | null {
  const source = block.source;
  if (!isObject(source)) return 'document.source: Field required';
  if (source.type !== 'base64') return null; // url/text/file sources: not used by the app, accepted as given
  if (source.media_type !== 'application/pdf') return `document.source.media_type: Input should be 'application/pdf'`;
  if (typeof source.data !== 'string' || !source.data || source.data.length % 4 !== 0 || !BASE64.test(source.data)) {
    return 'document.source.data: The PDF specified is not valid base64 data';
  }
  if (!Buffer.from(source.data, 'base64').subarray(0, 5).toString('latin1').startsWith('%PDF-')) {
    return 'The PDF specified was not valid.';
  }
  return null;
}

/** Pages of a base64 PDF: its page objects (`/Type /Page`, not `/Pages`); at least 1. */
export function pageCount(block: Json): number {
  const source = isObject(block.source) ? block.source : {};
  const text = typeof source.data === 'string' ? Buffer.from(source.data, 'base64').toString('latin1') : '';
  return Math.max(1, (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length);
}

/** Characters a document block counts as (4 a token): its bytes' printable text is not parsed, so ~750 text tokens a page plus the image. */
export function documentChars(block: Json): number {
  return pageCount(block) * (750 + PAGE_IMAGE_TOKENS) * 4 + (typeof block.title === 'string' ? block.title.length : 0);
}

/** "file p. N" for every page of every titled PDF document block in these blocks. */
export function documentLabels(blocks: readonly unknown[]): { material: string; location: string }[] {
  return blocks.flatMap((b) => {
    if (!isObject(b) || b.type !== 'document' || typeof b.title !== 'string') return [];
    const title = b.title;
    return Array.from({ length: pageCount(b) }, (_, i) => ({ material: title, location: `p. ${i + 1}` }));
  });
}
