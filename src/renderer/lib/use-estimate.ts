// The cost estimate of approved courses, read from main before anything is queued
// ('estimate.courses' makes no paid call). Read again whenever the set of courses changes;
// an answer for a set no longer asked about is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CostEstimate } from '../../shared/economy';
import { api, call, errorMessage } from './api';

export interface EstimateResource {
  estimate: CostEstimate | null;
  loading: boolean;
  error: string | null;
  reload(): void;
}

export function useEstimate(courseIds: readonly string[]): EstimateResource {
  // One key for the set, whatever the order: a new array with the same ids reads nothing again.
  const key = [...courseIds].sort().join(',');
  const [estimate, setEstimate] = useState<CostEstimate | null>(null);
  const [loading, setLoading] = useState(key !== '');
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    if (key === '') {
      setEstimate(null);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      const value = await call(api().estimateCourses({ courseIds: key.split(',') }));
      if (request !== latest.current) return;
      setEstimate(value);
      setError(null);
    } catch (e) {
      if (request !== latest.current) return;
      setEstimate(null);
      setError(errorMessage(e));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    void load();
  }, [load]);

  return { estimate, loading, error, reload: () => void load() };
}
