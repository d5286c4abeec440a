// A stand-in outline for a topic that has none yet (a CSV about to be queued): the topic's
// number of projects, the lessons per project this database's approved outlines have
// (DEFAULT_LESSONS_PER_PROJECT until there are some), and text of their usual lengths, so
// the shared context and prompts are about as long as the real ones will be.
import type { Outline, TopicInput } from '../../shared/domain';
import type { OutlineShape } from './history';

/** The outline tool asks for 2-6 lessons a project; 4 is what the models mostly choose. */
export const DEFAULT_LESSONS_PER_PROJECT = 4;

const DEFAULT_SHAPE: OutlineShape = {
  lessonsPerProject: DEFAULT_LESSONS_PER_PROJECT,
  chars: { title: 45, description: 300, projectTitle: 40, projectDescription: 180, lessonTitle: 45, lessonSummary: 130 },
};

const filler = (n: number) => 'x'.repeat(Math.max(1, Math.round(n)));

/**
 * Lessons per project spread so the course's total matches the mean (3.4 a project over 5
 * projects: 3, 4, 3, 4, 3), not rounded per project.
 */
export function lessonCounts(projects: number, perProject: number): number[] {
  return Array.from({ length: projects }, (_, p) => Math.max(1, Math.round((p + 1) * perProject) - Math.round(p * perProject)));
}

export function standInOutline(topic: TopicInput, shape: OutlineShape | null): Outline {
  const s = shape ?? DEFAULT_SHAPE;
  return {
    title: filler(s.chars.title),
    description: filler(s.chars.description),
    audience: topic.audience,
    level: topic.level,
    language: topic.language,
    projects: lessonCounts(topic.projects, s.lessonsPerProject).map((lessons) => ({
      title: filler(s.chars.projectTitle),
      description: filler(s.chars.projectDescription),
      lessons: Array.from({ length: lessons }, () => ({ title: filler(s.chars.lessonTitle), summary: filler(s.chars.lessonSummary) })),
    })),
  };
}
