// The course's opt-in "send PDFs as pages": through the real engine and Anthropic SDK against
// the fake Messages API, every lessons, tasks and summary call's cached prefix holds the PDF as
// a document block (named by its file name) and the Markdown as labelled text, read from the
// cache after the first call of each kind; the lessons cite the PDF's pages. Without the
// setting nothing changes, and a local model gets text whatever the setting.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outline } from '../../../src/shared/domain';
import { approveOutline, editOutline } from '../../../src/main/courses/workflow';
import { localRoutes } from '../../../src/main/ai/providers/local-lanes';
import { attachMaterials } from '../../../src/main/sources/attach';
import { inThreadExtractor } from '../../../src/main/sources/in-thread-extractor';
import { MaterialFiles } from '../../../src/main/sources/material-files';
import { routingPreset } from '../../../src/shared/model-routing';
import { callKind, createEngine, tempDbPath, type Engine } from '../../support/engine';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { startFakeOpenAI } from '../../support/fake-openai';
import { textPdf } from '../../support/material-fixtures';

let fake: FakeAnthropic;
let engine: Engine | null = null;

beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 0 });
});
afterAll(() => fake.close());
afterEach(async () => {
  await engine?.close();
  engine = null;
  fake.reset();
});

const OUTLINE: Outline = {
  title: 'Earth and life',
  description: 'Plants and plates.',
  audience: 'students',
  level: 'beginner',
  language: 'English',
  projects: ['Photosynthesis', 'Plates', 'Volcanoes'].map((title) => ({
    title,
    description: `${title} explained`,
    lessons: [
      { title: `${title} one`, summary: 'First' },
      { title: `${title} two`, summary: 'Second' },
    ],
  })),
};

async function courseWith(e: Engine, pdfAsPages: boolean): Promise<{ courseId: string; files: MaterialFiles }> {
  const { store } = e;
  const course = store.write(() =>
    store.courses.create({ topic: 'Earth and life', audience: 'students', level: 'beginner', projects: 3, language: 'English', notes: '', pdfAsPages }),
  );
  const dir = dirname(store.db.name);
  const files = new MaterialFiles(join(dir, 'materials'));
  writeFileSync(join(dir, 'figures.pdf'), await textPdf([['Chlorophyll diagram, figure 1'], ['Plate boundary chart, figure 2'], ['Volcano cross-section, figure 3']]));
  writeFileSync(join(dir, 'notes.md'), '# Plants\n\nChlorophyll pigments capture sunlight.\n');
  await attachMaterials({ store, files, extract: inThreadExtractor }, course.id, [{ path: join(dir, 'figures.pdf') }, { path: join(dir, 'notes.md') }]);
  return { courseId: course.id, files };
}

async function generate(e: Engine, courseId: string): Promise<void> {
  editOutline(e.store, courseId, OUTLINE);
  approveOutline(e.store, courseId, 'Ada');
  e.runner.enqueue(courseId);
  e.runner.start();
  await e.runner.waitUntilIdle();
  const job = e.store.jobs.byCourse(courseId);
  expect(job?.status, job?.error_message ?? '').toBe('completed');
}

const jobBodies = () => fake.requests.filter((r) => r.status === 200 && ['lessons', 'tasks', 'finalize'].includes(callKind(r.body) ?? '')).map((r) => r.body as any);

