import { describe, expect, it } from 'vitest';
import type { ProviderHold } from '../../../src/shared/domain';
import { formatClockTime, formatMinutes } from '../../../src/renderer/lib/format';
import { describeAccountLimits, describeHold, describeRequestLimits, describeScheduledRetries, queueWaitingText } from '../../../src/renderer/lib/provider-status';
import { idleQueue } from './job-fixtures';

// Local times: the sentences show the machine's clock, as main's logs do.
const at = (h: number, m: number, s = 0) => new Date(2026, 2, 10, h, m, s).toISOString();
const now = new Date(2026, 2, 10, 2, 8, 30).getTime();

const overloaded: ProviderHold = { cause: 'overloaded', provider: 'Claude API', since: at(2, 2), until: at(2, 14) };

describe('clock times and waits', () => {
  it('writes HH:MM on a 24-hour clock', () => {
    expect(formatClockTime(at(2, 14))).toBe('02:14');
    expect(formatClockTime(at(23, 5))).toBe('23:05');
    expect(formatClockTime(null)).toBe('—');
    expect(formatClockTime('nonsense')).toBe('—');
  });

  it('counts waits in whole minutes, so a live sentence changes once a minute', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(40_000)).toBe('under a minute');
    expect(formatMinutes(6 * 60_000 + 59_000)).toBe('6 min');
    expect(formatMinutes(65 * 60_000)).toBe('1 h 5 min');
    expect(formatMinutes(120 * 60_000)).toBe('2 h');
    expect(formatMinutes(-1)).toBe('—');
  });
});

describe('the hold sentence', () => {
  it('says what the provider does, when the next try is and how long it has lasted', () => {
    expect(describeHold(overloaded, now)).toBe('Claude API overloaded — waiting, next try at 02:14 (outage so far 6 min)');
    // The clock moves on: the same hold reads longer.
    expect(describeHold(overloaded, now + 3 * 60_000)).toBe('Claude API overloaded — waiting, next try at 02:14 (outage so far 9 min)');
  });

  it('says a probe is out while the breaker tries one', () => {
    expect(describeHold({ ...overloaded, until: null }, now)).toBe('Claude API overloaded — waiting, a probe request is out (outage so far 6 min)');
  });

  it('has offline and rate-limited variants', () => {
    expect(describeHold({ cause: 'offline', provider: 'Claude API', since: at(2, 8), until: null }, now)).toBe(
      'Waiting for network: the Claude API cannot be reached (offline so far under a minute)',
    );
    expect(describeHold({ cause: 'rate_limited', provider: 'Claude API', since: null, until: at(2, 9) }, now)).toBe('Claude API rate limit reached — waiting, next try at 02:09');
  });
});

describe('the queue waiting text', () => {
  it('is formatted here from the hold, not main’s frozen sentence', () => {
    const queue = idleQueue({ hold: overloaded, waitingUntil: overloaded.until, waitingReason: 'Claude API overloaded — waiting, next try at 02:14 (outage so far 0 min)' });
    expect(queueWaitingText(queue, now)).toBe('Claude API overloaded — waiting, next try at 02:14 (outage so far 6 min)');
  });

  it('keeps main’s own reason (no API key, a full disk) when it comes before the hold', () => {
    const key = 'Add your Anthropic API key in Settings';
    const queue = idleQueue({ hold: overloaded, waitingReason: key, blockedReason: key });
    expect(queueWaitingText(queue, now)).toBe(key);
    expect(queueWaitingText(idleQueue({ waitingReason: 'The disk is full', blockedReason: 'The disk is full' }), now)).toBe('The disk is full');
  });

  it('matches main’s sentence for each cause', () => {
    const offline: ProviderHold = { cause: 'offline', provider: 'Claude API', since: at(2, 8), until: null };
    expect(queueWaitingText(idleQueue({ hold: offline, waitingReason: 'Waiting for network: the model API cannot be reached' }), now)).toMatch(/^Waiting for network: the Claude API/);
    const limited: ProviderHold = { cause: 'rate_limited', provider: 'Claude API', since: null, until: at(2, 9) };
    expect(queueWaitingText(idleQueue({ hold: limited, waitingReason: 'Rate limited by anthropic (429)' }), now)).toBe('Claude API rate limit reached — waiting, next try at 02:09');
  });

  it('is null while sending', () => {
    expect(queueWaitingText(idleQueue(), now)).toBeNull();
    expect(queueWaitingText(null, now)).toBeNull();
  });
});

describe('the request limit note', () => {
  it('adds what the account allows, once its answers said', () => {
    expect(describeRequestLimits(idleQueue())).toBeNull();
    expect(describeRequestLimits(idleQueue({ account: { requestsPerMinute: 50, inputTokensPerMinute: null, outputTokensPerMinute: null } }))).toBe(
      '6 at once; account allows ~50 requests/min',
    );
    const account = { requestsPerMinute: 4000, inputTokensPerMinute: 400_000, outputTokensPerMinute: 80_000 };
    expect(describeRequestLimits(idleQueue({ account }))).toBe('6 at once; account allows ~4k requests/min');
    expect(describeAccountLimits(account)).toBe('The account allows ~4k requests, ~400k input tokens and ~80k output tokens a minute, as its answers state.');
    expect(describeAccountLimits({ requestsPerMinute: null, inputTokensPerMinute: 30_000, outputTokensPerMinute: null })).toBe('The account allows ~30k input tokens a minute, as its answers state.');
    expect(describeAccountLimits(null)).toBeNull();
  });

  it('says when fewer run at once while the account pushes back', () => {
    expect(describeRequestLimits(idleQueue({ effectiveRequests: 3 }))).toBe('3 of 6 at once while the account asks to slow down');
    expect(describeRequestLimits(idleQueue({ effectiveRequests: 3, account: { requestsPerMinute: 50, inputTokensPerMinute: null, outputTokensPerMinute: null } }))).toBe(
      '3 of 6 at once while the account asks to slow down; account allows ~50 requests/min',
    );
  });
});

describe('scheduled retries', () => {
  it('counts the jobs waiting for an automatic retry and says when the first goes', () => {
    expect(describeScheduledRetries({ scheduled: 0, next: null })).toBeNull();
    expect(describeScheduledRetries({ scheduled: 1, next: at(3, 40) })).toBe('1 job waits for an automatic retry at 03:40');
    expect(describeScheduledRetries({ scheduled: 2, next: at(3, 40) })).toBe('2 jobs wait for an automatic retry, the first at 03:40');
  });
});
