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
  error: string | null;
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

export const useSync = create<SyncStore>((set, get) => ({
  status: null,
  byCourse: {},
  error: null,
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
    loading ??= (async () => {
      try {
        get().replace(await call(api().syncStatus()));
        set({ error: null });
      } catch (error) {
        set({ error: errorMessage(error) });
      } finally {
        loading = null;
      }
    })();
    return loading;
  },
  replace(status) {
    set({ status, byCourse: index(status) });
  },
}));
