// Sends `insights.get` the moment the window's route turns to #/insights, not once the page
// has rendered and its effect run (a painted frame later, more on a busy machine): the
// query then runs in main while React switches pages. The page takes that answer if it asks
// for the same period and time zone within EARLY_TTL_MS; anything else reads afresh, so a
// request left over from an earlier visit is never shown.
import type { Insights, InsightsPeriod } from '../../shared/insights';
import { api, call } from './api';
import { parsePeriod } from './insights-format';
import { parseHash } from './route';

/** How old an early answer may be when the page asks (the page asks within a frame or two). */
const EARLY_TTL_MS = 2_000;

let early: { period: InsightsPeriod; tz: number; at: number; answer: Promise<Insights> } | null = null;

export const localTzOffsetMinutes = () => -new Date().getTimezoneOffset();

export function requestInsights(period: InsightsPeriod, tz: number): Promise<Insights> {
  return call(api().insightsGet({ period, tzOffsetMinutes: tz }));
}

/** The early answer for this period and zone, taken (once), or a new request. */
export function takeInsights(period: InsightsPeriod, tz: number): Promise<Insights> {
  const e = early;
  early = null;
  if (e && e.period === period && e.tz === tz && performance.now() - e.at < EARLY_TTL_MS) return e.answer;
  return requestInsights(period, tz);
}

/** Listens for the route turning to Insights (installed once, from main.tsx). */
export function requestInsightsOnRoute(): void {
  // The hash before, kept here: navigate() dispatches its own hashchange, without oldURL.
  let last = window.location.hash;
  window.addEventListener('hashchange', () => {
    const to = parseHash(window.location.hash);
    const from = parseHash(last);
    last = window.location.hash;
    early = null;
    if (to.segments[0] !== 'insights' || from.segments[0] === 'insights') return;
    const period = parsePeriod(to.query.period);
    const tz = localTzOffsetMinutes();
    const answer = requestInsights(period, tz);
    answer.catch(() => undefined); // reported when the page takes it
    early = { period, tz, at: performance.now(), answer };
  });
}
