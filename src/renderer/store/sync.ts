// Sync status from main: loaded once, refreshed when main says sync states changed
// (`sync.changed`, throttled: a batch of twenty pushes should not mean twenty reloads).
// Pages read per-course states from here, so the queue and the course view agree.
import { create } from 'zustand';
import type { CourseSyncStatus, SyncStatus } from '../../shared/sync';
import { api, call, errorMessage } from '../lib/api';

const REFRESH_GAP_MS = 250;

interface SyncStore {
  status: SyncStatus | null;
  byCourse: Record<string, CourseSyncStatus>;
  /** Why the last load failed; cleared by the next one that works. */
  error: string | null;
  loading: boolean;
  start(): () => void;
  load(): Promise<void>;
  replace(status: SyncStatus): void;
}

function index(status: SyncStatus): Record<string, CourseSyncStatus> {
  const out: Record<string, CourseSyncStatus> = {};
  for (const c of status.courses) out[c.courseId] = c;
  return out;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let loading: Promise<void> | null = null;
/** A load was asked for while one ran: that one may have read before the change, so one more follows. */
let again = false;

export const useSync = create<SyncStore>((set, get) => ({
  status: null,
  byCourse: {},
  error: null,
  loading: false,
  start() {
    const unsubscribe = api().onSyncChanged(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void get().load();
      }, REFRESH_GAP_MS);
    });
    void get().load();
    return unsubscribe;
  },
  load() {
    if (loading) {
      again = true;
      return loading;
    }
    set({ loading: true });
    loading = (async () => {
      do {
        again = false;
        try {
          get().replace(await call(api().syncStatus()));
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      } while (again);
      loading = null;
      set({ loading: false });
    })();
    return loading;
  },
  replace(status) {
    // Whatever failed before, this is main's current word.
    set({ status, byCourse: index(status), error: null });
  },
}));
