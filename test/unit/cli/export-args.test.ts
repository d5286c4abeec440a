import { describe, expect, it } from 'vitest';
import { USAGE, parseCliArgs } from '../../../src/main/cli/args';
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

describe('parseCliArgs: export', () => {
  it('parses one course to a file and every course to a folder', () => {
    expect(parseCliArgs(['export', '--db', 'a.db', '--course', '3f2a1b', '--format', 'imscc', '--out', 'rust.imscc'])).toEqual({
      command: 'export',
      db: 'a.db',
      course: '3f2a1b',
      all: false,
      status: null,
      format: 'imscc',
      out: 'rust.imscc',
      includeMaterials: false,
    });
    expect(parseCliArgs(['export', '--db', 'a.db', '--course', '3f', '--format', 'scorm12', '--out', 'x.zip', '--include-materials'])).toMatchObject({ includeMaterials: true });
    expect(() => parseCliArgs(['export', '--db', 'a.db', '--course', '3f', '--format', 'markdown', '--out', 'x.md', '--include-materials'])).toThrow(/imscc or scorm12 package/);
    expect(parseCliArgs(['export', '--db', 'a.db', '--all', '--status', 'published', '--format', 'scorm12', '--out', 'lms'])).toMatchObject({
      course: null,
      all: true,
      status: 'published',
      format: 'scorm12',
      out: 'lms',
    });
    for (const format of ['markdown', 'json']) expect(parseCliArgs(['export', '--db', 'a', '--all', '--format', format, '--out', 'o'])).toMatchObject({ format });
  });

  it('explains what it refuses, for export', () => {
    const cases: [string[], string][] = [
      [['--format', 'imscc', '--out', 'o'], 'export needs --course ID (one course) or --all (every generated course).'],
      [['--course', 'abc', '--all', '--format', 'imscc', '--out', 'o'], 'Give either --course ID or --all, not both.'],
      [['--course', 'abc', '--status', 'approved', '--format', 'imscc', '--out', 'o'], '--status only applies with --all.'],
      [['--all', '--status', 'draft', '--format', 'imscc', '--out', 'o'], '--status must be approved or published (got "draft").'],
      [['--all', '--format', 'scorm2004', '--out', 'o'], '--format must be imscc, scorm12, markdown or json (got "scorm2004").'],
      [['--all', '--out', 'o'], 'export needs --format.'],
      [['--all', '--format', 'json'], 'export needs --out.'],
    ];
    for (const [flags, message] of cases) {
      const error = usageError(['export', '--db', 'a.db', ...flags]);
      expect(error.message).toBe(message);
      expect(error.command).toBe('export');
    }
    expect(usageError(['export', '--all']).message).toBe('export needs --db.');
    expect(parseCliArgs(['export', '--help'])).toEqual({ command: 'help', topic: 'export' });
    expect(USAGE.main).toContain('export   write courses');
    expect(USAGE.export).toContain('--format F');
  });
});

describe('parseCliArgs: queue --export-to / --export-format', () => {
  const queue = (...flags: string[]) => parseCliArgs(['queue', '--db', 'a.db', '--topics', 't.csv', '--auto-approve', ...flags]);

  it('parses the folder and the formats (IMS CC alone by default), each format once, in the order given', () => {
    expect(queue('--export-to', 'out')).toMatchObject({ autoExport: { folder: 'out', formats: ['imscc'] } });
    expect(queue('--export-to', '/srv/lms', '--export-format', 'imscc,scorm12')).toMatchObject({ autoExport: { folder: '/srv/lms', formats: ['imscc', 'scorm12'] } });
    expect(queue('--export-to=out', '--export-format', ' JSON , markdown,json ')).toMatchObject({ autoExport: { folder: 'out', formats: ['json', 'markdown'] } });
    expect(queue()).toMatchObject({ autoExport: null });
  });

  it('explains what it refuses', () => {
    const cases: [string[], string | RegExp][] = [
      [['--export-to', 'out', '--export-format', 'pdf'], '--export-format: "pdf" is not a format; use imscc, scorm12, markdown or json.'],
      [['--export-to', 'out', '--export-format', 'imscc,,json'], '--export-format has an empty format in "imscc,,json" (for example --export-format imscc,scorm12).'],
      [['--export-format', 'imscc'], '--export-format only applies with --export-to DIR.'],
      [['--export-to', ''], '--export-to needs a value.'],
      [['--export-to'], /--export-to/],
    ];
    for (const [flags, message] of cases) {
      const error = usageError(['queue', '--db', 'a.db', '--topics', 't.csv', '--auto-approve', ...flags]);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
      expect(error.command).toBe('queue');
    }
    // Only courses that are queued get an export.
    expect(usageError(['queue', '--db', 'a.db', '--topics', 't.csv', '--export-to', 'out']).message).toBe('--export-to only applies to courses queued with --auto-approve.');
  });

  it('documents both flags in the queue usage', () => {
    expect(USAGE.queue).toContain('--export-to DIR');
    expect(USAGE.queue).toContain('--export-format F');
  });
});
