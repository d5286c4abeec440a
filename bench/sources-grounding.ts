// `npm run bench -- --only grounding` (also run by `--only sources`): what a course grounded
// in a 50-page PDF costs, through the real engine and the fake Messages API.
// - One job of 5 projects × 4 lessons (26 calls: 5 lessons, 20 tasks, 1 summary) with the
//   PDF whole in every call's cached prefix, and the same job without materials. From the
//   ledger (model_calls): the cached share = cache reads ÷ all input tokens of the job's
//   calls, and the cost at the default model's prices vs the same tokens without caching.
// - Twice: with the fake's default cache (a request answered after the writer reads, even if
//   it was sent with it: the best case) and with `cacheReadableFromResponse` (the API's rule:
//   a prefix is readable only by requests sent after the writer's response began, so calls
//   sent together all write it), the fake's latency at LATENCY_MS so calls overlap as they
//   do for real.
// - Anthropic's PDF document blocks, computed (no real API here) from Anthropic's published
//   method: each page's text tokens plus the page as an image, width × height / 750 tokens
//   at the size the API renders it (long edge ≤ 1568 px, ~1.15 megapixels: ~1,600 tokens a
//   page at most). See docs/SOURCES.md, "PDF document blocks".
// Writes bench/results/grounding-latest.json and a dated copy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outline } from '../src/shared/domain';
import { DEFAULT_MODEL } from '../src/main/ai/config';
import { costOf } from '../src/main/ai/pricing';
import { approveOutline, editOutline } from '../src/main/courses/workflow';
import { DEFAULT_CHARS_PER_TOKEN } from '../src/main/estimate/calibration';
import { attachMaterials } from '../src/main/sources/attach';
import { inThreadExtractor } from '../src/main/sources/in-thread-extractor';
import { MaterialFiles } from '../src/main/sources/material-files';
import { createEngine } from '../test/support/engine';
import { startFakeAnthropic, type FakeAnthropic } from '../test/support/fake-anthropic';
import { textPdf } from '../test/support/material-fixtures';

const PAGES = 50;
const LINES = 38;
const LATENCY_MS = 400;
/** An A4 page rendered within 1568 px on its long edge and ~1.15 megapixels (Anthropic's vision guidance). */
const PAGE_IMAGE = { width: 902, height: 1275 };

const WORDS = (
  'query index table join key row column schema normal form transaction lock isolation commit rollback view trigger ' +
  'aggregate group order filter predicate cardinality plan cost optimizer statistics histogram partition replica shard ' +
  'backup restore migration constraint foreign primary unique check default sequence cursor window frame rank lateral'
).split(' ');

/** Lecture notes: a title line, then sentences drawn from a vocabulary, different on every page. */
function notes(): string[][] {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  return Array.from({ length: PAGES }, (_, p) => [
    `Week ${Math.floor(p / 4) + 1}, part ${(p % 4) + 1}: ${WORDS[p % WORDS.length]} and ${WORDS[(p * 7) % WORDS.length]}`,
    ...Array.from({ length: LINES }, () => {
      const words = Array.from({ length: 9 }, () => WORDS[next() % WORDS.length]!);
      return `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}.`;
    }),
  ]);
}

function outline(): Outline {
  return {
    title: 'Databases from the lecture notes',
    description: 'Relational databases, taught from the course notes.',
    audience: 'students',
    level: 'intermediate',
    language: 'English',
    projects: Array.from({ length: 5 }, (_, p) => ({
      title: `${WORDS[p * 3]} and ${WORDS[p * 3 + 1]}`,
      description: `Build a small database that uses ${WORDS[p * 3 + 2]}.`,
      lessons: Array.from({ length: 4 }, (_, l) => ({ title: `${WORDS[(p * 4 + l) % WORDS.length]} in practice`, summary: `How ${WORDS[(p * 4 + l + 5) % WORDS.length]} works.` })),
    })),
  };
}

