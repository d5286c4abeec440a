// Outline options for a course: several calls in parallel (each a different angle) under
// the shared request limit. Each option is stored as soon as all have arrived, replacing
// any earlier set (a "regenerate"). Failed options are reported, not silently dropped.
import type { Outline, OutlineOption } from '../../shared/domain';
import type { ModelGateway } from '../ai/gateway';
import { attemptRecord, type ModelCallRecord } from '../db/repositories/model-calls';
import type { Store } from '../db/store';
import { readPreferences } from '../core/app-settings';
import { groundingFor } from './job-grounding';
import { generateOutline } from './units';
import { ConflictError } from '../errors';

export interface OutlineOptionsRequest {
  courseId: string;
  count?: number;
  signal?: AbortSignal;
  /** Streaming preview of option `index` as the model writes it. */
  onPartial?: (index: number, partial: unknown) => void;
  onOption?: (index: number, outline: Outline) => void;
  /**
   * Stores one call's row: the runner's `recordCall`, which keeps a row the database cannot
   * take now (locked, full) and writes it later.
   */
  record: (rec: ModelCallRecord) => void;
}

export const DEFAULT_OUTLINE_OPTIONS = 3;

export async function generateOutlineOptions(store: Store, gateway: ModelGateway, request: OutlineOptionsRequest): Promise<OutlineOption[]> {
  const course = store.courses.require(request.courseId);
  if (course.status !== 'draft') throw new ConflictError('Outline options can only be generated for a draft course.');
  const count = request.count ?? DEFAULT_OUTLINE_OPTIONS;
  // The options read the materials whole when they fit, else their condensed overview.
  const grounding = await groundingFor(store, gateway, course.id, ['outline'], readPreferences(store).quiz, course.topic.projects);
  const results = await Promise.allSettled(
    Array.from({ length: count }, async (_, index) => {
      const outline = await generateOutline(gateway, course.topic, index, {
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onPartial ? { onPartial: (p: unknown) => request.onPartial!(index, p) } : {}),
        onAttempt: (rec) => request.record(attemptRecord({ jobId: null, courseId: course.id, step: 'outline', itemKey: `option:${index}` }, rec)),
      }, grounding);
      request.onOption?.(index, outline);
      return outline;
    }),
  );
  const outlines = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (outlines.length === 0) {
    const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    throw first.reason;
  }
  return store.write(() => store.courses.replaceOptions(course.id, outlines));
}
