import { describe, expect, it } from 'vitest';
import { dueReview as runnerDueReview } from '../../../src/main/runner/review-point';
import type { CourseTree, JobStep, JobSummary } from '../../../src/shared/domain';
import { runLimited } from '../../../src/renderer/lib/run-limited';
import { optionsIntro } from '../../../src/renderer/pages/wizard/options-text';
import { chooseDropsEdits, outlineEdited, regenerateDropsOutline } from '../../../src/renderer/pages/wizard/outline-choice';
import { awaitingReview, dueReview, stepStates } from '../../../src/renderer/pages/wizard/stepwise-steps';
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

/** A generating course of two projects: `lessons` per project written, `tasks` of those lessons with tasks. */
const landed = ({ lessons = [0, 0], tasks = 0, summary = false }: { lessons?: number[]; tasks?: number; summary?: boolean }): CourseTree => {
  let withTasks = tasks;
  const projects = lessons.map((count, pi) => ({
    id: `p${pi}`,
    courseId: 'c',
    position: pi,
    title: `Project ${pi + 1}`,
    description: '',
    lessons: Array.from({ length: count }, (_, li) => ({
      id: `l${pi}.${li}`,
      projectId: `p${pi}`,
      position: li,
      title: `Lesson ${li + 1}`,
      content: 'text',
      objectives: [],
      sources: [],
      tasks: withTasks-- > 0 ? [{ id: `t${pi}.${li}`, lessonId: `l${pi}.${li}`, position: 0, kind: 'exercise' as const, prompt: 'Do it', answerKey: null, questions: null }] : [],
    })),
  }));
  return course({ status: 'generating', projects, summary: summary ? { summary: 's', learningOutcomes: [], prerequisites: [] } : null });
};
const stepwise = (over: Partial<JobSummary>) => job({ id: 'j', stepwise: true, ...over });
const states = (j: JobSummary, c: CourseTree) => stepStates(j, c).map((s) => s.state);

describe('stepwise step states', () => {
  it('shows a step ready for review while the job waits after it', () => {
    expect(stepStates(stepwise({ status: 'paused', currentStep: 'lessons' }), landed({ lessons: [2, 3] }))).toEqual([
      { step: 'lessons', state: 'review' },
      { step: 'tasks', state: 'waiting' },
      { step: 'finalize', state: 'waiting' },
    ]);
    expect(states(stepwise({ status: 'paused', currentStep: 'tasks' }), landed({ lessons: [2, 3], tasks: 5 }))).toEqual(['done', 'review', 'waiting']);
  });

  it('calls a job paused in the middle of a step paused, not ready for review', () => {
    const paused = (currentStep: JobStep | null) => stepwise({ status: 'paused', currentStep });
    // One project's lessons are still to be written.
    expect(states(paused('lessons'), landed({ lessons: [2, 0] }))).toEqual(['paused', 'waiting', 'waiting']);
    expect(awaitingReview(paused('lessons'), landed({ lessons: [2, 0] }))).toBeNull();
    expect(states(paused('tasks'), landed({ lessons: [2, 3], tasks: 4 }))).toEqual(['done', 'paused', 'waiting']);
    expect(states(paused('finalize'), landed({ lessons: [2, 3], tasks: 5 }))).toEqual(['done', 'done', 'paused']);
    // Paused from the queue before it ever ran.
    expect(states(paused(null), landed({ lessons: [] }))).toEqual(['paused', 'waiting', 'waiting']);
    expect(awaitingReview(paused('tasks'), landed({ lessons: [2, 3], tasks: 5 }))).toBe('tasks');
    // Only a stepwise job waits for review.
    expect(awaitingReview(job({ id: 'j', status: 'paused', currentStep: 'lessons' }), landed({ lessons: [2, 3] }))).toBeNull();
  });

  it('shows a step whose units were all written as done when the job is cancelled', () => {
    const cancelled = (currentStep: JobStep) => stepwise({ status: 'cancelled', currentStep });
    expect(states(cancelled('lessons'), landed({ lessons: [2, 3] }))).toEqual(['done', 'waiting', 'waiting']);
    expect(states(cancelled('tasks'), landed({ lessons: [2, 3], tasks: 5 }))).toEqual(['done', 'done', 'waiting']);
    expect(states(cancelled('lessons'), landed({ lessons: [2, 0] }))).toEqual(['stopped', 'waiting', 'waiting']);
    expect(states(cancelled('tasks'), landed({ lessons: [2, 3], tasks: 1 }))).toEqual(['done', 'stopped', 'waiting']);
  });

  it('marks the failed step and what came before it', () => {
    const c = landed({ lessons: [2, 3] });
    expect(states(stepwise({ status: 'failed', currentStep: 'tasks', failedStep: 'tasks' }), c)).toEqual(['done', 'failed', 'waiting']);
    expect(states(stepwise({ status: 'generating_tasks', currentStep: 'tasks' }), c)).toEqual(['done', 'running', 'waiting']);
    expect(states(stepwise({ status: 'completed', currentStep: 'finalize' }), c)).toEqual(['done', 'done', 'done']);
  });

  it('decides a review exactly as the runner does', () => {
    const trees = [
      landed({ lessons: [] }),
      landed({ lessons: [0, 0] }),
      landed({ lessons: [2, 0] }),
      landed({ lessons: [2, 3] }),
      landed({ lessons: [2, 3], tasks: 2 }),
      landed({ lessons: [2, 3], tasks: 5 }),
      landed({ lessons: [2, 3], tasks: 5, summary: true }),
    ];
    for (const tree of trees) {
      for (const step of [null, 'lessons', 'tasks', 'finalize', 'publish'] as const) {
        expect(dueReview(tree, step), `${JSON.stringify(tree.projects.map((p) => p.lessons.length))} at ${step}`).toBe(runnerDueReview(tree, step));
      }
    }
  });
});

