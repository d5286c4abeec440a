#!/usr/bin/env node
// The suite under load: a CPU hog keeps one core busy while the e2e suite runs three times
// (Playwright's --repeat-each) and vitest twice, then prints pass/fail counts and durations.
// A test that only passes on a quiet machine fails here. Not part of `npm test`.
//   node scripts/test-stress.mjs [--e2e-repeat 3] [--vitest-runs 2] [--hogs 1] [--skip-e2e] [--skip-vitest]
// The hog stops with this script (and by itself after --hog-minutes, default 90, or when
// this script's process is gone). Results: test-results/stress/summary.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test-results', 'stress');
const { values } = parseArgs({
  options: {
    'e2e-repeat': { type: 'string', default: '3' },
    'vitest-runs': { type: 'string', default: '2' },
    hogs: { type: 'string', default: '1' },
    'hog-minutes': { type: 'string', default: '90' },
    'skip-e2e': { type: 'boolean', default: false },
    'skip-vitest': { type: 'boolean', default: false },
  },
});

// A busy loop that checks now and then that the script is still there, and ends by itself.
const HOG = `
const end = Date.now() + Number(process.argv[1]) * 60_000;
const parent = Number(process.argv[2]);
let next = 0;
for (;;) {
  const now = Date.now();
  if (now > end) break;
  if (now > next) {
    next = now + 500;
    try { process.kill(parent, 0); } catch { break; }
  }
}`;

const hogs = [];
function startHogs() {
  for (let i = 0; i < Number(values.hogs); i++) {
    hogs.push(spawn(process.execPath, ['-e', HOG, values['hog-minutes'], String(process.pid)], { stdio: 'ignore' }));
  }
  console.log(`stress: ${hogs.length} CPU hog(s) started (pid ${hogs.map((h) => h.pid).join(', ')})`);
}
function stopHogs() {
  for (const hog of hogs.splice(0)) if (hog.exitCode === null) hog.kill('SIGKILL');
}
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopHogs(), process.exit(130)));

function run(command, args, env = {}) {
  return new Promise((resolveRun) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolveRun({ code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 }));
  });
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
if (spawnSync(process.execPath, [join(root, 'scripts/ensure-node-abi.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
startHogs();
const results = [];

if (!values['skip-e2e']) {
  const report = join(outDir, 'e2e.json');
  const repeat = Number(values['e2e-repeat']);
  // Its own output folder: Playwright empties the one it writes to when it starts, so a
  // test run in the same tree meanwhile would delete this run's traces mid-test (and this
  // run would delete that one's).
  const output = join(outDir, 'playwright');
  const { code, seconds } = await run(process.execPath, [join(root, 'scripts/e2e.mjs'), `--repeat-each=${repeat}`, '--reporter=dot,json', `--output=${output}`], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  const stats = readJson(report)?.stats;
  results.push({
    suite: `e2e ×${repeat} (--repeat-each)`,
    exit: code,
    passed: stats?.expected ?? null,
    failed: stats ? stats.unexpected + stats.flaky : null,
    skipped: stats?.skipped ?? null,
    seconds,
  });
}

if (!values['skip-vitest']) {
  for (let i = 1; i <= Number(values['vitest-runs']); i++) {
    const report = join(outDir, `vitest-${i}.json`);
    const { code, seconds } = await run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`]);
    const json = readJson(report);
    results.push({
      suite: `vitest run ${i}`,
      exit: code,
      passed: json?.numPassedTests ?? null,
      failed: json ? json.numFailedTests : null,
      skipped: json ? json.numPendingTests + json.numTodoTests : null,
      seconds,
    });
  }
}
stopHogs();

const summary = { finishedAt: new Date().toISOString(), cores: (await import('node:os')).availableParallelism(), hogs: Number(values.hogs), results };
writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(`\nstress: ${summary.hogs} core(s) of ${summary.cores} kept busy`);
console.log('suite                          passed  failed  skipped  duration  exit');
for (const r of results) {
  console.log(
    `${r.suite.padEnd(30)} ${String(r.passed ?? '?').padStart(6)}  ${String(r.failed ?? '?').padStart(6)}  ${String(r.skipped ?? '?').padStart(7)}  ${`${(r.seconds / 60).toFixed(1)} min`.padStart(8)}  ${r.exit}`,
  );
}
const bad = results.filter((r) => r.exit !== 0 || r.failed !== 0);
console.log(bad.length === 0 ? 'stress: no failures' : `stress: ${bad.length} run(s) failed; reports in ${outDir}`);
process.exit(bad.length === 0 ? 0 : 1);
