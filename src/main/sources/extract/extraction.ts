// What every reader gives back: the material's text, and where each part of it came from
// (sections: character ranges of the text with a page or a heading path). The text is what is
// stored, sent to the model and shown in the viewer, so offsets into it are stable addresses.
import type { SourceLocation } from '../../../shared/materials';

export interface Section {
  /** Offsets into `text`, end exclusive. */
  start: number;
  end: number;
  location: SourceLocation;
}

export interface Extraction {
  text: string;
  /** In order, not overlapping, covering every paragraph of the text. */
  sections: Section[];
  /** PDFs: the page count; null for the other formats. */
  pages: number | null;
  /** PDFs: pages without a text layer (scanned, or only a figure). */
  pagesWithoutText: number;
}

const sameLocation = (a: SourceLocation, b: SourceLocation): boolean =>
  a.kind === 'pages' && b.kind === 'pages' ? a.from === b.from && a.to === b.to : a.kind === 'section' && b.kind === 'section' && a.path.join('\u0000') === b.path.join('\u0000');

/**
 * Collects paragraphs in reading order: blank-line separated, whitespace inside a line
 * collapsed, consecutive paragraphs at the same location one section.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly sections: Section[] = [];

  /** `preformatted`: keep the lines' indentation (Markdown code, lists). */
  paragraph(raw: string, location: SourceLocation, preformatted = false): void {
    const text = preformatted ? trimLines(raw) : tidy(raw);
    if (text === '') return;
    if (this.parts.length > 0) {
      this.parts.push('\n\n');
      this.length += 2;
    }
    const start = this.length;
    this.parts.push(text);
    this.length += text.length;
    const last = this.sections.at(-1);
    if (last && sameLocation(last.location, location)) last.end = this.length;
    else this.sections.push({ start, end: this.length, location });
  }

  get chars(): number {
    return this.length;
  }

  build(pages: number | null = null, pagesWithoutText = 0): Extraction {
    return { text: this.parts.join(''), sections: this.sections, pages, pagesWithoutText };
  }
}

/** Lines kept, spaces and tabs inside them collapsed, blank lines and trailing spaces dropped. */
export function tidy(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Trailing spaces and blank lines at either end dropped; everything else as written. */
function trimLines(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

export const countWords = (text: string): number => text.match(/\S+/g)?.length ?? 0;
