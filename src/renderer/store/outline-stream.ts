// Outline options while the model writes them: `outline.progress` events fill a preview
// per option (titles and projects appear as they stream), then the final outline lands.
// Kept in a store, not a component, so navigating within the wizard keeps the stream.
import { create } from 'zustand';
import type { OutlineOption } from '../../shared/domain';
import type { OutlineProgress } from '../../shared/ipc-contract';
import { api, call, errorMessage } from '../lib/api';
import { previewFromPartial, type OutlinePreview } from '../lib/partial-outline';

export interface OptionStream {
  preview: OutlinePreview;
  done: boolean;
  error: string | null;
}

export interface CourseStream {
  running: boolean;
  count: number;
  error: string | null;
  options: Record<number, OptionStream>;
}

interface OutlineStreamStore {
  byCourse: Record<string, CourseStream>;
  generate(courseId: string, count?: number): Promise<OutlineOption[] | undefined>;
}

let subscribed = false;

export const useOutlineStream = create<OutlineStreamStore>((set, get) => {
  const update = (courseId: string, change: (s: CourseStream) => CourseStream) => {
    const current = get().byCourse[courseId];
    if (!current) return;
    set({ byCourse: { ...get().byCourse, [courseId]: change(current) } });
  };

  const onProgress = (p: OutlineProgress) => {
    update(p.courseId, (s) => {
      if (!s.running) return s;
      const before = s.options[p.index];
      const option: OptionStream = p.error
        ? { preview: before?.preview ?? previewFromPartial(null), done: true, error: p.error }
        : p.outline
          ? { preview: previewFromPartial(p.outline), done: true, error: null }
          : { preview: previewFromPartial(p.partial), done: false, error: null };
      return { ...s, options: { ...s.options, [p.index]: option } };
    });
  };

  return {
    byCourse: {},
    async generate(courseId, count = 3) {
      if (!subscribed) {
        subscribed = true;
        api().onOutlineProgress(onProgress);
      }
      set({ byCourse: { ...get().byCourse, [courseId]: { running: true, count, error: null, options: {} } } });
      try {
        const options = await call(api().coursesGenerateOutlines({ courseId, count }));
        update(courseId, (s) => ({ ...s, running: false }));
        return options;
      } catch (error) {
        update(courseId, (s) => ({ ...s, running: false, error: errorMessage(error) }));
        return undefined;
      }
    },
  };
});
