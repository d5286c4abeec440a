// A condensed overview of the materials for the outline call, when they do not fit whole: the
// outline needs their structure, their terms and their order, not every sentence. Each
// material gets a line per section (a heading path, or a PDF page) with the first sentence
// under it. If that is over the budget, the lines lose their sentences (headings alone; a
// page keeps its first words, often a slide's title); if still over, an evenly spread subset
// of each material's lines is kept, the first always, with a note of how many were left out.
import { formatLocation } from '../../shared/materials';
import type { MaterialSection } from '../db/repositories/materials';
import { tokensOf } from './tokens';

export interface OverviewMaterial {
  fileName: string;
  pages: number | null;
  text: string;
  sections: readonly MaterialSection[];
}

interface Entry {
  label: string;
  full: string;
  short: string;
}

const SENTENCE_CHARS = 220;
const SHORT_CHARS = 80;

export function condensedOverview(materials: readonly OverviewMaterial[], budgetTokens: number, charsPerToken: number): string {
  const entries = materials.map(entriesOf);
  const render = (pick: (e: Entry) => string, keep: (list: Entry[]) => { kept: Entry[]; omitted: number }) =>
    materials
      .map((m, i) => {
        const { kept, omitted } = keep(entries[i]!);
        const head = `## ${m.fileName}${m.pages !== null ? ` (${m.pages} page${m.pages === 1 ? '' : 's'})` : ''}`;
        const lines = kept.map((e) => `- ${pick(e)}`);
        if (omitted > 0) lines.push(`- … ${omitted} more ${m.pages !== null ? 'pages' : 'sections'} not listed`);
        return [head, ...lines].join('\n');
      })
      .join('\n\n');
  const fits = (text: string) => tokensOf(text.length, charsPerToken) <= budgetTokens;
  const all = (list: Entry[]) => ({ kept: list, omitted: 0 });

  const full = render((e) => e.full, all);
  if (fits(full)) return full;
  const short = render((e) => e.short, all);
  if (fits(short)) return short;
  // Keep a share of each material's lines, the same share for all, shrinking until it fits.
  const total = short.length;
  let share = (budgetTokens * charsPerToken) / total;
  for (let attempt = 0; attempt < 40; attempt++) {
    const text = render((e) => e.short, (list) => spread(list, share));
    if (fits(text) || share <= 0) return text;
    share *= 0.85;
  }
  return render((e) => e.short, (list) => spread(list, 0));
}

/** An evenly spaced `share` of the list (at least its first line). */
function spread(list: Entry[], share: number): { kept: Entry[]; omitted: number } {
  const count = Math.max(1, Math.min(list.length, Math.floor(list.length * share)));
  const kept: Entry[] = [];
  for (let i = 0; i < count; i++) kept.push(list[Math.floor((i * list.length) / count)]!);
  return { kept, omitted: list.length - kept.length };
}

function entriesOf(material: OverviewMaterial): Entry[] {
  return material.sections.map((section) => {
    const label = formatLocation(section.location);
    let body = material.text.slice(section.start, section.end);
    // A section's text starts with its own heading: the sentence wanted is the one after it.
    if (section.location.kind === 'section' && section.location.path.length > 0) {
      const heading = section.location.path.at(-1)!;
      if (body.startsWith(heading)) body = body.slice(heading.length);
    }
    const flat = body.replace(/\s+/g, ' ').trim();
    const sentence = clip(firstSentence(flat), SENTENCE_CHARS);
    const isPage = section.location.kind === 'pages';
    const full = [label, sentence].filter(Boolean).join(': ');
    const short = isPage ? [label, clip(flat, SHORT_CHARS)].filter(Boolean).join(': ') : label || clip(flat, SHORT_CHARS);
    return { label, full, short };
  });
}

function firstSentence(text: string): string {
  const end = /[.!?…](\s|$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
