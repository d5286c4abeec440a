// Everything a command touches outside the store is passed in, so commands run the same in
// a terminal, in a pipe and under test.

export interface CliOutput {
  write(text: string): unknown;
  /** A terminal (redrawn progress) rather than a pipe or file (one line per event). */
  isTTY?: boolean;
  columns?: number;
}

export type CliSignal = 'SIGINT' | 'SIGTERM';

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Subscribes to SIGINT and SIGTERM; returns the unsubscribe. */
  onSignal(handler: (signal: CliSignal) => void): () => void;
  /** Leaves at once (a second Ctrl-C). */
  exit(code: number): never;
}

export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal(handler) {
      const onInt = () => handler('SIGINT');
      const onTerm = () => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    exit: (code) => process.exit(code),
  };
}

/** The shell convention for "ended by signal N": 128 + N. */
export const SIGNAL_EXIT_CODES: Record<CliSignal, number> = { SIGINT: 130, SIGTERM: 143 };
