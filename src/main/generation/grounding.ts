// The course's source materials as generation sends them. Decided once per job (and per
// outline request) from the model's context window (sources/budget.ts):
// - `whole`: every readable material, each page or section labelled ("[syllabus.pdf p. 4]")
//   so the model can cite it, goes in the shared context before the outline: the cached
//   prefix, so after the first call of a kind every call reads it at the cache price;
// - `passages`: the materials do not fit. Each call gets the passages ranked for its project
//   or lesson (title, objectives, terms), labelled the same way, after the cached prefix
//   (they differ per call); the outline call gets a condensed overview instead.
// A course whose materials all failed to read has none: it generates exactly as before.
import { formatLocation, type SourceLocation } from '../../shared/materials';
import type { CitableMaterial } from '../../shared/schemas';
import type { MaterialSection } from '../db/repositories/materials';
import type { SharedDocument } from '../ai/provider';
import type { Store } from '../db/store';
import { DEFAULT_CHARS_PER_TOKEN } from '../estimate/calibration';
import { CLAUDE_CONTEXT_TOKENS, planMaterials } from '../sources/budget';
import { condensedOverview } from '../sources/overview';
import { coursePassages, type Passage } from '../sources/passages';
import { indexPassages, type PassageIndex, type RankQuery } from '../sources/rank';
import { tokensOf } from '../sources/tokens';

/**
 * The most a call's ranked passages take, whatever the window: they are sent uncached with
 * every call, so a 200k window filled per call would cost ~10× a cached whole. Enough for
 * 40 passages of ~400 tokens.
 */
export const PASSAGES_CAP_TOKENS = 16_000;
/**
 * Below this room per call there is no point in passages (two or three at most): the course
 * is generated without its materials, and the job says why (a local model's small window).
 */
export const MIN_PASSAGES_TOKENS = 1_000;
/**
 * What a PDF page sent as a document block costs besides its text: the page's image, an A4
 * page rendered within the vision limits (902 × 1275 px ≈ width × height / 750). See
 * docs/SOURCES.md, "PDF document blocks".
 */
export const PDF_PAGE_IMAGE_TOKENS = 1_533;

/** A PDF sent as pages: its text billed as text, and every page's image. */
export const pdfPageTokens = (textChars: number, pages: number, charsPerToken: number) => tokensOf(textChars, charsPerToken) + pages * PDF_PAGE_IMAGE_TOKENS;

/** A material as the model sees and cites it: `name` is unique within the course. */
export interface GroundingMaterial extends CitableMaterial {
  sha256: string;
}

export interface Grounding {
  mode: 'whole' | 'passages';
  materials: GroundingMaterial[];
  /** Tokens the materials may take in a call. */
  budgetTokens: number;
  /** Estimated tokens of all the readable materials. */
  materialTokens: number;
  /** `whole`: every material, labelled, for the cached shared context; null otherwise. */
  whole: string | null;
  /** What the outline options call reads: the whole materials, or their condensed overview. */
  outline: string;
  /** The course's PDFs as document blocks (its opt-in, Claude, whole mode); empty otherwise. */
  documents: SharedDocument[];
  /** `passages`: the labelled passages for one call (empty when nothing matches); '' when whole. */
  passagesFor(query: RankQuery): string;
}

export interface GroundingOptions {
  /** The model's context window (Claude's 200k when absent). */
  contextTokens?: number | undefined;
  /** Tokens the largest call needs besides the materials: system prompt, outline, its prompt. */
  reservedTokens: number;
  /** Room kept for the answer (the call's max output). */
  answerTokens: number;
  charsPerToken?: number;
  /**
   * Set when the course's PDFs go as pages (its opt-in, every call to Claude): reads a PDF's
   * bytes by hash. Used only in whole mode; passages are always text.
   */
  readPdf?: ((sha256: string) => Uint8Array) | undefined;
}

export const MATERIALS_HEADING =
  "Source materials from the course's instructor. Each page or section is labelled in brackets with its file name and location; " +
  'cite a lesson\'s sources by those labels.';
export const PASSAGES_HEADING =
  "Passages from the instructor's source materials chosen for this part of the course (labelled in brackets with file name and location; cite them by those labels):";

/** "[syllabus.pdf p. 4–6]", "[notes.md § Joins]", "[readme.txt]". */
export function materialLabel(name: string, location: SourceLocation): string {
  const where = formatLocation(location);
  return `[${name}${where ? ` ${where}` : ''}]`;
}

/**
 * The course's materials sized for a model; null when the course has no readable material,
 * or when the model's context leaves less than MIN_PASSAGES_TOKENS for them.
 */
