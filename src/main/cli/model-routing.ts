// Which model each step of a CLI command uses. `--provider`, `--base-url`, `--model` (or
// COURSE_STUDIO_PROVIDER / _BASE_URL / _MODEL when a flag is absent) put every step on one
// provider for this command; without them the per-step routing in the database's Settings
// applies, as in the app. Nothing here is stored.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_CLAUDE, routingPreset, usesClaude, type ModelRouting } from '../../shared/model-routing';
import { PROVIDER_KINDS, type ProviderKind } from '../ai/provider';
import { parseBaseUrl } from '../ai/providers/local-servers';
import { readModelRouting } from '../core/app-settings';
import { Store } from '../db/store';
import { CliError } from './errors';

type Env = Readonly<Record<string, string | undefined>>;

export interface CliRouting {
  /** Every step's model for this command; null: the routing in Settings. */
  routing: ModelRouting | null;
  /** The Claude model the flags name (--model means the local model when the provider is local). */
  claudeModel: string | null;
}

export function cliRouting(args: { provider: ProviderKind | null; baseUrl: string | null; model: string | null }, env: Env): CliRouting {
  const envProvider = env['COURSE_STUDIO_PROVIDER']?.trim() || null;
  if (args.provider === null && envProvider !== null && !(PROVIDER_KINDS as readonly string[]).includes(envProvider)) {
    throw new CliError(`COURSE_STUDIO_PROVIDER must be ${PROVIDER_KINDS.join(' or ')} (got "${envProvider}").`);
  }
  const baseUrl = args.baseUrl ?? (env['COURSE_STUDIO_BASE_URL']?.trim() || null);
  // A base URL alone says which provider is meant.
  const provider = args.provider ?? (envProvider as ProviderKind | null) ?? (baseUrl !== null ? 'openai-compatible' : null);
  if (provider === null) return { routing: null, claudeModel: args.model };
  const model = args.model ?? (env['COURSE_STUDIO_MODEL']?.trim() || null);
  if (provider === 'anthropic') return { routing: ALL_CLAUDE, claudeModel: model };
  if (baseUrl === null) {
    throw new CliError('A local model needs its server: --base-url URL (or COURSE_STUDIO_BASE_URL), for example http://127.0.0.1:11434/v1 for Ollama.');
  }
  if (model === null) throw new CliError('A local model needs its name: --model NAME (or COURSE_STUDIO_MODEL), as the server lists it, for example qwen2.5:7b.');
  try {
    parseBaseUrl(baseUrl);
  } catch (error) {
    throw new CliError(`COURSE_STUDIO_BASE_URL: ${(error as Error).message}`);
  }
  const local = { baseUrl, model, apiKey: env['COURSE_STUDIO_API_KEY']?.trim() || null, server: null };
  return { routing: routingPreset('all-local', local), claudeModel: null };
}

/**
 * Whether this command's steps need the Claude key: asked before the database is opened, so
 * a missing key is said first, as before routing existed. Without flags, the Settings of
 * the database (if there is one yet) decide.
 */
export function needsClaudeKey(routing: ModelRouting | null, db: string, cwd: string): boolean {
  if (routing) return usesClaude(routing);
  const file = resolve(cwd, db);
  if (!existsSync(file)) return true;
  let store: Store | null = null;
  try {
    store = Store.open(file);
    return usesClaude(readModelRouting(store, () => undefined));
  } catch {
    return true; // Opened again by the command, which says what is wrong with it.
  } finally {
    store?.close();
  }
}
