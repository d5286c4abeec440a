// The queue limits as typed (strings), checked against the bounds of the shared runner
// limits schema before anything is sent: one check for the Settings page and the queue's
// own controls, with a message a person can act on next to the field.
import type { RunnerLimits } from '../../shared/domain';

export interface LimitsDraft {
  jobs: string;
  requests: string;
}

export const LIMIT_BOUNDS = { jobs: { min: 1, max: 20 }, requests: { min: 1, max: 50 } } as const;

const MESSAGES: Record<keyof LimitsDraft, string> = {
  jobs: `Run ${LIMIT_BOUNDS.jobs.min} to ${LIMIT_BOUNDS.jobs.max} jobs at a time.`,
  requests: `Allow ${LIMIT_BOUNDS.requests.min} to ${LIMIT_BOUNDS.requests.max} requests at a time.`,
};

export function limitsDraftFrom(limits: RunnerLimits): LimitsDraft {
  return { jobs: String(limits.jobs), requests: String(limits.requests) };
}

export function checkLimitsDraft(draft: LimitsDraft): { values: RunnerLimits | null; errors: Partial<Record<keyof LimitsDraft, string>> } {
  const errors: Partial<Record<keyof LimitsDraft, string>> = {};
  const values = { jobs: Number(draft.jobs), requests: Number(draft.requests) };
  for (const key of ['jobs', 'requests'] as const) {
    const n = values[key];
    const { min, max } = LIMIT_BOUNDS[key];
    if (draft[key].trim() === '' || !Number.isInteger(n) || n < min || n > max) errors[key] = MESSAGES[key];
  }
  return Object.keys(errors).length > 0 ? { values: null, errors } : { values, errors };
}
