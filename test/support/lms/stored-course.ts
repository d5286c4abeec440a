// A generated course written straight into a store (no model call): for the export tests
// that read courses through the app's own commands, and the export bench. Lessons carry
// rich Markdown (headings, lists, a table, links, emphasis and code blocks in a few
// languages), about `paragraphs` × 0.4 KB each.
import type { Store } from '../../../src/main/db/store';
import { seedApprovedCourse } from '../engine';
import { typedQuestions } from './courses';

export function richLesson(p: number, l: number, paragraphs = 12): string {
  const parts = [`## Why lesson ${p + 1}.${l + 1} matters`, ''];
  for (let i = 0; i < paragraphs; i++) {
    parts.push(
      `Step ${i + 1}: the *reason* and the **rule**, with \`inline code\`, a [reference](https://example.com/docs/${p}/${l}/${i}) and a list:`,
      '',
      '- first, read the error message',
      '- then, find the smallest input that fails',
      '  1. write it down',
      '  2. keep it as a test',
      '',
    );
    if (i % 3 === 0) parts.push('```ts', `export function step${i}(input: Map<string, number>): number {`, '  let total = 0;', '  for (const [, v] of input) total += v;', '  return total;', '}', '```', '');
    if (i % 3 === 1) parts.push('```sql', 'SELECT course, COUNT(*) AS lessons FROM lessons GROUP BY course HAVING COUNT(*) > 3;', '```', '');
    if (i % 3 === 2) parts.push('| input | output |', '| --- | --- |', `| ${i} | ${i * i} |`, '', '> A quote: "measure, then change".', '');
  }
  return parts.join('\n');
}

/** A course generated in full: `projects` × `lessons`, three tasks a lesson (exercise, a quiz of four typed questions, reflection), a summary. */
export function storeGeneratedCourse(store: Store, title: string, options: { projects?: number; lessons?: number; paragraphs?: number } = {}): string {
  const { projects = 3, lessons = 2, paragraphs = 3 } = options;
  const courseId = seedApprovedCourse(store, title, projects, lessons);
  store.write(() => {
    const course = store.courses.require(courseId);
    store.courses.ensureProjects(courseId, course.outline!);
    store.courses.tree(courseId)!.projects.forEach((project, p) =>
      store.courses.insertLessons(
        project.id,
        Array.from({ length: lessons }, (_, l) => ({ title: `${title} lesson ${p + 1}.${l + 1}`, content: richLesson(p, l, paragraphs), objectives: ['Explain it', 'Use it'] })),
      ),
    );
    for (const lesson of store.courses.tree(courseId)!.projects.flatMap((p) => p.lessons)) {
      store.courses.insertTasks(lesson.id, [
        { kind: 'exercise', prompt: `Apply ${lesson.title} to a small program.`, answerKey: null },
        { kind: 'quiz', prompt: `What does ${lesson.title} change?`, answerKey: null, questions: typedQuestions.slice(0, 4) },
        { kind: 'reflection', prompt: 'What surprised you?', answerKey: null },
      ]);
    }
    store.courses.setSummary(courseId, { summary: `All about ${title}.`, learningOutcomes: ['Build it', 'Test it'], prerequisites: ['A terminal'] });
    store.courses.setStatus(courseId, 'generated');
  });
  return courseId;
}
