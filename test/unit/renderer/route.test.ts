import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../src/renderer/lib/route';
import { parseQueueView, queueViewQuery } from '../../../src/renderer/lib/queue-filter';

describe('hash routes', () => {
  it('reads segments and the query from inside the hash', () => {
    expect(parseHash('#/queue?status=failed&q=react')).toEqual({ segments: ['queue'], query: { status: 'failed', q: 'react' } });
    expect(parseHash('#/courses/abc-1?lesson=l9')).toEqual({ segments: ['courses', 'abc-1'], query: { lesson: 'l9' } });
    expect(parseHash('')).toEqual({ segments: [], query: {} });
    expect(parseHash('#')).toEqual({ segments: [], query: {} });
  });

  it('round-trips encoded values and leaves out empty ones', () => {
    const hash = formatHash(['queue'], { status: 'failed', q: 'c++ & rust?', empty: '', none: undefined });
    expect(hash).toBe('#/queue?status=failed&q=c%2B%2B+%26+rust%3F');
    expect(parseHash(hash).query).toEqual({ status: 'failed', q: 'c++ & rust?' });
    expect(formatHash([])).toBe('#/');
  });

  it('keeps a malformed percent escape instead of throwing', () => {
    expect(parseHash('#/courses/%E0%A4%A').segments).toEqual(['courses', '%E0%A4%A']);
  });
});

describe('queue view in the URL', () => {
  it('parses filter and search, falling back to "all" for unknown filters', () => {
    expect(parseQueueView({ status: 'failed', q: 'react' })).toEqual({ filter: 'failed', search: 'react' });
    expect(parseQueueView({ status: 'bogus' })).toEqual({ filter: 'all', search: '' });
    expect(parseQueueView({ q: 'x'.repeat(400) }).search).toHaveLength(300);
  });

  it('writes only what differs from the default', () => {
    expect(queueViewQuery({ filter: 'all', search: '  ' })).toEqual({ status: undefined, q: undefined });
    expect(formatHash(['queue'], queueViewQuery({ filter: 'running', search: 'go' }))).toBe('#/queue?status=running&q=go');
  });
});
