// Asks main for the Insights of a period (aggregated in SQLite; a few kilobytes come back),
// again when the period changes. Days are this machine's local days. The first request
// usually left at the click already (lib/insights-early.ts).
import { useEffect, useState } from 'react';
import type { Insights, InsightsPeriod } from '../../../shared/insights';
import { localTzOffsetMinutes, takeInsights } from '../../lib/insights-early';

export function useInsights(period: InsightsPeriod, reload: number) {
  const [state, setState] = useState<{ data: Insights | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    takeInsights(period, localTzOffsetMinutes()).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error: error instanceof Error ? error.message : String(error), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [period, reload]);
  return state;
}
