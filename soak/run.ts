// `npm run soak`: the reliability soak (issue 5). Runs each part, prints its table and
// checks, and writes soak/results/latest.json (+ latest.md and a dated copy); a full run at
// the default scale also refreshes the figures in docs/RELIABILITY.md. Exits 1 if any check
// failed. Bounded: about 12 minutes at the default scale on two cores, 8 of them part 9 (the
// outage soak runs with the production breaker and retry timings).
//   npm run soak -- [--parts 1,3,5] [--scale 3] [--seed 7] [--no-write]
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { PARTS } from './parts';
import { formatPart, failedChecks, type PartResult } from './lib/report';
import { machine, updateReliabilityDoc, writeResults, type SoakRun } from './lib/results';

const USAGE = `Usage: npm run soak -- [--parts 1,3,5] [--scale N] [--seed N] [--no-write]
  --parts    which parts to run (default: all): ${PARTS.map((p) => `${p.part} ${p.name}`).join(', ')}
  --scale    multiplies sizes and durations (kills, courses, offline time); default 1 (~12 min, part 9 ~8 min at any scale)
  --seed     seed for batch sizes, kill moments and fault dice (default 1)
  --no-write print only; leave soak/results alone`;

function fail(message: string): never {
  console.error(`soak: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        parts: { type: 'string' },
        scale: { type: 'string', default: '1' },
        seed: { type: 'string', default: '1' },
        'no-write': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 20)) fail(`--scale must be a number in (0, 20], got "${values.scale}"`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
const wanted = values.parts ? values.parts.split(',').map((s) => Number(s.trim())) : PARTS.map((p) => p.part);
const unknown = wanted.filter((n) => !PARTS.some((p) => p.part === n));
if (unknown.length > 0) fail(`unknown part(s): ${unknown.join(', ')}`);

const started = Date.now();
const host = machine();
const results: PartResult[] = [];
for (const entry of PARTS.filter((p) => wanted.includes(p.part))) {
  console.log(`\n▶ part ${entry.part} (${entry.name})…`);
  const result = await entry.run(scale, seed);
  results.push(result);
  console.log(formatPart(result));
}

const failures = results.flatMap((r) => failedChecks(r).map((f) => `part ${r.part}: ${f}`));
const run: SoakRun = {
  date: new Date(started).toISOString(),
  machine: host,
  options: { parts: wanted, scale, seed },
  ok: failures.length === 0,
  durationMs: Date.now() - started,
  parts: results,
};
console.log(`\nSoak ${run.ok ? 'passed' : 'FAILED'} in ${(run.durationMs / 60_000).toFixed(1)} min on ${run.machine.cpus} CPUs, ${run.machine.memoryGiB} GiB, Node ${run.machine.node}.`);
for (const f of failures) console.log(`  ✗ ${f}`);
if (!values['no-write']) {
  const files = writeResults(join(import.meta.dirname, 'results'), run);
  // Only a run of every part replaces the figures the document publishes (it states its options).
  const full = PARTS.every((p) => wanted.includes(p.part));
  if (full && updateReliabilityDoc(join(import.meta.dirname, '..', 'docs', 'RELIABILITY.md'), run)) files.push('docs/RELIABILITY.md');
  console.log(`Results: ${files.join(', ')}`);
}
// Child processes and servers are closed by each part; exit explicitly in case a stray handle lingers.
process.exit(run.ok ? 0 : 1);