interface Row {
  step: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

interface JobFigures {
  calls: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  cachedShare: number;
  costUsd: number;
  costWithoutCachingUsd: number;
}

function figures(rows: Row[]): JobFigures {
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  const usage = { input: sum((r) => r.input_tokens), output: sum((r) => r.output_tokens), cacheRead: sum((r) => r.cache_read_tokens), cacheWrite: sum((r) => r.cache_write_tokens) };
  const allInput = usage.input + usage.cacheRead + usage.cacheWrite;
  return {
    calls: rows.length,
    ...usage,
    cachedShare: usage.cacheRead / allInput,
    costUsd: costOf(DEFAULT_MODEL, usage),
    costWithoutCachingUsd: costOf(DEFAULT_MODEL, { input: allInput, output: usage.output, cacheRead: 0, cacheWrite: 0 }),
  };
}

async function runJob(fake: FakeAnthropic, pdf: Uint8Array | null): Promise<{ rows: Row[]; materialTokens: number; textChars: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-bench-grounding-'));
  const engine = createEngine({ baseURL: fake.url, dbPath: join(dir, 'studio.db') });
  try {
    const { store } = engine;
    const course = store.write(() => store.courses.create({ topic: 'Databases', audience: 'students', level: 'intermediate', projects: 5, language: 'English', notes: '' }));
    let textChars = 0;
    if (pdf) {
      writeFileSync(join(dir, 'notes.pdf'), pdf);
      const [result] = await attachMaterials({ store, files: new MaterialFiles(join(dir, 'materials')), extract: inThreadExtractor }, course.id, [{ path: join(dir, 'notes.pdf') }]);
      if (!result?.ok) throw new Error(`could not attach the PDF: ${result?.ok === false ? result.error.message : 'no result'}`);
      textChars = store.materials.content(result.material.sha256)!.text.length;
    }
    editOutline(store, course.id, outline());
    approveOutline(store, course.id, 'Bench');
    fake.reset();
    fake.setLatency(LATENCY_MS);
    engine.runner.enqueue(course.id);
    engine.runner.start();
    await engine.runner.waitUntilIdle();
    const rows = store.db
      .prepare(`SELECT step, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens FROM model_calls WHERE course_id = ? AND outcome = 'ok' ORDER BY id`)
      .all(course.id) as Row[];
    const block = fake.requests.map((r) => r.body.messages?.[0]?.content?.find?.((b: { cache_control?: unknown }) => b.cache_control)?.text ?? '').find(Boolean) ?? '';
    return { rows, materialTokens: Math.ceil(block.length / 4), textChars };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface GroundingBench {
  pages: number;
  extractedTextTokens: number;
  /** `bestCase`: a call answered after the writer reads; `apiRule`: only calls sent after the writer's answer began. */
  withMaterials: { bestCase: JobFigures; apiRule: JobFigures };
  withoutMaterials: JobFigures;
  documentBlocks: { perPageImageTokens: number; textTokens: number; documentTokens: number; ratio: number; jobCostUsd: { extractedText: number; documentBlocks: number } };
}

export async function runGroundingBench(): Promise<GroundingBench> {
  const fake = await startFakeAnthropic({ latencyMs: 0 });
  const strict = await startFakeAnthropic({ latencyMs: 0, cacheReadableFromResponse: true });
  try {
    const pdf = await textPdf(notes());
    const grounded = await runJob(fake, pdf);
    const underApiRule = await runJob(strict, pdf);
    const plain = await runJob(strict, null);
    const withFake = figures(grounded.rows);
    const withApiRule = figures(underApiRule.rows);
    const without = figures(plain.rows);

    // Document blocks: the same pages' text, plus each page as an image.
    const textTokens = Math.ceil(grounded.textChars / DEFAULT_CHARS_PER_TOKEN);
    const perPageImageTokens = Math.min(1600, Math.round((PAGE_IMAGE.width * PAGE_IMAGE.height) / 750));
    const documentTokens = textTokens + PAGES * perPageImageTokens;
    const ratio = documentTokens / textTokens;
    // The job's materials cost scales with the materials' tokens (cache writes and reads alike).
    const materialsCost = withApiRule.costUsd - without.costUsd;
    const result: GroundingBench = {
      pages: PAGES,
      extractedTextTokens: textTokens,
      withMaterials: { bestCase: withFake, apiRule: withApiRule },
      withoutMaterials: without,
      documentBlocks: {
        perPageImageTokens,
        textTokens,
        documentTokens,
        ratio,
        jobCostUsd: { extractedText: withApiRule.costUsd, documentBlocks: without.costUsd + materialsCost * ratio },
      },
    };
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const usd = (x: number) => `$${x.toFixed(4)}`;
    const out = process.stdout;
    out.write(`  a ${PAGES}-page PDF: ${textTokens.toLocaleString('en-US')} tokens of text (estimate: characters ÷ ${DEFAULT_CHARS_PER_TOKEN}); the job has ${withFake.calls} calls\n`);
    out.write(`  cached share (best case):            ${pct(withFake.cachedShare)}; ${usd(withFake.costUsd)} vs ${usd(withFake.costWithoutCachingUsd)} without caching\n`);
    out.write(`  cached share (API's rule, overlap):  ${pct(withApiRule.cachedShare)}; ${usd(withApiRule.costUsd)} vs ${usd(withApiRule.costWithoutCachingUsd)} without caching\n`);
    out.write(`  the same job without materials:     ${usd(without.costUsd)}\n`);
    out.write(`  as PDF document blocks: ${documentTokens.toLocaleString('en-US')} tokens (${ratio.toFixed(2)}× the text; ${perPageImageTokens} image tokens a page): job ≈ ${usd(result.documentBlocks.jobCostUsd.documentBlocks)}\n`);
    const dirOut = join(import.meta.dirname, 'results');
    mkdirSync(dirOut, { recursive: true });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const json = `${JSON.stringify({ at: new Date().toISOString(), model: DEFAULT_MODEL, latencyMs: LATENCY_MS, ...result }, null, 2)}\n`;
    for (const file of ['grounding-latest.json', `grounding-${stamp}.json`]) writeFileSync(join(dirOut, file), json);
    out.write(`  written to bench/results/grounding-latest.json\n`);
    return result;
  } finally {
    await fake.close();
    await strict.close();
  }
}
