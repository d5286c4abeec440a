import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/shared/domain';
import { appendNewer, formatLogLine, logMatches, mergeById, prependOlder, toJsonLines, toLogText } from '../../../src/renderer/lib/log-format';

const entry = (id: number, level: LogEntry['level'] = 'info', message = `line ${id}`, details: LogEntry['details'] = null): LogEntry => ({
  id,
  jobId: 'j',
  timestamp: `2026-01-01T00:00:0${id % 10}.000Z`,
  level,
  message,
  details,
});

describe('log lines', () => {
  it('formats .log lines with level and details, and .jsonl one object per line', () => {
    expect(formatLogLine(entry(1, 'error', 'Failed during tasks', { step: 'tasks' }))).toBe('2026-01-01T00:00:01.000Z ERROR   Failed during tasks {"step":"tasks"}');
    const jsonl = toJsonLines([entry(1), entry(2, 'warning')]);
    expect(jsonl.trim().split('\n').map((l) => JSON.parse(l).level)).toEqual(['info', 'warning']);
    expect(toLogText([])).toBe('');
  });

  it('filters live lines like main does: any chosen level, message contains text (case-insensitive)', () => {
    const e = entry(1, 'warning', 'Retrying after 429');
    expect(logMatches(e, { levels: [], text: '' })).toBe(true);
    expect(logMatches(e, { levels: ['error'], text: '' })).toBe(false);
    expect(logMatches(e, { levels: ['warning', 'error'], text: 'retrying' })).toBe(true);
    expect(logMatches(e, { levels: [], text: 'timeout' })).toBe(false);
  });

  it('appends only newer lines, in id order, without duplicates', () => {
    const held = [entry(1), entry(2)];
    const next = appendNewer(held, [entry(4), entry(2), entry(3), entry(4)]);
    expect(next.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(appendNewer(next, [entry(3)])).toBe(next);
  });

  it('prepends an older page and drops the overlap', () => {
    const held = [entry(5), entry(6)];
    expect(prependOlder(held, [entry(3), entry(4), entry(5)]).map((e) => e.id)).toEqual([3, 4, 5, 6]);
    expect(prependOlder([], [entry(1)]).map((e) => e.id)).toEqual([1]);
  });

  it('fills in lines written without a live event, between ones already held', () => {
    const held = [entry(1), entry(2), entry(5)];
    const merged = mergeById(held, [entry(3), entry(4), entry(5)]);
    expect(merged.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(mergeById(merged, [entry(2)])).toBe(merged);
  });
});
