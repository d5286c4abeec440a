// A course generated from the instructor's materials, through the real engine (store, gateway,
// Anthropic SDK, runner) against the fake Messages API, which answers from what each request
// holds: the materials in every call's cached prefix and read from the cache after the
// first call; ranked passages per call when they do not fit (and the outline's condensed
// overview); lessons' sources stored and shown (the tree, `show --json`); a course whose
// materials all failed generates as before; a citation of a file never shown is repaired.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outline } from '../../../src/shared/domain';
import { formatLocation } from '../../../src/shared/materials';
import { approveOutline, editOutline } from '../../../src/main/courses/workflow';
import { generateOutlineOptions } from '../../../src/main/generation/outline-options';
import { LESSONS_SYSTEM, MATERIALS_RULES } from '../../../src/main/generation/prompts';
import { attachMaterials } from '../../../src/main/sources/attach';
import { inThreadExtractor } from '../../../src/main/sources/in-thread-extractor';
import { MaterialFiles } from '../../../src/main/sources/material-files';
import { startCli } from '../../support/cli-process';
import { callKind, createEngine, promptOf, tempDbPath, type Engine } from '../../support/engine';
import { generateFromSchema, startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { citeLabels } from '../../support/fake-anthropic/citations';
import { startFakeOpenAI } from '../../support/fake-openai';
import { encryptedPdf, textPdf } from '../../support/material-fixtures';
import { localRoutes } from '../../../src/main/ai/providers/local-lanes';
import { routingPreset } from '../../../src/shared/model-routing';

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

/** Three subjects with no word in common, so a passage about one never matches a query about another. */
const SUBJECTS = {
  photosynthesis: ['Chlorophyll pigments capture sunlight', 'inside chloroplast membranes; glucose', 'forms from carbon dioxide and water.'],
  tectonics: ['Tectonic plates drift slowly apart;', 'subduction trenches swallow oceanic', 'crust beneath continental margins.'],
  volcanoes: ['Magma chambers feed volcanic vents;', 'lava eruptions build basalt cones', 'ringed by pyroclastic ash deposits.'],
} as const;

/** `pagesEach` pages per subject, in order; each page 39 lines of its subject's words. */
function subjectPdf(pagesEach: number): Promise<Uint8Array> {
  const pages: string[][] = [];
  for (const lines of Object.values(SUBJECTS)) for (let p = 0; p < pagesEach; p++) pages.push(Array.from({ length: 39 }, (_, i) => lines[i % lines.length]!));
  return textPdf(pages);
}

const EXPECTED_PAGES: Record<string, [number, number]> = { Photosynthesis: [1, 6], 'Tectonic plates': [7, 12], Volcanoes: [13, 18] };

/** Every page a text's "[atlas.pdf p. 4–6]" labels name. */
const pagesIn = (text: string) =>
  [...text.matchAll(/\[atlas\.pdf p\. (\d+)(?:–(\d+))?\]/g)].flatMap((m) => {
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });

/** The project a lessons prompt is for, and that every page it was given is that project's. */
function expectOwnPages(prompt: string): void {
  const project = Object.keys(EXPECTED_PAGES).find((title) => prompt.includes(`: "${title}".`))!;
  const pages = pagesIn(prompt);
  expect(pages.length, project).toBeGreaterThan(0);
  const [from, to] = EXPECTED_PAGES[project]!;
  for (const page of pages) expect(page >= from && page <= to, `${project} got page ${page}`).toBe(true);
}

const OUTLINE: Outline = {
  title: 'Earth and life',
  description: 'Plants, plates and volcanoes.',
  audience: 'students',
  level: 'beginner',
  language: 'English',
  projects: [
    {
      title: 'Photosynthesis',
      description: 'Chlorophyll and chloroplast',
      lessons: [
        { title: 'Chlorophyll pigments', summary: 'Sunlight capture' },
        { title: 'Glucose', summary: 'Carbon dioxide' },
      ],
    },
    {
      title: 'Tectonic plates',
      description: 'Subduction and drift',
      lessons: [
        { title: 'Subduction trenches', summary: 'Oceanic crust' },
        { title: 'Continental margins', summary: 'Plates drift' },
      ],
    },
    {
      title: 'Volcanoes',
      description: 'Magma and lava',
      lessons: [
        { title: 'Magma chambers', summary: 'Volcanic vents' },
        { title: 'Lava eruptions', summary: 'Basalt cones and pyroclastic ash' },
      ],
    },
  ],
};

async function courseWith(e: Engine, files: { name: string; bytes: Uint8Array | string }[]): Promise<string> {
  const { store } = e;
  const course = store.write(() => store.courses.create({ topic: 'Earth and life', audience: 'students', level: 'beginner', projects: 3, language: 'English', notes: '' }));
  const dir = dirname(store.db.name);
  const paths = files.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.bytes);
    return { path };
  });
  await attachMaterials({ store, files: new MaterialFiles(join(dir, 'materials')), extract: inThreadExtractor }, course.id, paths);
  return course.id;
}

