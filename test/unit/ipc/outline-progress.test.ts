// Streaming outline options to the window: partials at most every 100 ms per option, the
// first one at once, and the final outline (or error) always last.
import { describe, expect, it } from 'vitest';
import { createOutlineProgress } from '../../../src/main/ipc/handlers/outline-progress';
import type { Outline } from '../../../src/shared/domain';
import type { OutlineProgress } from '../../../src/shared/ipc-contract';
import { ManualTimers } from './manual-timers';

const outline = { title: 'Final' } as Outline;

function setup() {
  const timers = new ManualTimers();
  const sent: (OutlineProgress & { at: number })[] = [];
  const progress = createOutlineProgress('c1', (p) => sent.push({ ...p, at: timers.now() }), { timers });
  return { timers, sent, progress };
}

describe('outline progress', () => {
  it('sends the first partial at once, then at most one per 100 ms with the latest value', () => {
    const { timers, sent, progress } = setup();
    for (let ms = 0; ms < 350; ms += 10) {
      progress.partial(0, { title: `t${ms}` });
      timers.advance(10);
    }
    timers.advance(200);
    expect(sent.map((s) => s.at)).toEqual([0, 100, 200, 300, 400]);
    expect(sent.at(-1)!.partial).toEqual({ title: 't340' });
    expect(sent.every((s) => s.courseId === 'c1' && s.index === 0)).toBe(true);
  });

  it('keeps options apart, and ends each with its final outline — no partial after it', () => {
    const { timers, sent, progress } = setup();
    progress.partial(0, { a: 1 });
    progress.partial(1, { b: 1 });
    progress.partial(0, { a: 2 }); // waits for the window
    progress.final(0, outline);
    progress.partial(0, { a: 3 }); // late partial: ignored
    progress.error(1, 'boom');
    timers.advance(1_000);
    expect(sent.map(({ at: _at, ...p }) => p)).toEqual([
      { courseId: 'c1', index: 0, partial: { a: 1 } },
      { courseId: 'c1', index: 1, partial: { b: 1 } },
      { courseId: 'c1', index: 0, outline },
      { courseId: 'c1', index: 1, error: 'boom' },
    ]);
    expect(timers.scheduled).toBe(0);
  });

  it('sends nothing more once disposed', () => {
    const { timers, sent, progress } = setup();
    progress.partial(0, { a: 1 });
    progress.partial(0, { a: 2 });
    progress.dispose();
    timers.advance(500);
    expect(sent).toHaveLength(1);
  });
});
