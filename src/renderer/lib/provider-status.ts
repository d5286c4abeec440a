// The model provider's state as a person reads it: why no request goes out now, and what the
// account allows. Built here from QueueState's structured fields with a clock the caller
// passes, so "outage so far 6 min" stays live between queue events. Minutes, not seconds:
// the sentence sits in a status region, which re-announces every change.
import type { ProviderHold, QueueState } from '../../shared/domain';
import { formatClockTime, formatCount, formatMinutes, plural } from './format';

/** "Claude API overloaded — waiting, next try at 02:14 (outage so far 6 min)", and the offline and 429 variants. */
export function describeHold(hold: ProviderHold, now: number): string {
  const since = hold.since ? Date.parse(hold.since) : NaN;
  const soFar = Number.isNaN(since) ? null : formatMinutes(Math.max(0, now - since));
  const next = hold.until ? `next try at ${formatClockTime(hold.until)}` : null;
  switch (hold.cause) {
    case 'overloaded':
      return `${hold.provider} overloaded — waiting, ${next ?? 'a probe request is out'}${soFar ? ` (outage so far ${soFar})` : ''}`;
    case 'offline':
      return `Waiting for network: the ${hold.provider} cannot be reached${next ? `, ${next}` : ''}${soFar ? ` (offline so far ${soFar})` : ''}`;
    case 'rate_limited':
      return `${hold.provider} rate limit reached — waiting${next ? `, ${next}` : ''}${soFar ? ` (so far ${soFar})` : ''}`;
  }
}

/**
 * The queue's waiting sentence, live: main's own reason (no API key, a full disk), which comes
 * before any hold, as it is; else the hold's, formatted here; null while sending.
 */
export function queueWaitingText(queue: QueueState | null, now: number): string | null {
  if (!queue) return null;
  if (queue.blockedReason) return queue.blockedReason;
  return queue.hold ? describeHold(queue.hold, now) : queue.waitingReason;
}

/**
 * Beside "requests at once": what the account's answers say it allows ("account allows ~50
 * requests/min"), and whether fewer run for now ("3 of 6 at once while the account asks to
 * slow down"). Null when there is nothing to add to the limit itself. Short, to stay on the
 * controls' line; the token limits are in `describeAccountLimits`, its tooltip.
 */
export function describeRequestLimits(queue: Pick<QueueState, 'limits' | 'effectiveRequests' | 'account'>): string | null {
  const { limits, effectiveRequests, account } = queue;
  const slower = effectiveRequests < limits.requests;
  const rpm = account?.requestsPerMinute ?? null;
  const allows = rpm !== null ? `account allows ~${formatCount(rpm)} requests/min` : account ? 'account limits known' : null;
  if (!slower && !allows) return null;
  const running = slower ? `${effectiveRequests} of ${limits.requests} at once while the account asks to slow down` : `${limits.requests} at once`;
  return allows ? `${running}; ${allows}` : running;
}

/** "The account allows ~4k requests, ~2M input and 400k output tokens a minute, as its answers state." */
export function describeAccountLimits(account: QueueState['account']): string | null {
  if (!account) return null;
  const parts = [
    account.requestsPerMinute !== null ? `~${formatCount(account.requestsPerMinute)} requests` : null,
    account.inputTokensPerMinute !== null ? `~${formatCount(account.inputTokensPerMinute)} input tokens` : null,
    account.outputTokensPerMinute !== null ? `~${formatCount(account.outputTokensPerMinute)} output tokens` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `The account allows ${list} a minute, as its answers state.`;
}

/** "2 jobs wait for an automatic retry, the first at 03:40", for the queue page; null when none do. */
export function describeScheduledRetries(retries: QueueState['retries']): string | null {
  if (retries.scheduled === 0) return null;
  const at = retries.next ? formatClockTime(retries.next) : null;
  if (retries.scheduled === 1) return `1 job waits for an automatic retry${at ? ` at ${at}` : ''}`;
  return `${plural(retries.scheduled, 'job')} wait for an automatic retry${at ? `, the first at ${at}` : ''}`;
}
