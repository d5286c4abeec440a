import { describe, expect, it } from 'vitest';
import type { CourseTree } from '../../../src/shared/domain';
import { courseText } from '../../../src/main/cli/show-command';

const ESC = '\x1b';

function tree(overrides: Partial<CourseTree> = {}): CourseTree {
  return {
    id: '11111111-2222-3333-4444-555555555555',
    topic: { topic: 'Rust', audience: 'devs', level: 'beginner', projects: 3, language: 'English', notes: '' },
    status: 'generating',
    outline: {
      title: `Rust ${ESC}]0;owned${ESC}\\ from zero`,
      description: 'd',
      audience: 'devs',
      level: 'beginner',
      language: 'English',
      projects: [
        { title: 'Basics', description: 'First steps', lessons: [{ title: 'Hello', summary: '' }, { title: 'Types', summary: '' }] },
        { title: 'Ownership', description: '', lessons: [{ title: 'Borrowing', summary: '' }] },
      ],
    },
    chosenOptionId: null,
    outlineApproval: { by: 'ana', at: '2026-01-01T00:00:00.000Z', note: '' },
    courseApproval: null,
    summary: { summary: `Learn Rust.${ESC}[2J\nSecond line.`, learningOutcomes: ['Write a program'], prerequisites: [] },
    publishedAt: null,
    createdAt: '',
    updatedAt: '',
    options: [],
    projects: [
      {
        id: 'p0',
        courseId: 'c',
        position: 0,
        title: 'Basics',
        description: 'First steps',
        lessons: [
          {
            id: 'l0',
            projectId: 'p0',
            position: 0,
            title: `Hello ${ESC}[31mred${ESC}[0m`,
            content: 'x',
            objectives: ['Print text', 'Use cargo'],
            sources: [],
            tasks: [
              { id: 't0', lessonId: 'l0', position: 0, kind: 'exercise', prompt: 'p', answerKey: null, questions: null },
              { id: 't1', lessonId: 'l0', position: 1, kind: 'quiz', prompt: 'p', answerKey: 'a', questions: null },
            ],
          },
          { id: 'l1', projectId: 'p0', position: 1, title: 'Types', content: 'x', objectives: [], tasks: [], sources: [] },
        ],
      },
      { id: 'p1', courseId: 'c', position: 1, title: 'Ownership', description: '', lessons: [] },
    ],
    ...overrides,
  };
}

describe('courseText', () => {
  it('prints the outline with lessons, objectives, task kinds and the summary, and marks what is not generated', () => {
    const text = courseText(tree());
    expect(text).toContain('   1.1 Hello [31mred[0m\n        Objectives: Print text; Use cargo\n        Tasks: exercise, quiz\n');
    expect(text).toContain('   1.2 Types\n        Tasks: (not generated yet)\n');
    expect(text).toContain('2. Ownership\n   2.1 Borrowing (not generated yet)');
    expect(text).toContain('Summary:\n  Learn Rust.[2J\n  Second line.');
    expect(text).toContain('Learning outcomes:\n  - Write a program');
    expect(text).toContain('Outline approved by ana');
  });

  it('never passes an escape sequence from model output to the terminal', () => {
    expect(courseText(tree())).not.toContain(ESC);
  });

  it('lists the outline options of a course still waiting for review', () => {
    const option = { id: 'o', courseId: 'c', position: 0, createdAt: '', outline: tree().outline! };
    const text = courseText(tree({ outline: null, summary: null, projects: [], status: 'draft', options: [option, option] }));
    expect(text).toContain('2 outline options waiting for review:\n  1. Rust ]0;owned\\ from zero (2 projects)');
  });
});
