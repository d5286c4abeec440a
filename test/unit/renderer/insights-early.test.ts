// The Insights request sent when the route turns to #/insights (lib/insights-early.ts): the
// page takes it once, for the same period and zone and while fresh; otherwise it asks again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const asked: { period: string; tzOffsetMinutes: number }[] = [];
let onHash: () => void = () => {};
const win = {
  location: { hash: '#/queue' },
  addEventListener: (type: string, listener: () => void) => {
    if (type === 'hashchange') onHash = listener;
  },
  courseStudio: {
    insightsGet: async (input: { period: string; tzOffsetMinutes: number }) => {
      asked.push(input);
      return { ok: true, value: { period: input.period, n: asked.length } };
    },
  },
};
let now = 1_000;

beforeAll(() => {
  vi.stubGlobal('window', win);
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const go = (hash: string) => {
  win.location.hash = hash;
  onHash();
};

describe('the early Insights request', () => {
  it('leaves at the route change and is taken once by the page', async () => {
    const { requestInsightsOnRoute, takeInsights, localTzOffsetMinutes } = await import('../../../src/renderer/lib/insights-early');
    const tz = localTzOffsetMinutes();
    requestInsightsOnRoute();
    go('#/insights?period=30d');
    expect(asked).toEqual([{ period: '30d', tzOffsetMinutes: tz }]);
    expect(await takeInsights('30d', tz)).toMatchObject({ n: 1 });
    // Taken: the next read (a retry) asks again.
    expect(await takeInsights('30d', tz)).toMatchObject({ n: 2 });

    // A change of period within the page is the page's own request.
    go('#/insights?period=7d');
    expect(asked).toHaveLength(2);

    // Another period than the early one, or an early one gone stale, is asked afresh.
    go('#/queue');
    go('#/insights');
    expect(asked).toHaveLength(3);
    expect(await takeInsights('24h', tz)).toMatchObject({ n: 4, period: '24h' });
    go('#/queue');
    go('#/insights');
    now += 5_000;
    expect(await takeInsights('7d', tz)).toMatchObject({ n: 6 });
    // Left for another page: a request from an earlier visit is never taken.
    go('#/queue');
    go('#/insights');
    go('#/settings');
    expect(await takeInsights('7d', tz)).toMatchObject({ n: 8 });
  });
});
