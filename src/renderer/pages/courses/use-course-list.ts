// The course list, kept current: it is read again when a runner event says a job changed
// state (queued, started, a step began, completed, failed, cancelled, paused, deleted),
// which is when a course's status or its job's status moves. Progress, item and log events
// change neither and are ignored, and reads are at most one a second, so a busy queue does
// not re-read the list all the time.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunnerEventType } from '../../../shared/events';
import type { CourseListItem } from '../../../shared/ipc-contract';
import { api, call, errorMessage } from '../../lib/api';

const STATE_CHANGING: ReadonlySet<RunnerEventType> = new Set([
  'job.queued',
  'job.started',
  'job.completed',
  'job.failed',
  'job.cancelled',
  'job.paused',
  'job.deleted',
  'step.started',
]);

const LIST_REFRESH_MS = 1_000;

export function useCourseList(): { courses: CourseListItem[] | null; error: string | null; load: () => Promise<void> } {
  const [courses, setCourses] = useState<CourseListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const list = await call(api().coursesList());
      // An older read that answers late must not replace a newer one.
      if (request !== latest.current) return;
      setCourses(list);
      setError(null);
    } catch (e) {
      if (request === latest.current) setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRead = Date.now();
    const unsubscribe = api().onRunnerEvents((batch) => {
      if (timer || !batch.some((e) => STATE_CHANGING.has(e.type))) return;
      timer = setTimeout(
        () => {
          timer = null;
          lastRead = Date.now();
          void load();
        },
        Math.max(0, lastRead + LIST_REFRESH_MS - Date.now()),
      );
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [load]);

  return { courses, error, load };
}
