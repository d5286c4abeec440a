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
