// Toasts: short notices (job finished, something failed) announced through an aria-live
// region. Errors stay longer than successes; every toast can be dismissed by hand.
import { create } from 'zustand';

export type ToastTone = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  message?: string;
  /** An in-app link (a hash route), e.g. to the failed job. */
  href?: string;
  hrefLabel?: string;
}

interface ToastStore {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

const LIFETIME_MS: Record<ToastTone, number> = { success: 6_000, info: 6_000, error: 15_000 };
const MAX_VISIBLE = 5;
let nextId = 1;

export const useToasts = create<ToastStore>((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...toast, id }].slice(-MAX_VISIBLE) });
    setTimeout(() => get().dismiss(id), LIFETIME_MS[toast.tone]);
    return id;
  },
  dismiss(id) {
    if (get().toasts.some((t) => t.id === id)) set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = (t: Omit<Toast, 'id'>): number => useToasts.getState().push(t);
