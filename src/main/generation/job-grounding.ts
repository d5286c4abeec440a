// Sizing a course's materials for the models its calls go to (grounding.ts decides whole or
// passages): the smallest context window among the steps' models — a job whose lessons go
// to a local model and whose tasks go to Claude plans for the local one, so every call of
// the job sees the materials the same way and the cached prefix stays one — less the
// largest call's own need (estimate/context-need.ts) and its answer's room.
import type { ModelStep } from '../../shared/model-routing';
import { MAX_PROJECTS, MIN_PROJECTS } from '../../shared/schemas';
import type { QuizShape } from './units';
import type { ModelGateway } from '../ai/gateway';
import { DEFAULT_MAX_TOKENS } from '../ai/config';
import type { Store } from '../db/store';
import { largestCallTokens } from '../estimate/context-need';
import { CLAUDE_CONTEXT_TOKENS } from '../sources/budget';
import { groundCourse, type Grounding } from './grounding';

/**
 * The course's materials for calls of `steps`, after asking the local servers those steps go
 * to how much context they give (only when the course has materials: a course without them
 * asks nothing of anyone).
 */
export async function groundingFor(
  store: Store,
  gateway: ModelGateway,
  courseId: string,
  steps: readonly ModelStep[],
  quiz: QuizShape,
  projects: number,
  readMaterial?: (sha256: string) => Uint8Array,
): Promise<Grounding | null> {
  if (!store.materials.forCourse(courseId).some((m) => !m.error)) return null;
  await gateway.learnContexts(steps);
  const models = steps.map((step) => gateway.modelFor(step));
  const contextTokens = Math.min(...models.map((m) => m?.contextTokens ?? CLAUDE_CONTEXT_TOKENS));
  const maxTokens = Math.max(...models.map((m) => m?.maxTokens ?? DEFAULT_MAX_TOKENS));
  return groundCourse(store, courseId, {
    contextTokens,
    reservedTokens: largestCallTokens(quiz, Math.min(MAX_PROJECTS, Math.max(MIN_PROJECTS, projects))),
    // A small local window cannot keep a whole max_tokens free: a quarter of it is the answer's.
    answerTokens: Math.min(maxTokens, Math.floor(contextTokens / 4)),
    readPdf: readMaterial && pdfPagesWanted(store, gateway, courseId, steps) ? readMaterial : undefined,
  });
}

/**
 * The course's PDFs go as pages only when it opted in and every step's model is Claude (a
 * local model reads text); whether the whole then fits is groundCourse's question.
 */
export function pdfPagesWanted(store: Store, gateway: ModelGateway, courseId: string, steps: readonly ModelStep[]): boolean {
  if (!store.courses.get(courseId)?.topic.pdfAsPages) return false;
  return steps.every((step) => (gateway.modelFor(step)?.kind ?? 'anthropic') === 'anthropic');
}
