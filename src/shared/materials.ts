// Source materials (issue 18): what main, the renderer and the export agree on about a file an
// instructor attached to a topic. A material is identified by the sha256 of its bytes, so one
// file used by many courses is one material; a course links to it under the name it was given.
import { z } from 'zod';

/** The formats a material can be read from. */
export const MATERIAL_MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown',
  text: 'text/plain',
  html: 'text/html',
} as const;
export type MaterialFormat = keyof typeof MATERIAL_MEDIA_TYPES;
export type MaterialMediaType = (typeof MATERIAL_MEDIA_TYPES)[MaterialFormat];

/** Why a file could not be read. One file failing never stops the others. */
export const MATERIAL_ERROR_CODES = [
  'too_large',
  'unsupported_type',
  'encrypted_pdf',
  'no_text_layer',
  'corrupt_file',
  'empty',
  'timeout',
  'unreadable',
] as const;
export type MaterialErrorCode = (typeof MATERIAL_ERROR_CODES)[number];

/**
 * Where in a material a passage is: a page range of a PDF, or the heading path of a section
 * (DOCX, Markdown, HTML; empty before the first heading). Plain text has neither: its one
 * section has an empty path.
 */
export const sourceLocationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pages'), from: z.number().int().min(1), to: z.number().int().min(1) }),
  z.object({ kind: z.literal('section'), path: z.array(z.string().max(500)).max(12) }),
]);
export type SourceLocation = z.infer<typeof sourceLocationSchema>;

/** "p. 4", "p. 4–6", "§ Basics › Joins", "" for the start of a file without headings. */
export function formatLocation(location: SourceLocation): string {
  if (location.kind === 'pages') return location.from === location.to ? `p. ${location.from}` : `p. ${location.from}–${location.to}`;
  return location.path.length > 0 ? `§ ${location.path.join(' › ')}` : '';
}

/**
 * A location as the model writes it ("p. 4–6", "p. 4", "pp. 4-6", "§ Basics › Joins", "") back
 * into a SourceLocation; null when it is neither a page nor a heading path.
 */
export function parseLocation(text: string): SourceLocation | null {
  const t = text.trim();
  if (t === '') return { kind: 'section', path: [] };
  const pages = /^(?:pp?\.?|pages?)\s*(\d{1,6})(?:\s*[–—-]\s*(\d{1,6}))?$/i.exec(t);
  if (pages) {
    const from = Number(pages[1]);
    const to = pages[2] === undefined ? from : Number(pages[2]);
    return from >= 1 && to >= from ? { kind: 'pages', from, to } : null;
  }
  const section = /^§\s*(.*)$/s.exec(t);
  if (section) {
    const path = section[1]!.split(/\s*[›>]\s*/).map((part) => part.trim()).filter(Boolean);
    return path.length <= 12 && path.every((part) => part.length <= 500) ? { kind: 'section', path } : null;
  }
  return null;
}

/** A material as a course shows it: what the wizard lists (pages or words, tokens) or why it failed. */
export interface CourseMaterial {
  sha256: string;
  /** The name the instructor gave it in this course. */
  fileName: string;
  format: MaterialFormat;
  sizeBytes: number;
  /** PDFs only. */
  pages: number | null;
  /** PDF pages that had no text (scanned pages, figures): left out of what generation reads. */
  pagesWithoutText: number;
  words: number;
  tokens: number;
  error: { code: MaterialErrorCode; message: string } | null;
  position: number;
}

/**
 * A place in a material a lesson drew on, as the course shows it ("Based on: syllabus.pdf
 * p. 4–6"). `material` is the sha256; `fileName` the name the course gave it. Written by the
 * model's structured answer (validated, mapped from the name it was shown back to the hash).
 */
export interface LessonSource {
  material: string;
  fileName: string;
  location: SourceLocation;
  /** What the lesson took from it, in a sentence (may be empty). */
  note: string;
}

/** A file larger than this is refused before it is read: a 300-page PDF with figures is about 30 MB. */
export const MAX_MATERIAL_BYTES = 64 * 1024 * 1024;

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The sentence a file over the limit gets, whether its size came from the disk, a drop, or the renderer's own look. */
export const tooLargeMessage = (fileName: string, size: number, maxBytes = MAX_MATERIAL_BYTES): string =>
  `${fileName} is ${megabytes(size)}; a source may be at most ${megabytes(maxBytes)}. Split it, or export the chapters you need.`;

/** The most files one `materials.attach` or `courses.create` takes. */
export const MAX_MATERIALS_AT_ONCE = 50;

/** Why one file could not be used: a code the wizard and the CLI can act on, and a sentence a person can read. */
export interface MaterialFailure {
  code: MaterialErrorCode;
  message: string;
}

/**
 * One attached file's answer, in the order given. A file read but not understood (password,
 * scan, damage) still has its `material` (stored, listed with its reason); one refused before
 * reading (type, size, missing) has none.
 */
export type AttachResult =
  | { fileName: string; ok: true; material: CourseMaterial; reused: boolean }
  | { fileName: string; ok: false; error: MaterialFailure; material: CourseMaterial | null };

/** What the read-only viewer shows: the extracted text and where each page or section of it is. */
export interface MaterialView {
  sha256: string;
  fileName: string;
  format: MaterialFormat;
  /** Plain text, never HTML: render it as text. */
  text: string;
  /** Character ranges of `text` (end exclusive), in reading order. */
  sections: { start: number; end: number; location: SourceLocation }[];
}

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a material id (the sha256 of its bytes, 64 lowercase hex digits).');

/** The name a course shows for a file: its extension chooses the reader. */
export const materialNameSchema = z
  .string()
  .trim()
  .min(1, 'A file needs a name.')
  .max(255, 'A file name may be at most 255 characters.')
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'A file name cannot contain control characters.');

/**
 * Base64 characters one dropped file may take: a little over what MAX_MATERIAL_BYTES encodes
 * to, so a file just too large still arrives and is answered "too large" with the others.
 */
export const MAX_MATERIAL_BASE64_CHARS = Math.ceil((MAX_MATERIAL_BYTES + 1024 * 1024) / 3) * 4;

/**
 * A file to attach: a path (chosen in the dialog, dropped in the desktop app, named by an
 * import), or the bytes of a drop that has no path (a browser), which main writes to a
 * temporary file first.
 */
export const materialFileInputSchema = z.union([
  z.object({ path: z.string().min(1, 'Give the file\'s path.').max(4_096, 'That path is too long.'), name: materialNameSchema.optional() }).strict(),
  z
    .object({
      name: materialNameSchema,
      dataBase64: z.base64('Expected the file\'s bytes in base64.').max(MAX_MATERIAL_BASE64_CHARS, `A source may be at most ${MAX_MATERIAL_BYTES / 1024 / 1024} MB.`),
    })
    .strict(),
]);
export type MaterialFileInput = z.infer<typeof materialFileInputSchema>;

/** A material attached in the wizard before its course existed, linked when the course is created. */
export const stagedMaterialSchema = z.object({ sha256: sha256Schema, name: materialNameSchema }).strict();