describe('PDFs sent as pages (the course’s opt-in)', () => {
  it('puts each PDF as a document block in every call’s cached prefix, the Markdown as text, read from the cache after the first call', { timeout: 60_000 }, async () => {
    const dbPath = tempDbPath();
    const files = new MaterialFiles(join(dirname(dbPath), 'materials'));
    engine = createEngine({ baseURL: fake.url, dbPath, readMaterial: (h) => files.read(h) });
    const { courseId } = await courseWith(engine, true);
    await generate(engine, courseId);

    const bodies = jobBodies();
    expect(bodies.length).toBe(3 + 6 + 1);
    for (const body of bodies) {
      const first = body.messages[0].content as any[];
      const doc = first.find((b) => b.type === 'document');
      expect(doc).toMatchObject({ title: 'figures.pdf', source: { type: 'base64', media_type: 'application/pdf' } });
      expect(Buffer.from(doc.source.data, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The document comes before the cached text block (the breakpoint), so both are the cached prefix.
      const cached = first.findIndex((b) => b.cache_control);
      expect(first.indexOf(doc)).toBeLessThan(cached);
      expect(first[cached].text).toContain('[notes.md § Plants]');
      expect(first[cached].text).not.toContain('[figures.pdf p. 1]');
      expect(first[cached].text).toContain('cite it as "figures.pdf p. N"');
    }
    const rows = engine.store.db
      .prepare(`SELECT step, cache_read_tokens, cache_write_tokens FROM model_calls WHERE course_id = ? AND job_id IS NOT NULL AND outcome = 'ok' ORDER BY id`)
      .all(courseId) as { step: string; cache_read_tokens: number; cache_write_tokens: number }[];
    // Three pages at (750 text + 1,533 image) tokens each in the fake's count.
    const pagesTokens = 3 * (750 + 1_533);
    for (const step of ['lessons', 'tasks']) {
      const ofStep = rows.filter((r) => r.step === step);
      expect(ofStep.filter((r) => r.cache_write_tokens >= pagesTokens)).toHaveLength(1);
      expect(ofStep.filter((r) => r.cache_read_tokens >= pagesTokens)).toHaveLength(ofStep.length - 1);
    }
    const lessons = engine.store.courses.tree(courseId)!.projects.flatMap((p) => p.lessons);
    expect(lessons.some((l) => l.sources.some((s) => s.fileName === 'figures.pdf' && s.location.kind === 'pages'))).toBe(true);
    const job = engine.store.jobs.byCourse(courseId)!;
    expect(engine.store.logs.list(job.id).map((l) => l.message)).toContainEqual(expect.stringContaining('PDFs sent as pages (document blocks'));
  });

  it('without the setting, no document block: the PDF goes as labelled text', { timeout: 60_000 }, async () => {
    const dbPath = tempDbPath();
    const files = new MaterialFiles(join(dirname(dbPath), 'materials'));
    engine = createEngine({ baseURL: fake.url, dbPath, readMaterial: (h) => files.read(h) });
    const { courseId } = await courseWith(engine, false);
    await generate(engine, courseId);
    const bodies = jobBodies();
    expect(bodies.length).toBe(10);
    for (const body of bodies) {
      expect((body.messages[0].content as any[]).some((b) => b.type === 'document')).toBe(false);
      expect(body.messages[0].content.find((b: any) => b.cache_control).text).toContain('[figures.pdf p. 1]');
    }
  });

  it('a local model gets the text with the setting on', { timeout: 60_000 }, async () => {
    const local = await startFakeOpenAI({ models: ['qwen2.5:7b'], usage: false, contextWindow: 32_768 });
    try {
      const model = { baseUrl: `${local.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' as const };
      const dbPath = tempDbPath();
      const files = new MaterialFiles(join(dirname(dbPath), 'materials'));
      engine = createEngine({ baseURL: fake.url, dbPath, readMaterial: (h) => files.read(h), route: localRoutes(() => routingPreset('all-local', model), { timeoutMs: 5_000 }) });
      const { courseId } = await courseWith(engine, true);
      await generate(engine, courseId);
      expect(fake.requests).toHaveLength(0);
      const prompts = local.requests.map((r: any) => JSON.stringify(r.body.messages));
      expect(prompts.length).toBeGreaterThan(0);
      expect(prompts.some((p) => p.includes('[figures.pdf p. 1]'))).toBe(true);
      expect(prompts.some((p) => p.includes('"document"'))).toBe(false);
      const job = engine.store.jobs.byCourse(courseId)!;
      expect(engine.store.logs.list(job.id).map((l) => l.message)).toContainEqual(expect.stringContaining('this job sends their text'));
    } finally {
      await engine?.close();
      engine = null;
      await local.close();
    }
  });
});
