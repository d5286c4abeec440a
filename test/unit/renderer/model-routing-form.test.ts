import { describe, expect, it } from 'vitest';
import { isOffline, localModelOf, presetOf, routeLabel, testTime, withStep } from '../../../src/renderer/lib/model-routing-form';
import { ALL_CLAUDE, routingPreset, type LocalModel } from '../../../src/shared/model-routing';

const qwen: LocalModel = { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', apiKey: null, server: 'ollama' };

describe('model routing form', () => {
  it('finds the local model in use and recognises the presets', () => {
    expect(localModelOf(ALL_CLAUDE)).toBeNull();
    const draft = routingPreset('draft-local', qwen);
    expect(localModelOf(draft)).toEqual(qwen);
    expect(presetOf(ALL_CLAUDE)).toBe('all-claude');
    expect(presetOf(draft)).toBe('draft-local');
    expect(presetOf(routingPreset('all-local', qwen))).toBe('all-local');
    expect(presetOf(withStep(draft, 'tasks', 'claude', qwen))).toBeNull();
  });

  it('moves one step between Claude and the local model, sharing no objects', () => {
    const one = withStep(ALL_CLAUDE, 'outline', 'local', qwen);
    expect(one.steps.outline).toEqual({ provider: 'openai-compatible', local: qwen });
    expect(one.steps.lessons).toEqual({ provider: 'anthropic' });
    const two = withStep(one, 'tasks', 'local', qwen);
    expect(two.steps.tasks).not.toBe(two.steps.outline);
    expect((two.steps.tasks as { local: LocalModel }).local).not.toBe((two.steps.outline as { local: LocalModel }).local);
    expect(withStep(ALL_CLAUDE, 'outline', 'local', null)).toBe(ALL_CLAUDE);
  });

  it('says where a step runs and whether the whole course is offline', () => {
    expect(routeLabel({ provider: 'anthropic' })).toBe('Claude');
    expect(routeLabel({ provider: 'openai-compatible', local: qwen })).toBe('qwen2.5:7b on 127.0.0.1:11434');
    expect(isOffline(routingPreset('all-local', qwen))).toBe(true);
    expect(isOffline(routingPreset('draft-local', qwen))).toBe(false);
    expect([testTime(850), testTime(1234)]).toEqual(['850 ms', '1.2 s']);
  });
});
