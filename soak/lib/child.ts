// A child process the soak can watch line by line and kill at will: the headless runner,
// the CLI, the app core in its own process. Output is kept whole so it can be searched
// afterwards (for SQLITE_BUSY, stack traces…).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WatchedChild {
  readonly process: ChildProcess;
  readonly startedAt: number;
  /** stdout lines with the time each arrived. */
  readonly lines: { at: number; text: string }[];
  readonly stderr: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first line (already seen or future) matching; rejects on timeout or exit. */
  waitForLine(match: RegExp, timeoutMs: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export const TSX_NODE_ARGS = ['--import', 'tsx'];

export function spawnWatched(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): WatchedChild {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: { at: number; text: string }[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push({ at: Date.now(), text });
    for (const w of [...waiters]) w();
  });
  createInterface({ input: child.stderr! }).on('line', (text) => stderr.push(text));
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      for (const w of [...waiters]) w();
      resolve(exitInfo);
    }),
  );
  return {
    process: child,
    startedAt: Date.now(),
    lines,
    stderr,
    exited,
    waitForLine(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => match.test(l.text));
          if (found) return done(() => resolve(found.text));
          if (exitInfo) return done(() => reject(new Error(`process exited (${JSON.stringify(exitInfo)}) before printing ${match}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${match}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (!exitInfo) child.kill(signal);
      await exited;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Races a promise against a deadline, naming what timed out. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${(ms / 1000).toFixed(0)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
