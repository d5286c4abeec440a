import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  resolveModelConfig,
} from '../../../src/main/ai/config';

describe('resolveModelConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(resolveModelConfig({}, {})).toEqual({
      apiKey: null,
      apiKeySource: null,
      baseURL: DEFAULT_BASE_URL,
      model: DEFAULT_MODEL,
      maxTokens: DEFAULT_MAX_TOKENS,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
    expect(DEFAULT_MODEL).toBe('claude-sonnet-4-5');
    expect(DEFAULT_MAX_TOKENS).toBe(8192);
  });

  it('falls back to ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', () => {
    const c = resolveModelConfig({}, { ANTHROPIC_API_KEY: 'sk-env', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999/' });
    expect(c.apiKey).toBe('sk-env');
    expect(c.apiKeySource).toBe('env');
    expect(c.baseURL).toBe('http://127.0.0.1:9999');
  });

  it('lets settings beat the environment', () => {
    const c = resolveModelConfig(
      { apiKey: 'sk-settings', baseURL: 'http://proxy.local', model: 'claude-haiku-4-5', maxTokens: 4096, timeoutMs: 30_000 },
      { ANTHROPIC_API_KEY: 'sk-env', ANTHROPIC_BASE_URL: 'http://env.local' },
    );
    expect(c).toEqual({
      apiKey: 'sk-settings',
      apiKeySource: 'settings',
      baseURL: 'http://proxy.local',
      model: 'claude-haiku-4-5',
      maxTokens: 4096,
      timeoutMs: 30_000,
    });
  });

  it('treats blank or invalid settings as unset', () => {
    const c = resolveModelConfig(
      { apiKey: '   ', baseURL: '', model: null, maxTokens: -5, timeoutMs: Number.NaN },
      { ANTHROPIC_API_KEY: ' sk-env ' },
    );
    expect(c.apiKey).toBe('sk-env');
    expect(c.baseURL).toBe(DEFAULT_BASE_URL);
    expect(c.model).toBe(DEFAULT_MODEL);
    expect(c.maxTokens).toBe(DEFAULT_MAX_TOKENS);
    expect(c.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
  });
});
