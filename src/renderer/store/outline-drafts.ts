// Outline edits not saved yet, one per course, for as long as the window lives: leaving the
// editor (the nav bar, another page) and coming back finds them as they were. A draft
// belongs to the option it was edited from and does not apply once another one is chosen.
import { create } from 'zustand';
import type { Outline } from '../../shared/domain';

export interface OutlineDraft {
  optionId: string | null;
  outline: Outline;
}

interface OutlineDraftsStore {
  byCourse: Record<string, OutlineDraft>;
  keep(courseId: string, draft: OutlineDraft): void;
  /** Drops the course's draft; with `ifStill`, only while the draft is that outline (edits made since stay). */
  discard(courseId: string, ifStill?: Outline): void;
}

export const useOutlineDrafts = create<OutlineDraftsStore>((set, get) => ({
  byCourse: {},
  keep: (courseId, draft) => set({ byCourse: { ...get().byCourse, [courseId]: draft } }),
  discard: (courseId, ifStill) => {
    const current = get().byCourse[courseId];
    if (!current || (ifStill && current.outline !== ifStill)) return;
    const { [courseId]: _dropped, ...rest } = get().byCourse;
    set({ byCourse: rest });
  },
}));

/** The unsaved outline for this course and chosen option, if there is one. */
export function draftOutline(courseId: string, optionId: string | null): Outline | null {
  const draft = useOutlineDrafts.getState().byCourse[courseId];
  return draft && draft.optionId === optionId ? draft.outline : null;
}
