// Where a soak run's figures go: soak/results/latest.json (+ latest.md, the tables as
// docs/RELIABILITY.md shows them) and a dated copy, with the machine they were measured on.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { markdownPart, type PartResult } from './report';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: timings on a busy machine read differently. */
  loadAverage: number;
}

export function machine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  };
}

export interface SoakRun {
  date: string;
  machine: Machine;
  options: Record<string, unknown>;
  ok: boolean;
  durationMs: number;
  parts: PartResult[];
}

export function markdownRun(run: SoakRun): string {
  const m = run.machine;
  return [
    `Measured ${run.date} on ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.os}, ` +
      `load average ${m.loadAverage} at the start; ` +
      `${(run.durationMs / 1000 / 60).toFixed(1)} min in all; options ${JSON.stringify(run.options)}.`,
    '',
    ...run.parts.map((p) => `${markdownPart(p)}\n`),
  ].join('\n');
}

/** Writes latest.json, latest.md and a dated JSON copy; returns the paths written. */
export function writeResults(dir: string, run: SoakRun): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = run.date.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(run, null, 2)}\n`;
  const files = [join(dir, 'latest.json'), join(dir, `soak-${stamp}.json`), join(dir, 'latest.md')];
  writeFileSync(files[0]!, json);
  writeFileSync(files[1]!, json);
  writeFileSync(files[2]!, `${markdownRun(run)}\n`);
  return files;
}

export const DOC_START = '<!-- soak:figures:start -->';
export const DOC_END = '<!-- soak:figures:end -->';

/**
 * Replaces the figures between the markers in docs/RELIABILITY.md with this run's tables.
 * Only a full run (every part) may do it, so the document never mixes two runs.
 */
export function updateReliabilityDoc(path: string, run: SoakRun): boolean {
  if (!existsSync(path)) return false;
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END);
  if (start < 0 || end < start) return false;
  writeFileSync(path, `${doc.slice(0, start + DOC_START.length)}\n${markdownRun(run)}\n${doc.slice(end)}`);
  return true;
}
