// `course-studio queue` with source materials, as a child process against the fake Messages
// API: a CSV `sources` column (relative to the CSV's folder) and `--topic` with `--source`.
// Each file is read in the reader worker and stored once by its hash; a missing, encrypted or
// damaged file is printed with its reason while its topic and the other files go on; then
// `export --include-materials` carries the files (plain `export` does not), and
// `cleanup --purge-deleted` lets go of what only the removed courses used.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../../src/main/db/store';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { runCli } from '../support/cli-process';
import { readZip } from '../support/lms/read-zip';
import { corruptDocx, encryptedPdf, textPdf } from '../support/material-fixtures';

const KEY = 'sk-ant-cli-sources-key';
let fake: FakeAnthropic;
let dir: string;

const cli = (args: string[]) => runCli(args, dir, { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url });

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
  dir = mkdtempSync(join(tmpdir(), 'course-studio-cli-sources-'));
  mkdirSync(join(dir, 'batch', 'materials'), { recursive: true });
  writeFileSync(join(dir, 'batch', 'materials', 'syllabus.pdf'), await textPdf([['Week 1: Joins'], ['Week 2: Grouping']]));
  writeFileSync(join(dir, 'batch', 'notes.md'), '# Joins\n\nAn inner join keeps matching rows.\n');
  writeFileSync(join(dir, 'batch', 'secret.pdf'), encryptedPdf('pw'));
  writeFileSync(join(dir, 'batch', 'broken.docx'), corruptDocx());
  writeFileSync(
    join(dir, 'batch', 'topics.csv'),
    ['topic,sources', '"SQL joins","materials/syllabus.pdf; notes.md"', '"Rust","secret.pdf;missing.md;broken.docx;notes.md"', 'Go,'].join('\n') + '\n',
  );
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const storedFiles = (root: string) => (existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

it('queue attaches each row’s sources from the CSV’s folder, reports the bad ones with their reason and goes on; --topic takes --source', async () => {
  const queued = await cli(['queue', '--db', 'cli.db', '--topics', 'batch/topics.csv', '--options', '1']);
  expect(queued.code, queued.stderr).toBe(0);
  expect(queued.stderr).toContain(`batch/topics.csv line 3: source missing.md was not found (looked for ${join(dir, 'batch', 'missing.md')}); the topic is imported without it`);
  expect(queued.stderr).toMatch(/line 3 {2}Rust: source secret\.pdf not used: .*password/);
  expect(queued.stderr).toMatch(/line 3 {2}Rust: source broken\.docx not used: /);
  expect(queued.stdout).toContain('line 2  SQL joins: 2 of 2 sources read (syllabus.pdf, notes.md)');
  expect(queued.stdout).toContain('line 3  Rust: 1 of 3 sources read (notes.md)');
  expect(queued.stdout).toMatch(/3 of 3 topics got outline options/);

  const single = await cli(['queue', '--db', 'cli.db', '--topic', 'Statistics', '--source', 'batch/materials/syllabus.pdf', '--options', '1']);
  expect(single.code, single.stderr).toBe(0);
  expect(single.stdout).toContain('line 1  Statistics: 1 of 1 source read (syllabus.pdf)');

  let sqlId: string;
  const store = Store.open(join(dir, 'cli.db'));
  try {
    const byTopic = new Map(store.courses.list().map((c) => [c.topic.topic, store.materials.forCourse(c.id)]));
    expect(byTopic.get('SQL joins')!.map((m) => [m.fileName, m.error])).toEqual([
      ['syllabus.pdf', null],
      ['notes.md', null],
    ]);
    expect(byTopic.get('SQL joins')![0]!.pages).toBe(2);
    // The encrypted PDF and the damaged DOCX were read and kept with their reason; notes.md is the same bytes as before.
    expect(byTopic.get('Rust')!.map((m) => [m.fileName, m.error?.code ?? null])).toEqual([
      ['secret.pdf', 'encrypted_pdf'],
      ['broken.docx', 'corrupt_file'],
      ['notes.md', null],
    ]);
    expect(byTopic.get('Go')).toEqual([]);
    expect(byTopic.get('Statistics')!.map((m) => m.sha256)).toEqual([byTopic.get('SQL joins')![0]!.sha256]);
    // Four distinct files (syllabus, notes, secret, broken), each stored once beside the database.
    expect(storedFiles(join(dir, 'materials'))).toBe(4);

    sqlId = store.courses.list().find((c) => c.topic.topic === 'SQL joins')!.id;
    for (const course of store.courses.list()) if (course.topic.topic !== 'SQL joins') store.courses.moveToBin(course.id);
  } finally {
    store.close();
  }

  // export carries the files only with --include-materials.
  const plain = await cli(['export', '--db', 'cli.db', '--course', sqlId, '--format', 'imscc', '--out', 'plain.imscc']);
  expect(plain.code, plain.stderr).toBe(0);
  expect(readZip(readFileSync(join(dir, 'plain.imscc'))).filter((e) => e.path.startsWith('sources/'))).toEqual([]);
  const withFiles = await cli(['export', '--db', 'cli.db', '--course', sqlId, '--format', 'imscc', '--include-materials', '--out', 'with.imscc']);
  expect(withFiles.code, withFiles.stderr).toBe(0);
  expect(readZip(readFileSync(join(dir, 'with.imscc'))).map((e) => e.path).filter((p) => p.startsWith('sources/'))).toEqual(['sources/syllabus.pdf', 'sources/notes.md']);

  const cleaned = await cli(['cleanup', '--db', 'cli.db', '--purge-deleted', '--json']);
  expect(cleaned.code, cleaned.stderr).toBe(0);
  // secret.pdf and broken.docx were used only by Rust; the syllabus and the notes are still SQL joins'.
  expect(JSON.parse(cleaned.stdout)).toMatchObject({ removed: { courses: 3 }, materialsReleased: 2 });
  expect(storedFiles(join(dir, 'materials'))).toBe(2);
}, 90_000);

it('refuses --source without --topic, and --topic with --topics', async () => {
  const alone = await cli(['queue', '--db', 'x.db', '--topics', 'batch/topics.csv', '--source', 'a.pdf']);
  expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining('--source works with a single --topic; in a topics file, use its "sources" column.')]);
  const both = await cli(['queue', '--db', 'x.db', '--topics', 'batch/topics.csv', '--topic', 'Go']);
  expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('Give either --topics FILE or --topic TEXT, not both.')]);
  expect(existsSync(join(dir, 'x.db'))).toBe(false);
});
