import { describe, expect, it } from 'vitest';
import type { Outline } from '../../../src/shared/domain';
import { move, outlineOps, validateOutline } from '../../../src/renderer/lib/outline-edit';

const outline: Outline = {
  title: 'SQL',
  description: 'd',
  audience: 'analysts',
  level: 'beginner',
  language: 'English',
  projects: ['A', 'B', 'C'].map((p) => ({ title: p, description: '', lessons: [1, 2].map((n) => ({ title: `${p}${n}`, summary: '' })) })),
};

describe('outline operations', () => {
  it('moves items within bounds and never loses one', () => {
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 2, -2)).toEqual([3, 1, 2]);
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });

  it('reorders, renames, adds and removes without mutating the input', () => {
    const moved = outlineOps.moveProject(outline, 2, -1);
    expect(moved.projects.map((p) => p.title)).toEqual(['A', 'C', 'B']);
    expect(outline.projects.map((p) => p.title)).toEqual(['A', 'B', 'C']);
    const lessons = outlineOps.moveLesson(outline, 1, 1, -1).projects[1]!.lessons.map((l) => l.title);
    expect(lessons).toEqual(['B2', 'B1']);
    expect(outlineOps.setLessonTitle(outline, 0, 1, 'Joins').projects[0]!.lessons[1]!.title).toBe('Joins');
    expect(outlineOps.addProject(outline).projects).toHaveLength(4);
    expect(outlineOps.addLesson(outline, 2).projects[2]!.lessons.map((l) => l.title)).toEqual(['C1', 'C2', 'Lesson 3']);
    expect(outlineOps.removeLesson(outline, 0, 0).projects[0]!.lessons.map((l) => l.title)).toEqual(['A2']);
  });
});

describe('validateOutline', () => {
  it('accepts a valid outline', () => {
    expect(validateOutline(outline)).toEqual({});
  });

  it('explains what to fix, keyed by field path', () => {
    let broken = outlineOps.setTitle(outline, '  ');
    broken = outlineOps.setLessonTitle(broken, 1, 0, '');
    broken = outlineOps.removeLesson(outlineOps.removeLesson(broken, 2, 0), 2, 0);
    broken = outlineOps.setProjectTitle(broken, 0, 'x'.repeat(201));
    expect(validateOutline(broken)).toEqual({
      title: 'Give the course a title.',
      'projects.0.title': 'Keep the title under 200 characters.',
      'projects.1.lessons.0.title': 'Give this lesson a title.',
      'projects.2.lessons': 'A project needs at least one lesson.',
    });
  });

  it('enforces the 3–8 project range', () => {
    expect(validateOutline(outlineOps.removeProject(outline, 0)).projects).toBe('A course needs at least 3 projects.');
    let many = outline;
    for (let i = 0; i < 6; i++) many = outlineOps.addProject(many);
    expect(validateOutline(many).projects).toBe('A course can have at most 8 projects.');
  });
});
