// The two ways a command ends early on purpose. Anything else that escapes a command is a
// bug and is reported as such (exit 1) by main.ts.
import type { CommandName } from './args';

/** Bad flags or arguments: print the message and the usage text, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: CommandName | null = null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A problem the person can fix (missing key, unreadable file, damaged database): the message says how. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
