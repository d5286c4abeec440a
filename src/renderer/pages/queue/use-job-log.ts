// One job's log as the viewer holds it: the newest page first, older pages on demand,
// new lines live from runner events (filtered the way main filters), and a catch-up
// (`afterId`) whenever events were lost. A generation counter drops stale responses
// when the filter changes mid-request.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEntry, LogLevel } from '../../../shared/domain';
import { api, call, errorMessage } from '../../lib/api';
import { appendNewer, logMatches, mergeById, prependOlder, type LogFilter } from '../../lib/log-format';
import { subscribeJobLogs, subscribeResync } from '../../store/jobs';

const PAGE = 1_000;
const NEWEST = Number.MAX_SAFE_INTEGER;

export interface JobLog {
  entries: LogEntry[];
  loading: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
  error: string | null;
  /** Loads the page before the first held line; `onPrepend` learns how many lines go on top, before they render. */
  loadOlder(onPrepend?: (added: number) => void): Promise<void>;
  /** Everything matching the filter (up to 100,000 lines), for copy and export. */
  fetchAll(): Promise<LogEntry[]>;
  reload(): void;
}

/** The newest page of one job's log, asked for at start-up when the window opens on that job (start.ts). */
let prefetched: { jobId: string; page: Promise<LogEntry[]>; value: LogEntry[] | null } | null = null;

/** Asks for a job's newest log lines before React has rendered; resolves when they are in (or failed). */
export function prefetchNewestLog(jobId: string): Promise<void> {
  const entry = { jobId, page: call(api().jobsLogs({ jobId, beforeId: NEWEST, limit: PAGE })), value: null as LogEntry[] | null };
  prefetched = entry;
  return entry.page.then(
    (value) => void (entry.value = value),
    () => undefined,
  );
}

const prefetchFor = (jobId: string, levels: readonly LogLevel[], text: string) =>
  prefetched?.jobId === jobId && levels.length === 0 && text.trim() === '' ? prefetched : null;

/**
 * `status` is the job's current status: some lines (queued, retry, cancel requests) are
 * written by the queue itself without a live event, so a status change triggers a catch-up.
 */
export function useJobLog(jobId: string, levels: readonly LogLevel[], text: string, status: string): JobLog {
  // Lines prefetched at start-up are on the first render already (no empty viewer first).
  const [entries, setEntries] = useState<LogEntry[]>(() => prefetchFor(jobId, levels, text)?.value ?? []);
  const [loading, setLoading] = useState(() => !prefetchFor(jobId, levels, text)?.value);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [hasOlder, setHasOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const entriesRef = useRef<LogEntry[]>([]);
  const catchUpRef = useRef<() => Promise<void>>(async () => undefined);
  /** Every line up to this id has been fetched from main (live lines may run ahead of it). */
  const confirmed = useRef(0);
  const olderInFlight = useRef(false);
  entriesRef.current = entries;
  const levelKey = levels.join(',');

  useEffect(() => {
    const gen = ++generation.current;
    const filter: LogFilter = { levels, text };
    const query = { jobId, ...(levels.length > 0 ? { levels: [...levels] } : {}), ...(text.trim() ? { text: text.trim() } : {}) };
    let live: LogEntry[] = [];
    let loaded = false;
    const pre = prefetchFor(jobId, levels, text);
    prefetched = null;
    if (!pre?.value) {
      setLoading(true);
      setEntries([]);
    }
    setError(null);

    const unsubscribeLogs = subscribeJobLogs(jobId, (incoming) => {
      const matching = incoming.filter((e) => logMatches(e, filter));
      if (matching.length === 0) return;
      if (!loaded) live = [...live, ...matching];
      else setEntries((held) => appendNewer(held, matching));
    });
    // Fetches from the last line the server confirmed (not the last live line), so lines written without an event are filled in.
    const catchUp = async () => {
      if (!loaded) return;
      const result = await api().jobsLogs({ ...query, afterId: confirmed.current, limit: PAGE * 10 });
      if (gen !== generation.current || !result.ok) return;
      const last = result.value.at(-1);
      if (last) confirmed.current = Math.max(confirmed.current, last.id);
      setEntries((held) => mergeById(held, result.value));
    };
    catchUpRef.current = catchUp;
    const unsubscribeResync = subscribeResync(() => void catchUp());

    (pre?.page ?? call(api().jobsLogs({ ...query, beforeId: NEWEST, limit: PAGE })))
      .then((page) => {
        if (gen !== generation.current) return;
        loaded = true;
        confirmed.current = page.at(-1)?.id ?? 0;
        setEntries(appendNewer(page, live));
        setHasOlder(page.length === PAGE);
        setLoading(false);
        // A prefetched page was read before live lines were listened to: fill in what came between.
        if (pre) void catchUp();
      })
      .catch((e: unknown) => {
        if (gen !== generation.current) return;
        loaded = true;
        setError(errorMessage(e));
        setLoading(false);
      });
    return () => {
      unsubscribeLogs();
      unsubscribeResync();
    };
    // levelKey stands for `levels` (a new array each render would refetch forever).
  }, [jobId, levelKey, text, attempt]);

  useEffect(() => {
    void catchUpRef.current();
  }, [status]);

  const loadOlder = useCallback(async (onPrepend?: (added: number) => void): Promise<void> => {
    const first = entriesRef.current[0];
    // A ref, not the state: scroll events can ask again before the render that shows loadingOlder.
    if (!first || olderInFlight.current) return;
    olderInFlight.current = true;
    const gen = generation.current;
    setLoadingOlder(true);
    try {
      const page = await call(
        api().jobsLogs({ jobId, beforeId: first.id, limit: PAGE, ...(levels.length > 0 ? { levels: [...levels] } : {}), ...(text.trim() ? { text: text.trim() } : {}) }),
      );
      if (gen !== generation.current) return;
      setHasOlder(page.length === PAGE);
      // Counted against what is held now, which is what the prepend goes on top of.
      const held = entriesRef.current[0]?.id ?? first.id;
      onPrepend?.(page.filter((e) => e.id < held).length);
      setEntries((current) => prependOlder(current, page));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      olderInFlight.current = false;
      setLoadingOlder(false);
    }
  }, [jobId, levelKey, text]);

  const fetchAll = useCallback(
    () => call(api().jobsLogs({ jobId, afterId: 0, limit: 100_000, ...(levels.length > 0 ? { levels: [...levels] } : {}), ...(text.trim() ? { text: text.trim() } : {}) })),
    [jobId, levelKey, text],
  );

  return { entries, loading, loadingOlder, hasOlder, error, loadOlder, fetchAll, reload: () => setAttempt((a) => a + 1) };
}