describe('outline options page', () => {
  it('counts the takes there are, in words, with the right grammar', () => {
    const intro = (saved: number, asked = saved, failed = 0) => optionsIntro({ writing: null, saved, asked, failed });
    expect(intro(3)).toBe('Three takes on your topic. Pick the closest one; you can edit it next.');
    expect(intro(2)).toBe('Two takes on your topic. Pick the closer one; you can edit it next.');
    expect(intro(1)).toBe('One take on your topic. Use it, or regenerate for more to choose from; you can edit it next.');
    expect(intro(2, 3, 1)).toBe('Two takes on your topic. Pick the closer one; you can edit it next. One of the three could not be written; regenerate to try again.');
    expect(intro(0)).not.toMatch(/takes on your topic\./);
    expect(optionsIntro({ writing: 3, saved: 0, asked: 3, failed: 0 })).toBe('The model is writing three different takes on your topic…');
    expect(optionsIntro({ writing: 1, saved: 2, asked: 1, failed: 0 })).toBe('The model is writing an outline for your topic…');
  });

  it('asks before regenerating or choosing only when that would throw away the outline or its edits', () => {
    const outline = { title: 'Go', description: 'd', audience: '', level: 'beginner' as const, language: 'English', projects: [] };
    const option = { id: 'o1', courseId: 'c', position: 0, outline, createdAt: '' };
    const fresh = course({ options: [option] });
    const chosen = course({ options: [option], chosenOptionId: 'o1', outline: { ...outline } });
    // The same outline stored with its keys in another order is not an edit.
    const reordered = course({ options: [option], chosenOptionId: 'o1', outline: Object.fromEntries(Object.entries(outline).reverse()) as typeof outline });
    const edited = course({ options: [option], chosenOptionId: 'o1', outline: { ...outline, title: 'Go, my way' } });

    expect(regenerateDropsOutline(fresh, false)).toBe(false);
    expect(regenerateDropsOutline(fresh, true)).toBe(true);
    expect(regenerateDropsOutline(chosen, false)).toBe(true);
    expect([chosen, reordered, edited].map(outlineEdited)).toEqual([false, false, true]);
    expect(chooseDropsEdits(chosen, false)).toBe(false);
    expect(chooseDropsEdits(chosen, true)).toBe(true);
    expect(chooseDropsEdits(edited, false)).toBe(true);
    // An outline whose option is gone counts as edited: nothing on the page could bring it back.
    expect(outlineEdited(course({ options: [], chosenOptionId: null, outline }))).toBe(true);
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
