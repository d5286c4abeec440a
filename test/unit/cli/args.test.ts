import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/main/cli/args';
import { UsageError } from '../../../src/main/cli/errors';

function usageError(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('parseCliArgs', () => {
  it('parses queue with defaults and flags', () => {
    expect(parseCliArgs(['queue', '--db', 'a.db', '--topics', 't.csv'])).toEqual({
      command: 'queue',
      db: 'a.db',
      topics: 't.csv',
      format: null,
      autoApprove: false,
      autoPublish: false,
      options: 3,
      reviewer: 'cli',
      model: null,
      maxTokens: null,
    });
    expect(
      parseCliArgs(['queue', '--db=a.db', '--topics', 't', '--auto-approve', '--auto-publish', '--options', '5', '--reviewer', 'Ana', '--format', 'lines']),
    ).toMatchObject({ autoApprove: true, autoPublish: true, options: 5, reviewer: 'Ana', format: 'lines' });
  });

  it('checks run limits against the Settings bounds', () => {
    expect(parseCliArgs(['run', '--db', 'a.db', '--jobs', '4', '--requests', '12', '--until-idle'])).toEqual({
      command: 'run',
      db: 'a.db',
      jobs: 4,
      requests: 12,
      untilIdle: true,
      model: null,
      maxTokens: null,
    });
    expect(parseCliArgs(['run', '--db', 'a.db', '--max-tokens', '16000'])).toMatchObject({ maxTokens: 16_000 });
    expect(parseCliArgs(['queue', '--db', 'a.db', '--topics', 't', '--max-tokens', '256'])).toMatchObject({ maxTokens: 256 });
    expect(usageError(['run', '--db', 'a', '--max-tokens', '100']).message).toBe('--max-tokens must be between 256 and 64000 (got 100).');
    expect(usageError(['run', '--db', 'a', '--max-tokens', '8k']).message).toBe('--max-tokens must be a whole number (got "8k").');
    expect(usageError(['run', '--db', 'a', '--jobs', '0']).message).toBe('--jobs 0: Run at least 1 job at a time.');
    expect(usageError(['run', '--db', 'a', '--jobs', '21']).message).toBe('--jobs 21: At most 20 jobs can run at once.');
    expect(usageError(['run', '--db', 'a', '--requests', '51']).message).toBe('--requests 51: At most 50 requests can run at once.');
    expect(usageError(['run', '--db', 'a', '--requests', '2.5']).message).toBe('--requests must be a whole number (got "2.5").');
    expect(usageError(['run', '--db', 'a', '--jobs', '-1']).message).toMatch(/--jobs/);
    expect(usageError(['run', '--db', 'a', '--jobs', '-1']).command).toBe('run');
  });

  it('refuses missing required flags, unknown flags and commands, and stray words', () => {
    expect(usageError(['queue', '--db', 'a.db']).message).toBe('queue needs --topics.');
    expect(usageError(['status']).message).toBe('status needs --db.');
    expect(usageError(['show', '--db', 'a']).message).toBe('show needs --course.');
    expect(usageError(['status', '--db', 'a', '--verbose']).message).toMatch(/Unknown option '--verbose'/);
    expect(usageError(['status', '--db', 'a', 'extra']).message).toMatch(/extra/);
    expect(usageError(['status', '--db']).message).toMatch(/argument missing/);
    expect(usageError(['frobnicate']).message).toBe('Unknown command "frobnicate".');
    expect(usageError(['queue', '--db', 'a', '--topics', 't', '--options', '6']).message).toBe('--options must be between 1 and 5 (got 6).');
    expect(usageError(['queue', '--db', 'a', '--topics', 't', '--auto-publish']).message).toMatch(/--auto-approve/);
    expect(usageError(['queue', '--db', 'a', '--topics', 't', '--format', 'xml']).message).toMatch(/csv, json or lines/);
  });

  it('answers help in all its forms', () => {
    expect(parseCliArgs([])).toEqual({ command: 'help', topic: null });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help', topic: null });
    expect(parseCliArgs(['help', 'run'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseCliArgs(['show', '-h'])).toEqual({ command: 'help', topic: 'show' });
  });
});
