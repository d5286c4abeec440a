// topics.parseFile reads a file picked in the dialog (an absolute path), decodes it as the
// page does and finds the rows' sources next to it; topics.parse keeps that folder for the
// same file's text, and only for a file opened that way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicHandlers } from '../../../src/main/ipc/handlers/topics';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'topic-handlers-'));
  writeFileSync(join(dir, 'notes.md'), '# Notes');
  writeFileSync(join(dir, 'topics.csv'), 'topic,sources\nSQL,notes.md;gone.pdf\nRust,\n');
  writeFileSync(join(dir, 'latin1.csv'), Buffer.from('topic\nCafé\n', 'latin1'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('topics.parseFile / topics.parse', () => {
  const handlers = topicHandlers();

  it('refuses a relative path, and a fromFile that was not opened', async () => {
    await expect(handlers['topics.parseFile']({ path: 'topics.csv' })).rejects.toThrow(/absolute path/);
    expect(() => handlers['topics.parse']({ text: 'topic,sources\nSQL,notes.md\n', format: 'csv', fromFile: join(dir, 'topics.csv') })).toThrow(/Open file…/);
  });

  it('parses a chosen file with its folder as the base of sources; its text parsed again keeps that base', async () => {
    const result = await handlers['topics.parseFile']({ path: join(dir, 'topics.csv') });
    expect(result).toMatchObject({ fileName: 'topics.csv', path: join(dir, 'topics.csv'), format: 'csv', errors: [] });
    expect(result.text).toContain('SQL,notes.md;gone.pdf');
    expect(result.rows.map((r) => [r.line, r.topic.topic, r.sources])).toEqual([
      [2, 'SQL', [join(dir, 'notes.md')]],
      [3, 'Rust', undefined],
    ]);
    expect(result.sourceProblems).toEqual([{ line: 2, path: 'gone.pdf', message: expect.stringMatching(/^gone\.pdf was not found/) }]);

    const again = handlers['topics.parse']({ text: 'topic,sources\nGo,notes.md\n', format: 'csv', fromFile: join(dir, 'topics.csv') });
    expect(again.rows[0]!.sources).toEqual([join(dir, 'notes.md')]);
    const pasted = handlers['topics.parse']({ text: 'topic,sources\nGo,notes.md\n', format: 'csv' });
    expect(pasted.rows[0]!.sources).toEqual([]);
    expect(pasted.sourceProblems![0]!.message).toMatch(/so its folder is known/);
  });

  it('refuses a file that is not UTF-8 with the same sentence as the page', async () => {
    await expect(handlers['topics.parseFile']({ path: join(dir, 'latin1.csv') })).rejects.toThrow('“latin1.csv” is not UTF-8 text');
  });
});
