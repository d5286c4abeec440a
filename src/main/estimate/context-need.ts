// How much context the largest call of a course needs — its prompt and its answer — in
// tokens: what a local server's context window must hold. Ollama cuts a longer prompt
// silently, so Settings warns before a job finds out (ai/providers/ollama-context.ts).
// Counted like the estimate counts calls (calls.ts), for a course of the default size.
import type { QuizShape } from '../generation/units';
import { topicInputSchema } from '../../shared/schemas';
import { planCourse } from './calls';
import { DEFAULT_CHARS_PER_TOKEN, sentChars } from './calibration';
import { DEFAULT_OUTPUT_PER_UNIT } from './output-model';
import { standInOutline } from './topic-outline';

export function largestCallTokens(quiz: QuizShape, projects = 5): number {
  const outline = standInOutline(topicInputSchema.parse({ topic: 'A course', projects }), null);
  // The schema travels in the prompt, as it does to a local server.
  return Math.max(
    ...planCourse(outline, 'json_schema', quiz).map(
      (call) =>
        Math.ceil(sentChars(call) / DEFAULT_CHARS_PER_TOKEN) +
        (call.lessonFromOutput ? DEFAULT_OUTPUT_PER_UNIT.lessons : 0) +
        DEFAULT_OUTPUT_PER_UNIT[call.kind] * call.units,
    ),
  );
}
