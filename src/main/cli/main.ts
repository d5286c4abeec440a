// Routes argv to a command and turns every way it can end into an exit code:
// 0 done, 1 failed (with a sentence on stderr), 2 bad usage (with the usage text).
import { USAGE, parseCliArgs, type CliArgs } from './args';
import { CliError, UsageError } from './errors';
import type { CliIo } from './io';

// Each command is loaded only when asked for: `status` and `show` start without the
// model SDK, and `--help` without the database driver.
async function execute(args: CliArgs, io: CliIo): Promise<number> {
  switch (args.command) {
    case 'help':
      io.stdout.write(`${USAGE[args.topic ?? 'main']}\n`);
      return 0;
    case 'queue':
      return (await import('./queue-command')).queueCommand(args, io);
    case 'estimate':
      return (await import('./estimate-command')).estimateCommand(args, io);
    case 'run':
      return (await import('./run-command')).runCommand(args, io);
    case 'status':
      return (await import('./status-command')).statusCommand(args, io);
    case 'stats':
      return (await import('./stats-command')).statsCommand(args, io);
    case 'show':
      return (await import('./show-command')).showCommand(args, io);
    case 'export':
      return (await import('./export-command')).exportCommand(args, io);
    case 'cleanup':
      return (await import('./cleanup-command')).cleanupCommand(args, io);
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await execute(parseCliArgs(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`course-studio: ${error.message}\n\n${USAGE[error.command ?? 'main']}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr.write(`course-studio: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`course-studio: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