export function groundCourse(store: Store, courseId: string, options: GroundingOptions): Grounding | null {
  const linked = store.materials.forCourse(courseId).filter((m) => !m.error);
  if (linked.length === 0) return null;
  const names = uniqueNames(linked.map((m) => m.fileName));
  const materials: (GroundingMaterial & { text: string; sections: MaterialSection[] })[] = [];
  linked.forEach((m, i) => {
    const content = store.materials.content(m.sha256);
    if (!content || content.text.trim() === '') return;
    materials.push({ sha256: m.sha256, name: names[i]!, pages: m.format === 'pdf' ? m.pages : null, text: content.text, sections: content.sections });
  });
  if (materials.length === 0) return null;
  const nameOf = new Map(materials.map((m) => [m.sha256, m.name]));
  const charsPerToken = options.charsPerToken ?? DEFAULT_CHARS_PER_TOKEN;

  const labelled = (m: (typeof materials)[number]) =>
    m.sections
      .flatMap((section) => {
        const body = m.text.slice(section.start, section.end).trim();
        return body ? [`${materialLabel(m.name, section.location)}\n${body}`] : [];
      })
      .join('\n\n');
  const asPages = options.readPdf ? materials.filter((m) => m.pages !== null) : [];
  if (asPages.length > 0) {
    // The PDFs' text and page images are billed; the rest stays labelled text after them.
    const text = [
      MATERIALS_HEADING,
      ...asPages.map((m) => `${m.name} is the PDF document titled so above (${m.pages} pages): cite it as "${m.name} p. N".`),
      ...materials.filter((m) => m.pages === null).map(labelled),
    ].join('\n\n');
    const tokens = tokensOf(text.length, charsPerToken) + asPages.reduce((n, m) => n + pdfPageTokens(m.text.length, m.pages ?? 0, charsPerToken), 0);
    const plan = planMaterials({
      contextWindow: options.contextTokens ?? CLAUDE_CONTEXT_TOKENS,
      reservedTokens: options.reservedTokens,
      answerTokens: options.answerTokens,
      materialTokens: tokens,
    });
    const documents = plan.mode === 'passages' ? null : readDocuments(asPages, options.readPdf!, charsPerToken);
    if (documents) {
      const refs = materials.map(({ sha256, name, pages }) => ({ sha256, name, pages }));
      return { mode: 'whole', materials: refs, budgetTokens: plan.budgetTokens, materialTokens: tokens, whole: text, outline: text, documents, passagesFor: () => '' };
    }
  }

  const whole = [
    MATERIALS_HEADING,
    ...materials.map((m) =>
      m.sections
        .flatMap((section) => {
          const body = m.text.slice(section.start, section.end).trim();
          return body ? [`${materialLabel(m.name, section.location)}\n${body}`] : [];
        })
        .join('\n\n'),
    ),
  ].join('\n\n');
  const materialTokens = tokensOf(whole.length, charsPerToken);
  const plan = planMaterials({
    contextWindow: options.contextTokens ?? CLAUDE_CONTEXT_TOKENS,
    reservedTokens: options.reservedTokens,
    answerTokens: options.answerTokens,
    materialTokens,
  });
  const refs = materials.map(({ sha256, name, pages }) => ({ sha256, name, pages }));
  if (plan.mode === 'passages' && plan.budgetTokens < MIN_PASSAGES_TOKENS) return null;
  if (plan.mode !== 'passages') {
    return { mode: 'whole', materials: refs, budgetTokens: plan.budgetTokens, materialTokens, whole, outline: whole, documents: [], passagesFor: () => '' };
  }

  // Indexed on first use and once per grounding: a job ranks for every project and lesson.
  let index: PassageIndex | null = null;
  let passages: Passage[] = [];
  const perCall = Math.min(plan.budgetTokens, PASSAGES_CAP_TOKENS);
  const overview = condensedOverview(
    materials.map((m) => ({ fileName: m.name, pages: m.pages, text: m.text, sections: m.sections })),
    plan.budgetTokens,
    charsPerToken,
  );
  return {
    mode: 'passages',
    materials: refs,
    budgetTokens: plan.budgetTokens,
    materialTokens,
    whole: null,
    documents: [],
    outline: `Overview of the instructor's source materials (too long to send whole): each file's pages or sections with their first words.\n\n${overview}`,
    passagesFor(query) {
      if (!index) {
        passages = coursePassages(store, courseId).filter((p) => nameOf.has(p.material));
        index = indexPassages(passages);
      }
      const ranked = index.rank(query, perCall).passages;
      if (ranked.length === 0) return '';
      return [PASSAGES_HEADING, ...ranked.map((p) => `${materialLabel(nameOf.get(p.material)!, p.location)}\n${p.text.trim()}`)].join('\n\n');
    },
  };
}

/** The PDFs' bytes, base64; null when one cannot be read (the course then goes as text). */
function readDocuments(
  pdfs: readonly (GroundingMaterial & { text: string })[],
  read: (sha256: string) => Uint8Array,
  charsPerToken: number,
): SharedDocument[] | null {
  try {
    return pdfs.map((m) => ({
      title: m.name,
      data: Buffer.from(read(m.sha256)).toString('base64'),
      tokens: pdfPageTokens(m.text.length, m.pages ?? 0, charsPerToken),
    }));
  } catch {
    return null;
  }
}

/** Two different files both called "notes.md" are shown as "notes.md" and "notes (2).md". */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
    }
    seen.add(candidate);
    return candidate;
  });
}

/** The model's citation (name as shown, location text) as stored: the material's hash and a location. */
export function resolveSources(
  grounding: Grounding | null,
  sources: readonly { material: string; location: string; note: string }[] | undefined,
  parse: (text: string) => SourceLocation | null,
): { material: string; location: SourceLocation; note: string }[] {
  if (!grounding || !sources) return [];
  const byName = new Map(grounding.materials.map((m) => [m.name, m.sha256]));
  return sources.flatMap((s) => {
    // The schema has checked both already; anything that still does not resolve is dropped, not guessed.
    const material = byName.get(s.material);
    const location = parse(s.location);
    return material && location ? [{ material, location, note: s.note.trim() }] : [];
  });
}
