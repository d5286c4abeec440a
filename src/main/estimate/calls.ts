// The calls a course needs, counted from its outline, with the text each would send: one
// lessons call per project, one tasks call per lesson, one summary (see
// runner/job-execution.ts), and for a topic without an outline yet its outline options
// (generation/outline-options.ts). The text is what generation/units.ts puts in each
// request: the system prompt, the job's shared context (the approved outline), the call's
// prompt and the answer's schema, built here with the same prompt functions and schemas.
// With the course's materials (generation/grounding.ts) the same requests carry them: whole,
// in the shared context (written to the cache by the first call of a kind, read after), or
// as each call's ranked passages in its own prompt (uncached, every call).
import type { Outline, TopicInput } from '../../shared/domain';
import { jsonInstruction, outputSchema } from '../ai/anthropic-params';
import type { StructuredOutputMode } from '../ai/config';
import type { SharedDocument, ToolSpec } from '../ai/provider';
import { DEFAULT_CHARS_PER_TOKEN } from './calibration';
import type { Grounding } from '../generation/grounding';
import { unitRequests, type QuizShape } from '../generation/units';

export type CallKind = 'outline' | 'lessons' | 'tasks' | 'finalize';

export interface PlannedCall {
  kind: CallKind;
  /**
   * Characters of the prefix every call of this kind shares (the system prompt, and the tool
   * in forced-tool mode, which the API puts before it): cached across jobs.
   */
  prefixChars: number;
  /** Characters of the job's shared context (the outline): written to the cache by the first call of its kind in the job, then read. */
  contextChars: number;
  /** Characters sent uncached: the call's own prompt, and the output schema in json_schema mode. */
  promptChars: number;
  /** Units the call writes, for its output: projects of an outline option, lessons of a project, 1 otherwise. */
  units: number;
  /**
   * A tasks call carries its lesson's content. Not written yet: true, and the lesson's share
   * of the lessons output (tokens) stands in for it; written (a past course): already in `promptChars`.
   */
  lessonFromOutput: boolean;
  /** The first call of its kind in its job: it writes the shared context to the cache. */
  firstOfKind: boolean;
}

/** Stand-in text for a lesson not written yet: the prompt's own words count, the content is added as tokens. */
const UNWRITTEN = { title: '', content: '', objectives: [] as string[] };

type Sent = { tool: ToolSpec; system: string; sharedContext?: string; sharedDocuments?: readonly SharedDocument[]; prompt: string };

function chars({ tool, system, sharedContext, sharedDocuments, prompt }: Sent, mode: StructuredOutputMode): { prefixChars: number; contextChars: number; promptChars: number } {
  // PDFs sent as pages are counted in tokens (text + page images); as characters at the default rate here.
  const documentChars = (sharedDocuments ?? []).reduce((n, d) => n + d.tokens * DEFAULT_CHARS_PER_TOKEN, 0);
  const contextChars = (sharedContext?.trim() ? sharedContext.length : 0) + documentChars;
  if (mode === 'json_schema') {
    // buildParams appends the instruction to the prompt and sends the schema as output_config.format.
    return { prefixChars: system.length, contextChars, promptChars: prompt.length + 2 + jsonInstruction(tool).length + JSON.stringify(outputSchema(tool)).length };
  }
  const toolChars = JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.inputSchema }).length;
  return { prefixChars: system.length + toolChars, contextChars, promptChars: prompt.length };
}

/**
 * The calls that generate a course from its approved outline; `lesson` gives a lesson already
 * written, if any; `grounding` the course's materials as its job would send them.
 */
export function planCourse(
  outline: Outline,
  mode: StructuredOutputMode,
  quiz: QuizShape,
  lesson: (projectIndex: number, lessonIndex: number) => { title: string; content: string; objectives: string[] } | null = () => null,
  grounding: Grounding | null = null,
): PlannedCall[] {
  const calls: PlannedCall[] = [];
  outline.projects.forEach((project, pi) => {
    calls.push({
      kind: 'lessons',
      ...chars(unitRequests.lessons(outline, pi, grounding), mode),
      units: project.lessons.length,
      lessonFromOutput: false,
      firstOfKind: pi === 0,
    });
  });
  outline.projects.forEach((project, pi) =>
    project.lessons.forEach((planned, li) => {
      const written = lesson(pi, li);
      calls.push({
        kind: 'tasks',
        ...chars(unitRequests.tasks(outline, pi, li, written ?? { ...UNWRITTEN, title: planned.title }, quiz, grounding), mode),
        units: 1,
        lessonFromOutput: written === null,
        firstOfKind: pi === 0 && li === 0,
      });
    }),
  );
  calls.push({ kind: 'finalize', ...chars(unitRequests.finalize(outline, grounding), mode), units: 1, lessonFromOutput: false, firstOfKind: true });
  return calls;
}

/**
 * The outline options of a topic (the wizard's and `queue`'s several angles). With materials
 * each option carries them (or their overview) as its shared context; the options are sent
 * together, before any has written the cache, so each one writes it.
 */
export function planOutlineOptions(topic: TopicInput, count: number, mode: StructuredOutputMode, grounding: Grounding | null = null): PlannedCall[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'outline' as const,
    ...chars(unitRequests.outline(topic, i, grounding), mode),
    units: topic.projects,
    lessonFromOutput: false,
    firstOfKind: grounding !== null,
  }));
}