/** Outline options from the materials, then the hand-written outline approved, then the job run to its end. */
async function generate(e: Engine, courseId: string): Promise<void> {
  await generateOutlineOptions(e.store, e.gateway, { courseId, count: 1, record: (rec) => e.runner.recordCall(rec) });
  editOutline(e.store, courseId, OUTLINE);
  approveOutline(e.store, courseId, 'Ada');
  e.runner.enqueue(courseId);
  e.runner.start();
  await e.runner.waitUntilIdle();
  const job = e.store.jobs.byCourse(courseId);
  expect(job?.status, job?.error_message ?? "").toBe("completed");
}

/** The first user turn's block marked for caching: the job's shared context. */
const cachedBlock = (body: any): string => body.messages[0].content.find((b: any) => b.cache_control)?.text ?? '';
const requestsOf = (kind: string) => fake.requests.filter((r) => r.status === 200 && callKind(r.body) === kind).map((r) => r.body);

interface CallRow {
  step: string;
  outcome: string;
  cache_read_tokens: number;
  cache_write_tokens: number;
  input_tokens: number;
}
const jobCalls = (e: Engine, courseId: string) =>
  e.store.db.prepare(`SELECT step, outcome, cache_read_tokens, cache_write_tokens, input_tokens FROM model_calls WHERE course_id = ? AND job_id IS NOT NULL ORDER BY id`).all(courseId) as CallRow[];

