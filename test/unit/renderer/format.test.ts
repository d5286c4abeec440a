import { describe, expect, it } from 'vitest';
import { formatCost, formatCount, formatDuration, jobDurationMs, plural, relativeTime } from '../../../src/renderer/lib/format';

const now = Date.parse('2026-03-10T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('relativeTime', () => {
  it('reads like a person would say it', () => {
    expect(relativeTime(ago(10_000), now)).toBe('just now');
    expect(relativeTime(ago(2 * 60_000), now)).toBe('2 min ago');
    expect(relativeTime(ago(59 * 60_000), now)).toBe('59 min ago');
    expect(relativeTime(ago(3 * 3_600_000), now)).toBe('3 h ago');
    expect(relativeTime(ago(30 * 3_600_000), now)).toBe('yesterday');
    expect(relativeTime(ago(5 * 86_400_000), now)).toBe('5 days ago');
  });

  it('handles the future (scheduled starts) and missing or bad values', () => {
    expect(relativeTime(ago(-2 * 3_600_000), now)).toBe('in 2 h');
    expect(relativeTime(ago(-20_000), now)).toBe('in a moment');
    // A day ahead reads like a day behind ("yesterday"), never "in 1 days".
    expect(relativeTime(ago(-30 * 3_600_000), now)).toBe('tomorrow');
    expect(relativeTime(ago(-47 * 3_600_000), now)).toBe('tomorrow');
    expect(relativeTime(ago(-49 * 3_600_000), now)).toBe('in 2 days');
    expect(relativeTime(null, now)).toBe('—');
    expect(relativeTime('not a date', now)).toBe('—');
  });
});

describe('durations', () => {
  it('formats m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(42_900)).toBe('0:42');
    expect(formatDuration(12 * 60_000 + 5_000)).toBe('12:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-1)).toBe('—');
  });

  it('counts the running stretches only, live while one is open', () => {
    const started = ago(90_000);
    expect(jobDurationMs({ startedAt: started, activeMs: 0, runningSince: started }, now)).toBe(90_000);
    // Failed after 1 s, retried 5 minutes later and running for 14 s now: 15 s, not 5:15.
    expect(jobDurationMs({ startedAt: ago(315_000), activeMs: 1_000, runningSince: ago(14_000) }, now)).toBe(15_000);
    // Paused for review (or finished): the clock stops.
    expect(jobDurationMs({ startedAt: ago(600_000), activeMs: 60_000, runningSince: null }, now)).toBe(60_000);
    expect(jobDurationMs({ startedAt: null, activeMs: 0, runningSince: null }, now)).toBeNull();
  });
});

describe('numbers', () => {
  it('formats cost and counts compactly', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.004)).toBe('<$0.01');
    expect(formatCost(1.234)).toBe('$1.23');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(4_500_000)).toBe('4.5M');
    expect(formatCount(250_000)).toBe('250k');
    expect(plural(1, 'job')).toBe('1 job');
    expect(plural(3, 'job')).toBe('3 jobs');
  });
});
