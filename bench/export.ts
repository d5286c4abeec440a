// `npm run bench -- --only export`: how long an LMS export takes, and whether the main
// process keeps answering meanwhile. One 30-lesson course (3 projects × 10 lessons, 3 tasks
// each, lessons of rich Markdown with code, tables and lists) is exported as IMS CC and SCORM
// 1.2:
// - ms per export: the package built in this thread (the work the worker does; its CPU time
//   is what the goal of < 1 s is judged on, as wall-clock time on a shared machine measures
//   its load), and the whole `courses.export` command through the app core with the worker
//   the app uses (warm; its first export, worker start included, is reported apart).
// - the main event loop's lateness, sampled every 10 ms by a timer, in windows of the same
//   length taken side by side: idle, exporting through the worker, and (for contrast)
//   exporting in this thread. Judged as a ratio in this one run: the worker's median window
//   maximum ÷ the idle one; goal ≤ 4 (see GOAL_DELAY_RATIO).
// Writes bench/results/export-latest.json and a dated copy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../src/main/app-core';
import { buildPackage, packageInProcess, type PackageFormat } from '../src/main/export/course-file';
import { workerPackageBuilder } from '../src/main/export/package-worker-runner';
import { createMemorySecretStore } from '../src/main/secrets';
import type { CommandOutputs } from '../src/shared/ipc-contract';
import { storeGeneratedCourse } from '../test/support/lms/stored-course';
import { packageWorkerFromSource } from '../test/support/ts-worker';

const FORMATS: PackageFormat[] = ['imscc', 'scorm12'];
const RUNS = 5;
/** Windows of each kind, alternating: idle, worker, in this thread. */
const WINDOWS = 7;
const SAMPLE_MS = 10;
const GOAL_EXPORT_MS = 1_000;
/**
 * The worker takes one of the two cores, so on a loaded machine the main thread gets a
 * smaller share of the other and its timer runs a little later than when idle: that, not a
 * held loop, is what this ratio mostly sees (a loop held by the build shows 100× and more).
 */
const GOAL_DELAY_RATIO = 4;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Samples the loop every 10 ms while `work` runs: how late each tick fired. */
async function lateness(work: () => Promise<unknown>): Promise<{ maxMs: number; p99Ms: number; samples: number; durationMs: number }> {
  const late: number[] = [];
  let expected = performance.now() + SAMPLE_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - expected));
    expected = now + SAMPLE_MS;
  }, SAMPLE_MS);
  const t0 = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  // Work that never yields to the timers (a build in this thread, chained by promises only)
  // would leave no sample at all: the tick due since is as late as now.
  late.push(Math.max(0, performance.now() - expected));
  const sorted = [...late].sort((a, b) => a - b);
  return { maxMs: sorted.at(-1) ?? 0, p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0, samples: late.length, durationMs: performance.now() - t0 };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function exportThroughCore(core: AppCore, courseId: string, format: PackageFormat): Promise<number> {
  const t0 = performance.now();
  const result = await core.dispatch('courses.export', { courseId, format });
  if (!result.ok) throw new Error(`courses.export failed: ${result.error.message}`);
  void (result.value as CommandOutputs['courses.export']).byteLength;
  return performance.now() - t0;
}