describe('a course grounded in its materials', () => {
  it('sends the materials whole in every call’s cached prefix, reads them from the cache after the first call of each kind, and stores the lessons’ sources', { timeout: 60_000 }, async () => {
    const dbPath = tempDbPath();
    engine = createEngine({ baseURL: fake.url, dbPath });
    const markdown = '# Plants\n\nChlorophyll pigments capture sunlight.\n\n## Glucose\n\nGlucose forms from carbon dioxide.\n';
    const courseId = await courseWith(engine, [
      { name: 'syllabus.pdf', bytes: await subjectPdf(2) },
      { name: 'notes.md', bytes: markdown },
    ]);
    await generate(engine, courseId);

    // Every call (outline option, lessons, tasks, summary) carries every page and section, labelled, in its cached block.
    const calls = ['outline', 'lessons', 'tasks', 'finalize'].flatMap(requestsOf);
    expect(calls.length).toBe(1 + 3 + 6 + 1);
    for (const body of calls) {
      const block = cachedBlock(body);
      for (let p = 1; p <= 6; p++) expect(block).toContain(`[syllabus.pdf p. ${p}]`);
      expect(block).toContain('[notes.md § Plants › Glucose]');
      expect(block).toContain('Magma chambers feed volcanic vents');
      expect(body.system.map((b: any) => b.text).join('')).toContain(MATERIALS_RULES);
    }
    expect(promptOf(requestsOf('outline')[0])).toContain('follow their structure, their terms and their order');
    // The materials come before the outline, in the same cached block.
    const lessonsBlock = cachedBlock(requestsOf('lessons')[0]);
    expect(lessonsBlock.indexOf('[syllabus.pdf p. 1]')).toBeLessThan(lessonsBlock.indexOf('Approved outline:'));

    // The ledger: per kind, the first call writes the prefix and every later one reads it.
    const materialTokens = Math.ceil(lessonsBlock.length / 4) * 0.9;
    const rows = jobCalls(engine, courseId).filter((r) => r.outcome === 'ok');
    for (const step of ['lessons', 'tasks']) {
      const ofStep = rows.filter((r) => r.step === step);
      expect(ofStep.filter((r) => r.cache_write_tokens >= materialTokens)).toHaveLength(1);
      expect(ofStep.filter((r) => r.cache_read_tokens >= materialTokens)).toHaveLength(ofStep.length - 1);
    }
    const read = rows.reduce((n, r) => n + r.cache_read_tokens, 0);
    const all = rows.reduce((n, r) => n + r.cache_read_tokens + r.cache_write_tokens + r.input_tokens, 0);
    expect(read / all).toBeGreaterThan(0.5);

    // Sources: each lesson cites one or two places it was shown, stored with it and read back with the tree.
    const tree = engine.store.courses.tree(courseId)!;
    const lessons = tree.projects.flatMap((p) => p.lessons);
    expect(lessons).toHaveLength(6);
    for (const lesson of lessons) {
      expect(lesson.sources.length).toBeGreaterThanOrEqual(1);
      expect(lesson.sources.length).toBeLessThanOrEqual(2);
      for (const source of lesson.sources) {
        expect(['syllabus.pdf', 'notes.md']).toContain(source.fileName);
        if (source.fileName === 'syllabus.pdf') expect(source.location).toMatchObject({ kind: 'pages' });
        expect(lessonsBlock).toContain(`[${source.fileName}${formatLocation(source.location) ? ` ${formatLocation(source.location)}` : ''}]`);
      }
    }
    // Tasks are told which places their lesson drew on.
    const firstLesson = lessons[0]!;
    const label = `[${firstLesson.sources[0]!.fileName} ${formatLocation(firstLesson.sources[0]!.location)}]`.replace(' ]', ']');
    expect(requestsOf('tasks').some((b) => promptOf(b).includes(`"${firstLesson.title}"`) && promptOf(b).includes(`The lesson draws on: ${label}`))).toBe(true);

    // `show --json` prints them, as the tree holds them.
    await engine.close();
    engine = null;
    const shown = await startCli(['show', '--db', dbPath, '--course', courseId, '--json'], dirname(dbPath), {}).done;
    expect(shown.code, shown.stderr).toBe(0);
    const printed = JSON.parse(shown.stdout);
    expect(printed.projects[0].lessons[0].sources).toEqual(JSON.parse(JSON.stringify(tree.projects[0]!.lessons[0]!.sources)));
  });

  it('when the materials do not fit, each lessons call gets the passages about its own project and the outline a condensed overview', { timeout: 60_000 }, async () => {
    engine = createEngine({ baseURL: fake.url, dbPath: tempDbPath(), contextTokens: 16_000 });
    const courseId = await courseWith(engine, [{ name: 'atlas.pdf', bytes: await subjectPdf(6) }]);
    await generate(engine, courseId);

    const outline = requestsOf('outline')[0];
    expect(cachedBlock(outline)).toMatch(/^Overview of the instructor's source materials/);
    expect(cachedBlock(outline)).toContain('## atlas.pdf (18 pages)');

    const lessonsCalls = requestsOf('lessons');
    expect(lessonsCalls).toHaveLength(3);
    for (const body of lessonsCalls) {
      // Nothing of the materials in the cached prefix: they are per call, after it.
      expect(cachedBlock(body)).not.toContain('[atlas.pdf');
      expectOwnPages(promptOf(body));
    }
    // …and the lessons cite those pages.
    const tree = engine.store.courses.tree(courseId)!;
    tree.projects.forEach((project) => {
      const [from, to] = EXPECTED_PAGES[project.title]!;
      for (const lesson of project.lessons) {
        expect(lesson.sources.length).toBeGreaterThan(0);
        for (const s of lesson.sources) {
          expect(s.location.kind === 'pages' && s.location.from >= from && s.location.to <= to, `${lesson.title}: ${formatLocation(s.location)}`).toBe(true);
        }
      }
    });
  });

  it('a course whose materials all failed to read generates exactly as one without materials', { timeout: 60_000 }, async () => {
    engine = createEngine({ baseURL: fake.url, dbPath: tempDbPath() });
    const courseId = await courseWith(engine, [{ name: 'policy.pdf', bytes: encryptedPdf('pw') }]);
    expect(engine.store.materials.forCourse(courseId)[0]!.error?.code).toBe('encrypted_pdf');
    await generate(engine, courseId);
    for (const body of fake.requests.map((r) => r.body)) {
      expect(JSON.stringify(body)).not.toContain('source materials');
      expect(JSON.stringify(body)).not.toContain('"sources"');
    }
    expect(engine.store.courses.tree(courseId)!.projects.flatMap((p) => p.lessons).every((l) => l.sources.length === 0)).toBe(true);
  });

  it('a lesson citing a file it was never shown (or a page past the end) is sent back to the model and repaired', { timeout: 60_000 }, async () => {
    engine = createEngine({ baseURL: fake.url, dbPath: tempDbPath() });
    const courseId = await courseWith(engine, [{ name: 'syllabus.pdf', bytes: await subjectPdf(1) }]);
    let bad = 0;
    fake.setContentOverride((body) => {
      if (callKind(body) !== 'lessons' || !promptOf(body).includes('"Photosynthesis"') || body.messages.length > 1 || bad > 0) return undefined;
      bad++;
      const answer = citeLabels(generateFromSchema(body.output_config.format.schema, 'x'), body) as { lessons: { sources: unknown[] }[] };
      answer.lessons = answer.lessons.slice(0, 2);
      answer.lessons[0]!.sources = [{ material: 'handbook.pdf', location: 'p. 2', note: 'made up' }];
      answer.lessons[1]!.sources = [{ material: 'syllabus.pdf', location: 'p. 40', note: 'past the end' }];
      return answer;
    });
    await generate(engine, courseId);
    expect(bad).toBe(1);
    const repair = requestsOf('lessons').find((b) => b.messages.length > 1)!;
    const complaint = repair.messages.at(-1).content[0].text as string;
    expect(complaint).toContain('lessons[0].sources[0].material');
    expect(complaint).toContain('syllabus.pdf has 3 pages; "p. 40" is past its end');
    const rows = jobCalls(engine, courseId).filter((r) => r.step === 'lessons');
    expect(rows.filter((r) => r.outcome === 'invalid_output')).toHaveLength(1);
    const first = engine.store.courses.tree(courseId)!.projects[0]!.lessons;
    expect(first.flatMap((l) => l.sources.map((s) => s.fileName))).not.toContain('handbook.pdf');
    expect(first.every((l) => l.sources.length > 0)).toBe(true);
  });

  it('a local model gets the extracted text within its smaller context (Ollama’s num_ctx, asked at the job’s start): passages per call, in the one prompt it reads', { timeout: 60_000 }, async () => {
    const local = await startFakeOpenAI({ models: ['qwen2.5:7b'], usage: false, contextWindow: 16_384 });
    try {
      const model = { baseUrl: `${local.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' as const };
      engine = createEngine({ baseURL: fake.url, dbPath: tempDbPath(), route: localRoutes(() => routingPreset('all-local', model), { timeoutMs: 5_000 }) });
      const courseId = await courseWith(engine, [{ name: 'atlas.pdf', bytes: await subjectPdf(6) }]);
      await generate(engine, courseId);
      expect(fake.requests).toHaveLength(0);
      expect(engine.gateway.modelFor('lessons')?.contextTokens).toBe(16_384);
      const lessonsCalls = local.requests.map((r: any) => r.body).filter((b: any) => String(b.messages?.[0]?.content ?? '').startsWith(LESSONS_SYSTEM));
      expect(lessonsCalls).toHaveLength(3);
      for (const body of lessonsCalls) expectOwnPages(body.messages[1].content);
      const lessons = engine.store.courses.tree(courseId)!.projects.flatMap((p) => p.lessons);
      expect(lessons.every((l) => l.sources.length > 0 && l.sources.every((s) => s.fileName === 'atlas.pdf'))).toBe(true);
    } finally {
      await engine?.close();
      engine = null;
      await local.close();
    }
  });

  it('a local model whose context leaves no room for them generates without the materials, and the job says why', { timeout: 60_000 }, async () => {
    const local = await startFakeOpenAI({ models: ['qwen2.5:7b'], usage: false });
    try {
      // No known num_ctx: Ollama's default 4,096 tokens is assumed, less than the largest call needs already.
      const model = { baseUrl: `${local.url}/v1`, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' as const };
      engine = createEngine({ baseURL: fake.url, dbPath: tempDbPath(), route: localRoutes(() => routingPreset('all-local', model), { timeoutMs: 5_000 }) });
      const courseId = await courseWith(engine, [{ name: 'atlas.pdf', bytes: await subjectPdf(1) }]);
      await generate(engine, courseId);
      for (const r of local.requests) expect(JSON.stringify(r.body)).not.toContain('atlas.pdf');
      const job = engine.store.jobs.byCourse(courseId)!;
      expect(engine.store.logs.list(job.id).map((l) => l.message)).toContainEqual(expect.stringContaining("materials do not fit in the model's context at all"));
    } finally {
      await engine?.close();
      engine = null;
      await local.close();
    }
  });
});
