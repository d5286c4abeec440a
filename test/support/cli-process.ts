// The real CLI (bin/course-studio.js) as a child process, for the integration tests that drive
// it: its output collected, its exit awaited. It never inherits a developer's Claude key,
// endpoint or COURSE_STUDIO_* settings; each test passes the environment it means.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLI_BIN = join(import.meta.dirname, '../../bin/course-studio.js');

/**
 * For a test that runs the CLI a few times: each run starts Node and tsx and compiles the
 * sources it loads — half a second on a quiet machine, five or more on the 2-core CI while
 * the other test files run beside it (a 20 s default was once not enough for five runs).
 */
export const CLI_TEST_TIMEOUT = 60_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ReturnType<typeof spawn>;
  /** What it has written so far. */
  out: { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

export function startCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): RunningCli {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_') && !k.startsWith('COURSE_STUDIO_')));
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...out }));
  });
  return { child, out, done };
}

export const runCli = (args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> => startCli(args, cwd, env).done;
