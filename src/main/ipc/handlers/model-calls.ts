// Accounting for foreground model calls (outline options, regenerations): every attempt is
// stored like the runner's, and through the runner's ledger, so a row the database cannot
// take right now (another process holds it locked) is written later instead of lost.
import type { CallAttemptRecord } from '../../ai/structured-call';
import type { CoreContext } from '../../core/context';
import { attemptRecord } from '../../db/repositories/model-calls';

export function recordCall(core: CoreContext, courseId: string, step: string, itemKey: string) {
  return (rec: CallAttemptRecord) => core.runner.recordCall(attemptRecord({ jobId: null, courseId, step, itemKey }, rec));
}
