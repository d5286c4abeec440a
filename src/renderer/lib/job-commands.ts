// Job actions (single or bulk) with one way of reporting: what worked, and for what did
// not, the job's title and the reason main gave.
import type { BulkResult } from '../../shared/ipc-contract';
import { api, call } from './api';
import { plural } from './format';

export type JobCommand = 'cancel' | 'retry' | 'delete' | 'pause' | 'resume';

const VERBS: Record<JobCommand, { done: string; fail: string }> = {
  cancel: { done: 'Cancelled', fail: 'cancel' },
  retry: { done: 'Retrying', fail: 'retry' },
  delete: { done: 'Deleted', fail: 'delete' },
  pause: { done: 'Paused', fail: 'pause' },
  resume: { done: 'Resumed', fail: 'resume' },
};

export async function runJobCommand(command: JobCommand, jobIds: string[]): Promise<BulkResult> {
  const input = { jobIds };
  switch (command) {
    case 'cancel':
      return call(api().jobsCancel(input));
    case 'retry':
      return call(api().jobsRetry(input));
    case 'delete':
      return call(api().jobsDelete(input));
    case 'pause':
      return call(api().jobsPause(input));
    case 'resume':
      return call(api().jobsResume(input));
  }
}

export function describeBulk(command: JobCommand, result: BulkResult, titleOf: (id: string) => string): { ok: string | null; failed: string | null } {
  const { done, fail } = VERBS[command];
  const ok = result.done.length > 0 ? `${done} ${plural(result.done.length, 'job')}.` : null;
  if (result.failed.length === 0) return { ok, failed: null };
  const first = result.failed.slice(0, 3).map((f) => `${titleOf(f.id)}: ${f.message}`);
  const more = result.failed.length > 3 ? ` (and ${result.failed.length - 3} more)` : '';
  return { ok, failed: `Could not ${fail} ${plural(result.failed.length, 'job')}: ${first.join('; ')}${more}` };
}
