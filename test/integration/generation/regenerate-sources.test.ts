// Regenerating one lesson by hand (lessons.regenerate, through the app core's dispatch) sends
// the course's materials like the job did and replaces the lesson's sources with the new
// answer's, in the same write as its text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { attachMaterials } from '../../../src/main/sources/attach';
import { inThreadExtractor } from '../../../src/main/sources/in-thread-extractor';
import { MaterialFiles } from '../../../src/main/sources/material-files';
import { startHarness, type Harness } from '../ipc/core-harness';
import { textPdf } from '../../support/material-fixtures';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

it('lessons.regenerate replaces the lesson’s sources with those of its new text', { timeout: 60_000 }, async () => {
  const course = await h.call('courses.create', { topic: { topic: 'Sourdough', projects: 3 } });
  const path = join(h.dataDir, 'handbook.pdf');
  writeFileSync(path, await textPdf([['Starter', 'Feed the starter daily.'], ['Hydration', 'Water to flour ratio.'], ['Baking', 'Steam and heat.']]));
  const [attached] = await attachMaterials({ store: h.core.store, files: new MaterialFiles(join(h.dataDir, 'materials')), extract: inThreadExtractor }, course.id, [{ path }]);
  expect(attached?.ok).toBe(true);
  const options = await h.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  await h.call('courses.chooseOption', { courseId: course.id, optionId: options[0]!.id });
  await h.call('courses.approveOutline', { courseId: course.id, by: 'Ada' });
  await h.call('jobs.enqueue', { courseId: course.id });
  await h.core.runner.waitUntilIdle();

  const generated = await h.call('courses.get', { courseId: course.id });
  const lesson = generated.projects[0]!.lessons[0]!;
  expect(lesson.sources.length).toBeGreaterThan(0);
  expect(lesson.sources.every((s) => s.fileName === 'handbook.pdf' && s.location.kind === 'pages')).toBe(true);
  // Stand in for an older answer: one source, a note the model would not write.
  const sha = lesson.sources[0]!.material;
  h.core.store.write(() => h.core.store.materials.setLessonSources(lesson.id, [{ material: sha, location: { kind: 'pages', from: 3, to: 3 }, note: 'older answer' }]));

  await h.call('lessons.regenerate', { lessonId: lesson.id });
  const after = (await h.call('courses.get', { courseId: course.id })).projects[0]!.lessons[0]!;
  expect(after.sources.map((s) => s.note)).not.toContain('older answer');
  expect(after.sources).toEqual(lesson.sources);
  const regenerate = h.fake.requests.at(-1)!.body;
  expect(regenerate.messages[0].content.find((b: { cache_control?: unknown }) => b.cache_control).text).toContain('[handbook.pdf p. 2]');

  // The material taken off the course: the next regeneration is written without it, and cites nothing.
  await h.call('materials.remove', { courseId: course.id, sha256: sha });
  await h.call('lessons.regenerate', { lessonId: lesson.id });
  expect(JSON.stringify(h.fake.requests.at(-1)!.body)).not.toContain('handbook.pdf');
  expect((await h.call('courses.get', { courseId: course.id })).projects[0]!.lessons[0]!.sources).toEqual([]);
});