export async function runExportBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-export-'));
  const worker = createAppCore({
    dataDir,
    secrets: createMemorySecretStore(null, 'plaintext'),
    env: {},
    start: false,
    buildPackage: workerPackageBuilder(packageWorkerFromSource),
  });
  let inThread: AppCore | null = null;
  try {
    const courseId = storeGeneratedCourse(worker.store, 'Systems programming in Rust', { projects: 3, lessons: 10, paragraphs: 16 });
    const tree = worker.store.courses.tree(courseId)!;
    const lessons = tree.projects.flatMap((p) => p.lessons);
    const markdownKb = lessons.reduce((n, l) => n + Buffer.byteLength(l.content), 0) / 1024;
    process.stdout.write(`course: ${tree.projects.length} projects, ${lessons.length} lessons, ${lessons.flatMap((l) => l.tasks).length} tasks, ${markdownKb.toFixed(0)} KB of Markdown\n`);

    // 1. The package itself, built in this thread: what the worker does for each export.
    // CPU time too: what the build costs whatever else the machine runs (docs/TESTING.md).
    const built: Record<string, { medianMs: number; maxMs: number; cpuMs: number; bytes: number }> = {};
    for (const format of FORMATS) {
      const times: number[] = [];
      const cpu: number[] = [];
      let bytes = buildPackage(tree, format).byteLength; // warm-up, as the worker is
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        bytes = buildPackage(tree, format).byteLength;
        const c = process.cpuUsage(c0);
        times.push(performance.now() - t0);
        cpu.push((c.user + c.system) / 1000);
      }
      built[format] = { medianMs: round(median(times)), maxMs: round(Math.max(...times)), cpuMs: round(median(cpu)), bytes };
    }

    // 2. The whole command through the core and the worker (base64 included), warm.
    const firstMs = await exportThroughCore(worker, courseId, 'imscc');
    const command: Record<string, { medianMs: number; maxMs: number }> = {};
    for (const format of FORMATS) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await exportThroughCore(worker, courseId, format));
      command[format] = { medianMs: round(median(times)), maxMs: round(Math.max(...times)) };
    }

    // 3. Event-loop lateness, side by side: an idle window as long as an export window, then
    // exports through the worker, then exports built in this thread (the same core's store,
    // opened a second time with the in-thread builder).
    inThread = createAppCore({ dataDir, secrets: createMemorySecretStore(null, 'plaintext'), env: {}, start: false, buildPackage: packageInProcess });
    const exportBoth = (core: AppCore) => async () => {
      for (const format of FORMATS) await exportThroughCore(core, courseId, format);
    };
    const windows = { idle: [] as number[], worker: [] as number[], inThread: [] as number[], idleP99: [] as number[], workerP99: [] as number[], inThreadP99: [] as number[] };
    for (let i = 0; i < WINDOWS; i++) {
      const w = await lateness(exportBoth(worker));
      const idle = await lateness(() => sleep(w.durationMs));
      const t = await lateness(exportBoth(inThread));
      windows.worker.push(w.maxMs);
      windows.workerP99.push(w.p99Ms);
      windows.idle.push(idle.maxMs);
      windows.idleP99.push(idle.p99Ms);
      windows.inThread.push(t.maxMs);
      windows.inThreadP99.push(t.p99Ms);
    }
    const idleMax = median(windows.idle);
    const workerMax = median(windows.worker);
    const ratio = workerMax / Math.max(idleMax, 1);
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      loadAverage: loadavg().map((n) => round(n, 2)),
      course: { projects: tree.projects.length, lessons: lessons.length, tasks: lessons.flatMap((l) => l.tasks).length, markdownKb: round(markdownKb) },
      builtInThread: built,
      throughWorker: { firstExportMs: round(firstMs), ...command },
      eventLoop: {
        sampleMs: SAMPLE_MS,
        windows: WINDOWS,
        idle: { medianMaxMs: round(idleMax), p99Ms: round(median(windows.idleP99)), maxima: windows.idle.map((n) => round(n)) },
        worker: { medianMaxMs: round(workerMax), p99Ms: round(median(windows.workerP99)), maxima: windows.worker.map((n) => round(n)) },
        inThread: { medianMaxMs: round(median(windows.inThread)), p99Ms: round(median(windows.inThreadP99)), maxima: windows.inThread.map((n) => round(n)) },
        workerToIdleRatio: round(ratio, 2),
        workerToIdleP99Ratio: round(median(windows.workerP99) / Math.max(median(windows.idleP99), 1), 2),
        inThreadToIdleRatio: round(median(windows.inThread) / Math.max(idleMax, 1), 1),
      },
      goals: {
        // CPU time of the build: the wall clock of a shared machine says more about its load.
        exportUnder1s: Math.max(...FORMATS.map((f) => built[f]!.cpuMs)) < GOAL_EXPORT_MS,
        delayRatio: ratio <= GOAL_DELAY_RATIO,
      },
    };
    const lines = [
      '',
      `| export of the 30-lesson course | IMS CC | SCORM 1.2 |`,
      `| --- | ---: | ---: |`,
      `| package built in this thread (median of ${RUNS}) | ${built.imscc!.medianMs} ms | ${built.scorm12!.medianMs} ms |`,
      `| of which CPU time (goal < 1 s) | ${built.imscc!.cpuMs} ms | ${built.scorm12!.cpuMs} ms |`,
      `| courses.export through the worker, warm (median of ${RUNS}) | ${command.imscc!.medianMs} ms | ${command.scorm12!.medianMs} ms |`,
      `| package size | ${(built.imscc!.bytes / 1024).toFixed(0)} KB | ${(built.scorm12!.bytes / 1024).toFixed(0)} KB |`,
      '',
      `first export through the worker (worker start included): ${round(firstMs)} ms`,
      `event loop, max lateness of a 10 ms timer (median of ${WINDOWS} windows): idle ${round(idleMax)} ms, exporting through the worker ${round(workerMax)} ms, in this thread ${round(median(windows.inThread))} ms`,
      `worker ÷ idle: ${round(ratio, 2)} ${report.goals.delayRatio ? '✓' : '✗'} (goal ≤ ${GOAL_DELAY_RATIO}; p99 ${report.eventLoop.workerToIdleP99Ratio}; in this thread ÷ idle ${report.eventLoop.inThreadToIdleRatio}); build under 1 s of CPU: ${report.goals.exportUnder1s ? '✓' : '✗'}`,
      `load average at the end: ${report.loadAverage.join(', ')} (${report.cpus} CPUs)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const dir = join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const stamp = report.at.replace(/[:.]/g, '-');
    for (const file of ['export-latest.json', `export-${stamp}.json`]) writeFileSync(join(dir, file), json);
    process.stdout.write(`\nwritten to bench/results/export-latest.json and bench/results/export-${stamp}.json\n`);
  } finally {
    await inThread?.dispose();
    await worker.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
