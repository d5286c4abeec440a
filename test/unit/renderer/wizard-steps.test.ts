import { describe, expect, it } from 'vitest';
import type { CourseTree } from '../../../src/shared/domain';
import { runLimited } from '../../../src/renderer/lib/run-limited';
import { stepStates } from '../../../src/renderer/pages/wizard/stepwise-steps';
import { wizardStep } from '../../../src/renderer/pages/wizard/wizard-step';
import { job } from './job-fixtures';

const course = (over: Partial<CourseTree>): CourseTree =>
  ({
    id: 'c',
    topic: { topic: 'Go', audience: '', level: 'beginner', projects: 3, language: 'English', notes: '' },
    status: 'draft',
    outline: null,
    chosenOptionId: null,
    outlineApproval: null,
    courseApproval: null,
    summary: null,
    publishedAt: null,
    createdAt: '',
    updatedAt: '',
    options: [],
    projects: [],
    ...over,
  }) as CourseTree;

describe('wizard step from course state', () => {
  const outline = { title: 't', description: '', audience: '', level: 'beginner' as const, language: 'English', projects: [] };
  it('walks draft → options/edit → generate → stepwise/queued', () => {
    expect(wizardStep(course({}), undefined, undefined)).toBe('options');
    expect(wizardStep(course({ outline }), undefined, undefined)).toBe('edit');
    expect(wizardStep(course({ outline }), undefined, 'options')).toBe('options');
    expect(wizardStep(course({ status: 'outline_approved', outline }), undefined, undefined)).toBe('generate');
    expect(wizardStep(course({ status: 'generating', outline }), job({ id: 'j', stepwise: true }), undefined)).toBe('stepwise');
    expect(wizardStep(course({ status: 'generating', outline }), job({ id: 'j' }), undefined)).toBe('queued');
    expect(wizardStep(course({ status: 'rejected' }), undefined, undefined)).toBe('closed');
  });
});

describe('stepwise step states', () => {
  it('shows a step ready for review while the job waits after it', () => {
    expect(stepStates(job({ id: 'j', status: 'paused', currentStep: 'lessons' }))).toEqual([
      { step: 'lessons', state: 'review' },
      { step: 'tasks', state: 'waiting' },
      { step: 'finalize', state: 'waiting' },
    ]);
  });

  it('marks the failed step and what came before it', () => {
    expect(stepStates(job({ id: 'j', status: 'failed', currentStep: 'tasks', failedStep: 'tasks' })).map((s) => s.state)).toEqual(['done', 'failed', 'waiting']);
    expect(stepStates(job({ id: 'j', status: 'generating_tasks', currentStep: 'tasks' })).map((s) => s.state)).toEqual(['done', 'running', 'waiting']);
    expect(stepStates(job({ id: 'j', status: 'completed', currentStep: 'finalize' })).map((s) => s.state)).toEqual(['done', 'done', 'done']);
  });
});

describe('runLimited', () => {
  it('never runs more than the limit at once, runs every item, and survives failures', async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      if (n === 4) throw new Error('bad row');
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 5, 6, 7]);
  });
});
