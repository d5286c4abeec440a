import { describe, expect, it } from 'vitest';
import { USAGE, formatDelay, parseCliArgs, parseRetryDelays } from '../../../src/main/cli/args';
import { AUTO_RETRY_DELAYS_MS } from '../../../src/main/runner/runner';
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
  it('parses estimate, and economy and budget flags on queue and run', () => {
    expect(parseCliArgs(['estimate', '--db', 'a.db', '--topics', 't.csv'])).toEqual({
      command: 'estimate',
      db: 'a.db',
      topics: 't.csv',
      format: null,
      options: 3,
      economy: false,
      json: false,
      model: null,
      provider: null,
      baseUrl: null,
    });
    expect(parseCliArgs(['estimate', '--db', 'a.db', '--topics', 't', '--economy', '--json', '--options', '2', '--format', 'lines'])).toMatchObject({
      economy: true,
      json: true,
      options: 2,
      format: 'lines',
    });
    expect(parseCliArgs(['queue', '--db', 'a', '--topics', 't', '--auto-approve', '--economy', '--budget-usd', '12.50'])).toMatchObject({
      economy: true,
      budgetUsd: 12.5,
    });
    expect(parseCliArgs(['run', '--db', 'a', '--budget-usd', '$20'])).toMatchObject({ budgetUsd: 20 });
    expect(usageError(['estimate', '--db', 'a']).message).toBe('estimate needs --topics.');
    expect(usageError(['queue', '--db', 'a', '--topics', 't', '--economy']).message).toBe('--economy only applies to courses queued with --auto-approve.');
    expect(usageError(['queue', '--db', 'a', '--topics', 't', '--budget-usd', '5']).message).toBe('--budget-usd only applies to courses queued with --auto-approve.');
    expect(usageError(['run', '--db', 'a', '--budget-usd', 'lots']).message).toBe('--budget-usd must be an amount in US dollars, like 20 or 7.50 (got "lots").');
    expect(usageError(['run', '--db', 'a', '--budget-usd', '0']).message).toBe('--budget-usd 0: A budget must be more than $0.');
    expect(usageError(['run', '--db', 'a', '--budget-usd', '-3']).command).toBe('run');
    expect(usageError(['estimate', '--db', 'a', '--topics', 't', '--options', '9']).message).toBe('--options must be between 1 and 5 (got 9).');
    expect(USAGE.estimate).toMatch(/Makes no model call/);
    expect(USAGE.main).toMatch(/estimate/);
  });


  it('parses queue with defaults and flags', () => {
    expect(parseCliArgs(['queue', '--db', 'a.db', '--topics', 't.csv'])).toEqual({
      command: 'queue',
      db: 'a.db',
      topics: 't.csv',
      topic: null,
      sources: [],
      format: null,
      autoApprove: false,
      autoPublish: false,
      options: 3,
      reviewer: 'cli',
      model: null,
      maxTokens: null,
      economy: false,
      budgetUsd: null,
      autoExport: null,
      provider: null,
      baseUrl: null,
    });
    expect(
      parseCliArgs(['queue', '--db=a.db', '--topics', 't', '--auto-approve', '--auto-publish', '--options', '5', '--reviewer', 'Ana', '--format', 'lines']),
    ).toMatchObject({ autoApprove: true, autoPublish: true, options: 5, reviewer: 'Ana', format: 'lines' });
    expect(parseCliArgs(['queue', '--db', 'a.db', '--topic', ' SQL joins ', '--source', 'a.pdf', '--source', 'notes/b.md'])).toMatchObject({
      topics: null,
      topic: 'SQL joins',
      sources: ['a.pdf', 'notes/b.md'],
    });
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
      retryDelaysMs: null,
      budgetUsd: null,
      provider: null,
      baseUrl: null,
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

  it('reads --provider and --base-url on queue, run and estimate', () => {
    for (const command of [['queue', '--topics', 't'], ['run'], ['estimate', '--topics', 't']]) {
      expect(parseCliArgs([...command, '--db', 'a', '--provider', 'openai-compatible', '--base-url', 'http://127.0.0.1:11434/v1', '--model', 'qwen2.5:7b'])).toMatchObject({
        provider: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:11434/v1',
        model: 'qwen2.5:7b',
      });
    }
    expect(usageError(['run', '--db', 'a', '--provider', 'ollama']).message).toBe('--provider must be anthropic or openai-compatible (got "ollama").');
    expect(usageError(['run', '--db', 'a', '--base-url', '127.0.0.1:11434']).message).toMatch(/^--base-url: .*http/);
    expect(usageError(['run', '--db', 'a', '--provider', 'anthropic', '--base-url', 'http://x:1']).message).toMatch(/ANTHROPIC_BASE_URL/);
    expect(USAGE.main).toMatch(/COURSE_STUDIO_PROVIDER, COURSE_STUDIO_BASE_URL, COURSE_STUDIO_MODEL/);
  });

  it('reads --retry-delays as durations with a unit, and explains what it refuses', () => {
    expect(parseCliArgs(['run', '--db', 'a', '--retry-delays', '2m,10m,30m'])).toMatchObject({ retryDelaysMs: [120_000, 600_000, 1_800_000] });
    expect(parseRetryDelays('500ms, 1s')).toEqual([500, 1000]);
    expect(parseRetryDelays('1.5s,1h')).toEqual([1500, 3_600_000]);
    expect(parseRetryDelays('200MS')).toEqual([200]);
    expect(parseRetryDelays('none')).toEqual([]);
    expect(usageError(['run', '--db', 'a', '--retry-delays', '2']).message).toBe(
      '--retry-delays: "2" is not a duration like 500ms, 30s, 2m or 1h (for example --retry-delays 2m,10m,30m, or "none").',
    );
    expect(usageError(['run', '--db', 'a', '--retry-delays', '2m,,3m']).message).toMatch(/^--retry-delays has an empty duration in "2m,,3m"/);
    expect(usageError(['run', '--db', 'a', '--retry-delays=-1s']).message).toMatch(/"-1s" is not a duration/);
    expect(usageError(['run', '--db', 'a', '--retry-delays', '0ms']).message).toBe('--retry-delays: "0ms" is no wait at all; give at least 1ms.');
    expect(usageError(['run', '--db', 'a', '--retry-delays', '25h']).message).toBe('--retry-delays: "25h" is longer than a day (24h).');
    expect(usageError(['run', '--db', 'a', '--retry-delays', '1s,2s,3s,4s']).message).toBe(
      '--retry-delays takes at most 3 durations, one per automatic retry (got 4).',
    );
    expect(usageError(['run', '--db', 'a', '--retry-delays', 'soon']).command).toBe('run');
    // The help states the runner's real default.
    expect(USAGE.run).toContain(`(default ${AUTO_RETRY_DELAYS_MS.map(formatDelay).join(',')})`);
    expect([500, 1500, 120_000, 3_600_000].map(formatDelay)).toEqual(['500ms', '1.5s', '2m', '1h']);
  });

  it('refuses missing required flags, unknown flags and commands, and stray words', () => {
    expect(usageError(['queue', '--db', 'a.db']).message).toBe('queue needs --topics FILE (or one --topic TEXT).');
    expect(usageError(['queue', '--db', 'a.db', '--topic', 'Go', '--format', 'csv']).message).toBe('--format applies to a --topics file.');
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
