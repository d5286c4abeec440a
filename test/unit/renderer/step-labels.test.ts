import { describe, expect, it } from 'vitest';
import { JOB_STEPS } from '../../../src/shared/domain';
import { failedWhile, stepLabel } from '../../../src/renderer/pages/queue/step-labels';

describe('step labels', () => {
  it('names every step in plain words, never by its pipeline name', () => {
    expect(stepLabel('finalize')).toBe('the course summary');
    expect(failedWhile('tasks')).toBe('while generating tasks');
    expect(failedWhile('publish')).toBe('while publishing');
    for (const step of JOB_STEPS) expect(stepLabel(step)).not.toMatch(/^(finalize|publish)$/);
  });
});
