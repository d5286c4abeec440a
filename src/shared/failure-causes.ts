// Why a job failed for good, in the words of the Insights page and the queue's cause filter.
// A job's cause is stored with its failure (`jobs.failure_cause`), read from the provider's
// error kind; 'cancelled' is not stored: a cancelled job's status says it.
export const FAILURE_CAUSES = ['rate_limit', 'overload', 'network', 'validation', 'cut_off', 'permission_credit', 'cancelled', 'other'] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

export const FAILURE_CAUSE_LABELS: Record<FailureCause, string> = {
  rate_limit: 'Rate limit (429)',
  overload: 'Overload or server error',
  network: 'Network or timeout',
  validation: 'Answer failed validation',
  cut_off: 'Answer cut off at the token limit',
  permission_credit: 'Key, permission or credit',
  cancelled: 'Cancelled',
  other: 'Other',
};

export function isFailureCause(value: string): value is FailureCause {
  return (FAILURE_CAUSES as readonly string[]).includes(value);
}

/**
 * The cause of a failure from the provider's error kind (ai/provider.ts PROVIDER_ERROR_KINDS)
 * and whether the answer was cut off at the output limit (an invalid_output with a limit).
 * Null kind: the job failed on something that was not a model call (a stored course that
 * cannot be read, a missing key): 'other'.
 */
export function failureCauseOf(kind: string | null, cutOff = false): Exclude<FailureCause, 'cancelled'> {
  switch (kind) {
    case 'rate_limit':
      return 'rate_limit';
    case 'overloaded':
    case 'server':
      return 'overload';
    case 'network':
    case 'timeout':
      return 'network';
    case 'invalid_output':
      return cutOff ? 'cut_off' : 'validation';
    case 'auth':
    case 'permission':
    case 'spend_limit':
      return 'permission_credit';
    default:
      return 'other';
  }
}
