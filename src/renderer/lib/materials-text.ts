// The words the wizard and the course view use for source materials, without React, so they
// are tested in Node: a file's size in pages or words, its tokens, the warning for PDF pages
// without text, the privacy sentence for the current model routing, "Based on: …", and whether
// the course overview lets materials be added or removed.
import type { CourseStatus } from '../../shared/domain';
import type { LessonSource, CourseMaterial } from '../../shared/materials';
import { formatLocation } from '../../shared/materials';
import { MODEL_STEPS, type ModelRouting, type ModelStep } from '../../shared/model-routing';
import { formatInteger, plural } from './format';
import { STEP_LABELS } from './model-routing-form';

/** "12 pages" for a PDF, "1,240 words" for the rest. */
export function materialSize(m: Pick<CourseMaterial, 'pages' | 'words'>): string {
  if (m.pages !== null) return m.pages === 1 ? '1 page' : `${formatInteger(m.pages)} pages`;
  return m.words === 1 ? '1 word' : `${formatInteger(m.words)} words`;
}

/** "≈ 3,400 tokens": an estimate, said as one. */
export function tokensText(tokens: number): string {
  return `≈ ${formatInteger(tokens)} ${tokens === 1 ? 'token' : 'tokens'}`;
}

/** Said when some pages of a readable PDF had no text (a scanned page, a full-page figure). */
export function pagesWithoutTextWarning(m: Pick<CourseMaterial, 'pages' | 'pagesWithoutText' | 'error'>): string | null {
  if (m.error || m.pages === null || m.pagesWithoutText <= 0) return null;
  const which = m.pagesWithoutText === m.pages ? 'None of its pages have' : `${m.pagesWithoutText} of its ${m.pages} pages ${m.pagesWithoutText === 1 ? 'has' : 'have'}`;
  return `${which} no text (scanned, or only a picture): the model will not see ${m.pagesWithoutText === 1 ? 'that page' : 'those pages'}.`;
}

/** "2 files, ≈ 12,400 tokens" over the files that could be read. */
export function materialsTotal(materials: readonly Pick<CourseMaterial, 'tokens' | 'error'>[]): string {
  const readable = materials.filter((m) => !m.error);
  const tokens = readable.reduce((sum, m) => sum + m.tokens, 0);
  return `${plural(readable.length, 'readable file')}, ${tokensText(tokens)}`;
}

/** The rule, always said the same way. */
export const PRIVACY_RULE = 'Source materials are sent to Anthropic when a Claude model is chosen for generation, and never when a local model is.';

/** The steps that read the materials, as the person names them. */
const STEPS_WITH_MATERIALS: readonly ModelStep[] = MODEL_STEPS;

/** Which applies now, from Settings → Models; null routing: not known (Settings says). */
export function privacyNow(routing: ModelRouting | null): { tone: 'local' | 'claude' | 'mixed' | 'unknown'; text: string } {
  if (!routing) return { tone: 'unknown', text: 'Settings → Models shows which model each step uses.' };
  const claude = STEPS_WITH_MATERIALS.filter((s) => routing.steps[s].provider === 'anthropic');
  if (claude.length === 0) return { tone: 'local', text: 'Now every step uses a local model: your materials stay on this computer.' };
  if (claude.length === STEPS_WITH_MATERIALS.length) return { tone: 'claude', text: 'Now every step uses Claude: your materials will be sent to Anthropic with each request.' };
  const names = claude.map((s) => STEP_LABELS[s]);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return {
    tone: 'mixed',
    text: `Now ${list} ${names.length === 1 ? 'uses' : 'use'} Claude: your materials will be sent to Anthropic for ${names.length === 1 ? 'that step' : 'those steps'}; the steps on a local model keep them on this computer.`,
  };
}

/** "syllabus.pdf p. 4–6", "notes.md § Joins", "readme.txt" (a file without headings). */
export function sourceLabel(source: Pick<LessonSource, 'fileName' | 'location'>): string {
  const where = formatLocation(source.location);
  return where ? `${source.fileName} ${where}` : source.fileName;
}

/**
 * Whether the course overview offers adding and removing materials, and what it says about it:
 * not while a job writes the course (main refuses then too); before generation freely; after it,
 * only lessons written or regenerated later read the change.
 */
export function materialsEditing(status: CourseStatus, jobRunning: boolean): { open: boolean; hint: string | null } {
  if (jobRunning || status === 'generating') {
    return { open: false, hint: 'Files can be added or removed once the generation job has finished or been cancelled.' };
  }
  if (status === 'draft' || status === 'outline_approved') return { open: true, hint: null };
  return { open: true, hint: 'Existing lessons keep their citations until they are regenerated; lessons written from now on use the files listed here.' };
}
