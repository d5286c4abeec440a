// The diff between two versions of a lesson or task: by words for prose, by whole lines
// inside fenced code blocks (a changed line of code reads as one line out, one line in).
// One token list per text, where a code line is a single token, diffed as arrays; so prose
// and code are compared in one pass and a block's alignment never has to be guessed.
// The result is plain text segments: the view renders them as text, never as HTML.
import { diffArrays } from 'diff';
import type { VersionBody } from '../../../shared/history';

export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface FieldDiff {
  label: string;
  segments: DiffSegment[];
  changed: boolean;
}

const FENCE = /^\s{0,3}(```|~~~)/;

/** Words and the whitespace between them for prose; each line of a fenced block (fences included) whole. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let inFence = false;
  const lines = text.split(/(?<=\n)/);
  for (const line of lines) {
    const fence = FENCE.test(line);
    if (inFence || fence) {
      tokens.push(line);
      if (fence) inFence = !inFence;
      continue;
    }
    for (const piece of line.split(/(\s+)/)) if (piece !== '') tokens.push(piece);
  }
  return tokens;
}

export function diffText(before: string, after: string): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const part of diffArrays(tokenize(before), tokenize(after))) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const text = part.value.join('');
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += text;
    else if (text !== '') segments.push({ kind, text });
  }
  return segments;
}

const field = (label: string, before: string, after: string): FieldDiff => {
  const segments = diffText(before, after);
  return { label, segments, changed: segments.some((s) => s.kind !== 'same') };
};

/** Pretty-printed so a changed question or option reads as changed lines; left as it is if it does not parse. */
function questionsText(json: string | null): string {
  if (json === null) return '';
  try {
    return '```json\n' + JSON.stringify(JSON.parse(json), null, 2) + '\n```\n';
  } catch {
    return json;
  }
}

/** Field by field; objectives one to a line. Two bodies of different kinds compare as all-new text. */
export function diffBodies(before: VersionBody, after: VersionBody): FieldDiff[] {
  if (before.unitKind === 'lesson' && after.unitKind === 'lesson') {
    return [
      field('Title', before.title, after.title),
      field('Objectives', before.objectives.map((o) => `- ${o}\n`).join(''), after.objectives.map((o) => `- ${o}\n`).join('')),
      field('Content', before.content, after.content),
    ];
  }
  if (before.unitKind === 'task' && after.unitKind === 'task') {
    return [
      field('Kind', before.kind, after.kind),
      field('Prompt', before.prompt, after.prompt),
      field('Answer key', before.answerKey ?? '', after.answerKey ?? ''),
      field('Questions', questionsText(before.questionsJson), questionsText(after.questionsJson)),
    ];
  }
  return [];
}
