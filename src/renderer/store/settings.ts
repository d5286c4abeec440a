// Settings and app info, loaded once and replaced by what main returns after each change
// (main validates; the renderer never keeps a value main refused).
import { create } from 'zustand';
import type { AppInfo, SettingsView } from '../../shared/ipc-contract';
import { api, call, errorMessage } from '../lib/api';

interface SettingsStore {
  settings: SettingsView | null;
  info: AppInfo | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  replace(settings: SettingsView): void;
}

export const useSettings = create<SettingsStore>((set, get) => ({
  settings: null,
  info: null,
  loading: false,
  error: null,
  async load() {
    if (get().loading) return;
    set({ loading: true, error: null });
    try {
      const [settings, info] = await Promise.all([call(api().settingsGet()), call(api().appInfo())]);
      set({ settings, info, loading: false });
    } catch (error) {
      set({ loading: false, error: errorMessage(error) });
    }
  },
  replace(settings) {
    set({ settings });
  },
}));
