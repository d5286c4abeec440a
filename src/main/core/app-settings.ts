// The person's settings, stored in the database's settings table and parsed on every read,
// field by field, so a value edited by hand or written by an older version falls back to
// its default alone: the other fields (a company's base URL…) are kept.
// The API key is not here: it lives in the SecretStore and never reaches the renderer.
import { z } from 'zod';
import { budgetSettingsSchema } from '../../shared/economy';
import { DEFAULT_QUIZ_SETTINGS, quizSettingsSchema } from '../../shared/quiz';
import { autoExportSchema, modelSettingsSchema } from '../../shared/settings';
import { ALL_CLAUDE, modelRoutingSchema, type ModelRouting } from '../../shared/model-routing';
import { DEFAULT_MAX_TOKENS, DEFAULT_MODEL } from '../ai/config';
import type { Store } from '../db/store';

const MODEL_KEY = 'model';
const PREFERENCES_KEY = 'preferences';
const ROUTING_KEY = 'model-routing';

export type StoredModelSettings = z.infer<typeof modelSettingsSchema>;

const preferencesSchema = z.object({
  defaultAutoPublish: z.boolean(),
  reviewerName: z.string().max(120),
  /** New jobs go through the Message Batches API (half price, answers within 24 h) unless chosen otherwise. */
  defaultEconomy: z.boolean(),
  /** Spending caps (see runner/budget.ts); each null: none. */
  budget: budgetSettingsSchema,
  /** Questions per lesson quiz, their types, the SCORM mastery score. */
  quiz: quizSettingsSchema,
  /** New jobs write their course into this folder when they complete; null: they do not. */
  defaultAutoExport: autoExportSchema.nullable(),
  /** A published course edited since its approval syncs again at once; off: it needs a new approval first. */
  republishEditedWithoutApproval: z.boolean(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_MODEL_SETTINGS: StoredModelSettings = {
  model: DEFAULT_MODEL,
  maxTokens: DEFAULT_MAX_TOKENS,
  baseURL: null,
};

export const DEFAULT_PREFERENCES: Preferences = {
  defaultAutoPublish: false,
  reviewerName: '',
  defaultEconomy: false,
  budget: { dailyUsd: null, batchUsd: null },
  quiz: DEFAULT_QUIZ_SETTINGS,
  defaultAutoExport: null,
  republishEditedWithoutApproval: false,
};

// Settings are read before every model request: each distinct problem is reported once.
const warned = new Set<string>();
const warn = (message: string) => {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
};

export function readModelSettings(store: Store, onInvalid: (message: string) => void = warn): StoredModelSettings {
  return store.settings.getFields(MODEL_KEY, modelSettingsSchema, DEFAULT_MODEL_SETTINGS, onInvalid);
}

export function readPreferences(store: Store, onInvalid: (message: string) => void = warn): Preferences {
  return store.settings.getFields(PREFERENCES_KEY, preferencesSchema, DEFAULT_PREFERENCES, onInvalid);
}

/** Which model each step uses (shared/model-routing.ts); all Claude until chosen otherwise. */
export function readModelRouting(store: Store, onInvalid: (message: string) => void = warn): ModelRouting {
  return store.settings.get(ROUTING_KEY, modelRoutingSchema, ALL_CLAUDE, onInvalid);
}

export function saveModelRouting(store: Store, routing: ModelRouting): ModelRouting {
  const parsed = modelRoutingSchema.parse(routing);
  store.write(() => store.settings.set(ROUTING_KEY, parsed));
  return parsed;
}

/** Merges a partial update into both records and stores them in one transaction. */
export function updateSettings(store: Store, patch: Partial<StoredModelSettings & Preferences>): void {
  const model = modelSettingsSchema.parse({
    ...readModelSettings(store),
    ...pick(patch, ['model', 'maxTokens', 'baseURL']),
  });
  const preferences = preferencesSchema.parse({ ...readPreferences(store), ...pick(patch, ['defaultAutoPublish', 'reviewerName', 'defaultEconomy', 'budget', 'quiz', 'defaultAutoExport', 'republishEditedWithoutApproval']) });
  store.write(() => {
    store.settings.set(MODEL_KEY, model);
    store.settings.set(PREFERENCES_KEY, preferences);
  });
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
