// "Export selected…" as the Courses page runs it: the OS folder dialog (main opens it), then
// courses.exportMany with an id of its own, whose `export.progress` events say how far it
// is; then the result (what was written, what failed and why). A dialog closed without a
// choice changes nothing.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CourseExportFormat, FolderExportProgress, FolderExportResult } from '../../../shared/course-export';
import { api, call, errorMessage } from '../../lib/api';

export type FolderExportState =
  | { phase: 'idle' }
  | { phase: 'choosing' }
  | { phase: 'exporting'; folder: string; total: number; progress: FolderExportProgress | null }
  | { phase: 'done'; result: FolderExportResult }
  | { phase: 'error'; message: string };

export function useFolderExport(): { state: FolderExportState; start: (courseIds: string[], format: CourseExportFormat, includeMaterials?: boolean) => Promise<void>; dismiss: () => void } {
  const [state, setState] = useState<FolderExportState>({ phase: 'idle' });
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      api().onExportProgress((progress) => {
        if (progress.exportId !== current.current) return;
        setState((s) => (s.phase === 'exporting' ? { ...s, progress } : s));
      }),
    [],
  );

  const start = useCallback(async (courseIds: string[], format: CourseExportFormat, includeMaterials = false) => {
    setState({ phase: 'choosing' });
    try {
      const { folder } = await call(api().appChooseFolder({ purpose: 'export' }));
      if (folder === null) {
        setState({ phase: 'idle' });
        return;
      }
      const exportId = crypto.randomUUID();
      current.current = exportId;
      setState({ phase: 'exporting', folder, total: courseIds.length, progress: null });
      const result = await call(api().coursesExportMany({ courseIds, format, folder, exportId, ...(includeMaterials ? { includeMaterials: true } : {}) }));
      setState({ phase: 'done', result });
    } catch (error) {
      setState({ phase: 'error', message: errorMessage(error) });
    } finally {
      current.current = null;
    }
  }, []);

  const dismiss = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, dismiss };
}
