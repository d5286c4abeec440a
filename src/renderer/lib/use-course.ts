// Loads one course tree and keeps it current: reloads when main says the course changed
// (a lesson landed, a regeneration finished), so open screens never show stale content.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CourseDetail } from '../../shared/domain';
import { api, call, errorMessage } from './api';

export interface CourseResource {
  course: CourseDetail | null;
  loading: boolean;
  error: string | null;
  reload(): Promise<void>;
  replace(course: CourseDetail): void;
}

export function useCourse(courseId: string | null): CourseResource {
  const [course, setCourse] = useState<CourseDetail | null>(null);
  const [loading, setLoading] = useState(courseId !== null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    if (!courseId) return;
    const request = ++latest.current;
    try {
      const tree = await call(api().coursesGet({ courseId }));
      if (request !== latest.current) return;
      setCourse(tree);
      setError(null);
    } catch (e) {
      if (request === latest.current) setError(errorMessage(e));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [courseId]);

  useEffect(() => {
    if (!courseId) return;
    setLoading(true);
    void reload();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Many units can land in a burst; one reload per quarter second is enough.
    const unsubscribe = api().onCourseChanged(({ courseId: changed }) => {
      if (changed !== courseId || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void reload();
      }, 250);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [courseId, reload]);

  return { course, loading, error, reload, replace: setCourse };
}
