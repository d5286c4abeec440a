// Accounting for foreground model calls (outline options, regenerations): every attempt is
// stored like the runner's, so costs add up wherever the call came from.
import type { CallAttemptRecord } from '../../ai/structured-call';
import type { CoreContext } from '../../core/context';

export function recordCall(core: CoreContext, courseId: string, step: string, itemKey: string) {
  return (rec: CallAttemptRecord) => core.store.write(() => core.store.calls.recordAttempt({ jobId: null, courseId, step, itemKey }, rec));
}
