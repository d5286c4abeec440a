// The model settings form: values as typed (strings) checked against the same bounds as
// the shared settings schema, with messages next to each field.
import type { SettingsView } from '../../shared/ipc-contract';

export interface ModelDraft {
  model: string;
  maxTokens: string;
  baseURL: string;
}

export interface ModelValues {
  model: string;
  maxTokens: number;
  baseURL: string | null;
}

export function modelDraftFrom(settings: SettingsView): ModelDraft {
  return { model: settings.model, maxTokens: String(settings.maxTokens), baseURL: settings.baseURL ?? '' };
}

export function checkModelDraft(draft: ModelDraft): { values: ModelValues | null; errors: Partial<Record<keyof ModelDraft, string>> } {
  const errors: Partial<Record<keyof ModelDraft, string>> = {};
  const model = draft.model.trim();
  if (model === '') errors.model = 'Name the model, e.g. claude-sonnet-4-5.';
  else if (model.length > 100) errors.model = 'That model name is too long.';
  const maxTokens = Number(draft.maxTokens);
  if (draft.maxTokens.trim() === '' || !Number.isInteger(maxTokens) || maxTokens < 256 || maxTokens > 64_000) errors.maxTokens = 'Use a whole number from 256 to 64,000.';
  const rawUrl = draft.baseURL.trim();
  let baseURL: string | null = null;
  if (rawUrl !== '') {
    try {
      const url = new URL(rawUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') errors.baseURL = 'Use an http:// or https:// address.';
      else baseURL = rawUrl;
    } catch {
      errors.baseURL = 'That is not a valid address (e.g. https://api.anthropic.com).';
    }
  }
  if (Object.keys(errors).length > 0) return { values: null, errors };
  return { values: { model, maxTokens, baseURL }, errors };
}
