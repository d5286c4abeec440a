// The daily retention run's settings and its last result, in the settings table.
import { z } from 'zod';
import { DEFAULT_HOUSEKEEPING, housekeepingSettingsSchema, type CleanupResult, type HousekeepingSettings } from '../../shared/storage';
import type { Store } from '../db/store';

const SETTINGS_KEY = 'housekeeping';
const LAST_AUTO_KEY = 'housekeeping.lastAuto';

const count = z.number().int().min(0);
const lastAutoSchema = z
  .object({
    at: z.iso.datetime(),
    result: z.object({ dryRun: z.boolean(), logLines: count, logJobs: count, versions: count, courses: count, callsRolledUp: count }),
  })
  .nullable();

export function readHousekeeping(store: Store): HousekeepingSettings {
  return store.settings.get(SETTINGS_KEY, housekeepingSettingsSchema, DEFAULT_HOUSEKEEPING, (m) => console.warn(m));
}

export function saveHousekeeping(store: Store, patch: Partial<HousekeepingSettings>): HousekeepingSettings {
  const next = housekeepingSettingsSchema.parse({ ...readHousekeeping(store), ...patch });
  store.write(() => store.settings.set(SETTINGS_KEY, next));
  return next;
}

export function readLastAuto(store: Store): { at: string; result: CleanupResult } | null {
  return store.settings.get(LAST_AUTO_KEY, lastAutoSchema, null, (m) => console.warn(m));
}

export function saveLastAuto(store: Store, at: string, result: CleanupResult): void {
  store.write(() => store.settings.set(LAST_AUTO_KEY, { at, result }));
}
