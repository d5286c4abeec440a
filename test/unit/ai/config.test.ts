import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  matchModelKey,
  maxOutputTokensFor,
  parseStructuredOutputSetting,
  resolveModelConfig,
  resolveStructuredOutputMode,
  structuredOutputModeFor,
} from '../../../src/main/ai/config';

// What the SDK in node_modules marks as reaching end-of-life (resources/messages/messages.js).
const SDK_DEPRECATED = ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'];

describe('resolveModelConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(resolveModelConfig({}, {})).toEqual({
      apiKey: null,
      apiKeySource: null,
      baseURL: DEFAULT_BASE_URL,
      model: DEFAULT_MODEL,
      maxTokens: DEFAULT_MAX_TOKENS,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      structuredOutput: 'json_schema',
      contextTokens: null,
    });
    expect(DEFAULT_MODEL).toBe('claude-sonnet-5-5');
    expect(DEFAULT_MAX_TOKENS).toBe(8192);
  });

  it('defaults to a model the SDK does not list as deprecated', () => {
    expect(SDK_DEPRECATED).not.toContain(DEFAULT_MODEL);
  });

  it('falls back to ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', () => {
    const c = resolveModelConfig({}, { ANTHROPIC_API_KEY: 'sk-env', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999/' });
    expect(c.apiKey).toBe('sk-env');
    expect(c.apiKeySource).toBe('env');
    expect(c.baseURL).toBe('http://127.0.0.1:9999');
  });

  it('lets settings beat the environment', () => {
    const c = resolveModelConfig(
      { apiKey: 'sk-settings', baseURL: 'http://proxy.local', model: 'claude-haiku-4-5', maxTokens: 4096, timeoutMs: 30_000, structuredOutput: 'tool' },
      { ANTHROPIC_API_KEY: 'sk-env', ANTHROPIC_BASE_URL: 'http://env.local', ANTHROPIC_STRUCTURED_OUTPUT: 'json_schema' },
    );
    expect(c).toEqual({
      apiKey: 'sk-settings',
      apiKeySource: 'settings',
      baseURL: 'http://proxy.local',
      model: 'claude-haiku-4-5',
      maxTokens: 4096,
      timeoutMs: 30_000,
      structuredOutput: 'tool',
      contextTokens: null,
    });
  });

  it('reads a longer (or, for tests, shorter) context window from ANTHROPIC_CONTEXT_TOKENS; nonsense is ignored', () => {
    expect(resolveModelConfig({}, { ANTHROPIC_CONTEXT_TOKENS: '1000000' }).contextTokens).toBe(1_000_000);
    expect(resolveModelConfig({}, { ANTHROPIC_CONTEXT_TOKENS: 'lots' }).contextTokens).toBeNull();
    expect(resolveModelConfig({}, { ANTHROPIC_CONTEXT_TOKENS: '12' }).contextTokens).toBeNull();
  });

  it('treats blank or invalid settings as unset', () => {
    const c = resolveModelConfig(
      { apiKey: '   ', baseURL: '', model: null, maxTokens: -5, timeoutMs: Number.NaN, structuredOutput: ' ' },
      { ANTHROPIC_API_KEY: ' sk-env ' },
    );
    expect(c.apiKey).toBe('sk-env');
    expect(c.baseURL).toBe(DEFAULT_BASE_URL);
    expect(c.model).toBe(DEFAULT_MODEL);
    expect(c.maxTokens).toBe(DEFAULT_MAX_TOKENS);
    expect(c.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(c.structuredOutput).toBe('json_schema');
  });

  it('picks the structured output mode from the model unless overridden', () => {
    expect(resolveModelConfig({ model: 'claude-3-5-haiku-20241022' }, {}).structuredOutput).toBe('tool');
    expect(resolveModelConfig({ model: 'claude-3-5-haiku-20241022' }, { ANTHROPIC_STRUCTURED_OUTPUT: 'JSON_SCHEMA' }).structuredOutput).toBe(
      'json_schema',
    );
    expect(resolveModelConfig({ model: 'claude-sonnet-5-5' }, { ANTHROPIC_STRUCTURED_OUTPUT: 'tool' }).structuredOutput).toBe('tool');
    expect(resolveModelConfig({ model: 'claude-sonnet-5-5', structuredOutput: 'auto' }, { ANTHROPIC_STRUCTURED_OUTPUT: 'tool' }).structuredOutput).toBe(
      'json_schema',
    );
  });

  it('refuses an unknown structured output mode, naming where it came from and the choices', () => {
    expect(() => resolveModelConfig({}, { ANTHROPIC_STRUCTURED_OUTPUT: 'xml' })).toThrow(
      'Unknown ANTHROPIC_STRUCTURED_OUTPUT value "xml": use json_schema, tool or auto.',
    );
    expect(() => resolveModelConfig({ structuredOutput: 'tools' }, {})).toThrow(/structured output mode in Settings "tools"/);
  });
});

describe('structured output mode per model', () => {
  it('uses JSON outputs for the models documented to support them and for the ones that refuse forced tools', () => {
    for (const model of ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-6', 'claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5', 'claude-fable-5-1']) {
      expect([model, structuredOutputModeFor(model)]).toEqual([model, 'json_schema']);
    }
  });

  it('keeps forced tool use for models that predate JSON outputs', () => {
    for (const model of ['claude-3-7-sonnet-20250219', 'claude-3-haiku-20240307', 'claude-sonnet-4-20250514', 'claude-opus-4-1', 'claude-opus-4-1-20250805', 'claude-fable-5']) {
      expect([model, structuredOutputModeFor(model)]).toEqual([model, 'tool']);
    }
  });

  it('matches dated snapshots, but not a newer version that merely shares a prefix', () => {
    expect(matchModelKey({ 'claude-haiku-4-5': 1 }, 'claude-haiku-4-5-20251001')).toBe('claude-haiku-4-5');
    expect(matchModelKey({ 'claude-fable-5': 1 }, 'claude-fable-5-2')).toBeNull();
    expect(matchModelKey({ 'claude-sonnet-5': 1, 'claude-sonnet-5-5': 2 }, 'claude-sonnet-5-5')).toBe('claude-sonnet-5-5');
    expect(matchModelKey({ 'claude-3*': 1 }, 'claude-3-opus-latest')).toBe('claude-3*');
    // Fable 5.2 is not in the table: like any unknown model it gets JSON outputs, not Fable 5's tool mode.
    expect(structuredOutputModeFor('claude-fable-5-2')).toBe('json_schema');
    expect(structuredOutputModeFor('some-proxy-model')).toBe('json_schema');
  });

  it('parses settings values', () => {
    expect(parseStructuredOutputSetting(undefined)).toBe('auto');
    expect(parseStructuredOutputSetting(' Tool ')).toBe('tool');
    expect(parseStructuredOutputSetting('json_schema')).toBe('json_schema');
    expect(() => parseStructuredOutputSetting('json')).toThrow('Unknown structured output mode "json": use json_schema, tool or auto.');
    expect(resolveStructuredOutputMode('claude-3-opus-20240229')).toBe('tool');
    expect(resolveStructuredOutputMode('claude-3-opus-20240229', 'json_schema')).toBe('json_schema');
  });
});

describe('model retirement notices', () => {
  it('warns before and after a retirement date, and not for current models', async () => {
    const { modelRetirementNotice } = await import('../../../src/main/ai/config');
    expect(modelRetirementNotice('claude-sonnet-4-5', new Date('2026-11-22'))).toMatch(/will be retired on 2026-11-30/);
    expect(modelRetirementNotice('claude-sonnet-4-5-20250929', new Date('2026-12-01'))).toMatch(/was retired on 2026-11-30/);
    expect(modelRetirementNotice('claude-sonnet-5-5', new Date('2026-12-01'))).toBeNull();
  });
});

describe('longest answer per model', () => {
  it('is 64,000 tokens (the most Settings accepts) unless the model is known to write less', () => {
    expect(maxOutputTokensFor(DEFAULT_MODEL)).toBe(64_000);
    expect(maxOutputTokensFor('claude-haiku-4-5-20251001')).toBe(64_000);
    expect(maxOutputTokensFor('claude-opus-4-1-20250805')).toBe(32_000);
    expect(maxOutputTokensFor('claude-3-5-haiku-20241022')).toBe(8_192);
    expect(maxOutputTokensFor('claude-3-haiku-20240307')).toBe(4_096);
    expect(maxOutputTokensFor('claude-3-7-sonnet-20250219')).toBe(64_000);
  });
});
