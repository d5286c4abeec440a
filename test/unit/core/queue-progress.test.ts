import { describe, expect, it } from 'vitest';
import { queueProgress } from '../../../src/main/core/queue-progress';

describe('queueProgress (the taskbar bar)', () => {
  it('is null when nothing is queued or running', () => {
    expect(queueProgress([])).toBeNull();
    expect(queueProgress([{ status: 'completed', itemsCompleted: 5, itemsTotal: 5 }, { status: 'failed', itemsCompleted: 1, itemsTotal: 5 }])).toBeNull();
  });

  it('sums units over active jobs; a not-yet-started job counts as one unit to do', () => {
    expect(
      queueProgress([
        { status: 'generating_tasks', itemsCompleted: 6, itemsTotal: 10 },
        { status: 'queued', itemsCompleted: 0, itemsTotal: 0 },
        { status: 'completed', itemsCompleted: 10, itemsTotal: 10 },
        { status: 'finalizing', itemsCompleted: 9, itemsTotal: 10 },
      ]),
    ).toBeCloseTo(15 / 21);
  });

  it('never exceeds 1 even if a count runs past its total', () => {
    expect(queueProgress([{ status: 'finalizing', itemsCompleted: 12, itemsTotal: 10 }])).toBe(1);
  });
});
