// `npm run bench -- --only sources`: reading a 300-page PDF (generated with pdf-lib: 40 lines
// of text a page, about 150,000 tokens), and whether the main thread keeps answering meanwhile.
// - through the sources worker the app uses (extractor.ts): the first file (worker start
//   included; here the worker starts from the .ts sources through tsx, slower than the built
//   app's) and then RUNS warm files; wall time, and the main thread's longest block while the
//   worker reads, from perf_hooks.monitorEventLoopDelay (resolution 10 ms) — max and p99.
// - the same histogram over an idle wait as long as a warm read: what a busy machine alone
//   does to the loop (on a shared two-core machine that is tens of milliseconds, not zero).
// - for contrast, the same file read in this thread (the event loop delay that would be the
//   app's without the worker), and its CPU time.
// Writes bench/results/sources-latest.json and a dated copy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_CHARS_PER_TOKEN } from '../src/main/estimate/calibration';
import type { MaterialContent } from '../src/main/sources/extract';
import { workerExtractor, type Extractor } from '../src/main/sources/extractor';
import { inThreadExtractor } from '../src/main/sources/in-thread-extractor';
import { textPdf } from '../test/support/material-fixtures';
import { sourcesWorkerFromSource } from '../test/support/ts-worker';

const PAGES = 300;
const LINES = 40;
const RUNS = 3;

interface Measured {
  ms: number;
  /** The longest the main event loop waited, ms. */
  maxDelayMs: number;
  p99DelayMs: number;
  cpuMs: number;
}

async function measure(extract: Extractor, bytes: Uint8Array): Promise<{ measured: Measured; content: MaterialContent }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const content = await extract(bytes, 'book.pdf', 'pdf', { charsPerToken: DEFAULT_CHARS_PER_TOKEN });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  histogram.disable();
  return { measured: { ms, maxDelayMs: histogram.max / 1e6, p99DelayMs: histogram.percentile(99) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 }, content };
}

async function idle(ms: number): Promise<Measured> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  histogram.disable();
  return { ms: performance.now() - t0, maxDelayMs: histogram.max / 1e6, p99DelayMs: histogram.percentile(99) / 1e6, cpuMs: 0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const summary = (runs: Measured[]): Measured => ({
  ms: median(runs.map((r) => r.ms)),
  maxDelayMs: Math.max(...runs.map((r) => r.maxDelayMs)),
  p99DelayMs: median(runs.map((r) => r.p99DelayMs)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
});

export async function runSourcesBench(): Promise<void> {
  const pages = Array.from({ length: PAGES }, (_, p) =>
    Array.from({ length: LINES }, (_, l) => `Page ${p + 1}, line ${l + 1}: relational algebra, joins, keys and normal forms, term${(p * LINES + l) % 997}.`),
  );
  const bytes = await textPdf(pages);
  process.stdout.write(`a ${PAGES}-page PDF, ${(bytes.length / 1024 / 1024).toFixed(1)} MB\n`);

  const worker = workerExtractor(sourcesWorkerFromSource);
  let first: Measured;
  const warm: Measured[] = [];
  const idleRuns: Measured[] = [];
  let content: MaterialContent;
  try {
    ({ measured: first, content } = await measure(worker, bytes));
    for (let i = 0; i < RUNS; i++) {
      const run = (await measure(worker, bytes)).measured;
      warm.push(run);
      idleRuns.push(await idle(run.ms));
    }
  } finally {
    await worker.close();
  }
  const inThread: Measured[] = [];
  for (let i = 0; i < RUNS; i++) inThread.push((await measure(inThreadExtractor, bytes)).measured);

  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg()[0] ?? 0,
    pdf: { pages: PAGES, bytes: bytes.length, words: content.words, tokens: content.tokens, chunks: content.chunks.length },
    workerFirst: first,
    workerWarm: summary(warm),
    idle: summary(idleRuns),
    inThread: summary(inThread),
  };
  const row = (label: string, m: Measured) =>
    `${label.padEnd(30)} ${`${(m.ms / 1000).toFixed(2)} s`.padStart(8)}   longest block ${`${m.maxDelayMs.toFixed(0)} ms`.padStart(8)}   p99 ${`${m.p99DelayMs.toFixed(0)} ms`.padStart(7)}`;
  process.stdout.write(
    [
      `text: ${content.words.toLocaleString('en')} words, ~${content.tokens.toLocaleString('en')} tokens, ${content.chunks.length} chunks`,
      row('worker, first (start included)', first),
      row(`worker, warm (median of ${RUNS})`, report.workerWarm),
      row('idle, as long (baseline)', report.idle),
      row(`in this thread (median of ${RUNS})`, report.inThread),
      `in-thread CPU per file: ${(report.inThread.cpuMs / 1000).toFixed(2)} s (load average ${report.loadAverage.toFixed(1)} on ${report.cpus} cores)`,
    ].join('\n') + '\n',
  );
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.at.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const file of ['sources-latest.json', `sources-${stamp}.json`]) writeFileSync(join(dir, file), json);
  process.stdout.write(`written to bench/results/sources-latest.json and bench/results/sources-${stamp}.json\n`);
}
