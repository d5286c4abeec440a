// `course-studio export`, the real CLI spawned as a child process, on a database with
// courses generated through the app core against the fake Messages API: one course to a
// file (the app's own bytes), --all into a folder with a line per course, --status, a course
// that cannot be written making the exit non-zero while the others are still exported, and
// bad flags refused before the database is touched.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/app-core';
import { buildPackage, packageFilename } from '../../src/main/export/course-file';
import type { CourseTree } from '../../src/shared/domain';
import { generatedCourse, startHarness } from './ipc/core-harness';
import { readZip } from '../support/lms/read-zip';
import { runCli } from '../support/cli-process';

let dir: string;
let trees: CourseTree[];

const cli = (args: string[]) => runCli(args, dir);

const stored = (tree: CourseTree & { spend?: unknown }): CourseTree => {
  const { spend: _spend, ...rest } = tree;
  return rest;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'course-studio-cli-export-'));
  const h = await startHarness();
  try {
    const a = await generatedCourse(h, 'Rust for web developers');
    const b = await generatedCourse(h, 'Watercolour basics');
    const c = await generatedCourse(h, 'Sourdough baking');
    await h.call('courses.approve', { courseId: b.course.id, by: 'Ada', note: '' });
    await h.call('courses.approve', { courseId: c.course.id, by: 'Ada', note: '' });
    await h.call('courses.publish', { courseId: c.course.id });
    // A mastery score other than the default: the CLI's packages follow this database's Settings.
    await h.call('settings.update', { quiz: { ...(await h.call('settings.get')).quiz, masteryScore: 65 } });
    trees = await Promise.all([a, b, c].map(async ({ course }) => stored(await h.call('courses.get', { courseId: course.id }))));
    await h.core.dispose();
    copyFileSync(join(h.dataDir, DATABASE_FILE), join(dir, 'courses.db'));
  } finally {
    await h.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each test spawns the CLI up to four times (about half a second of start-up each, more on a busy machine).
const SLOW = 45_000;

describe('course-studio export', () => {
  it('writes one course to a file: the same bytes as the app, manifest at the zip root', async () => {
    const [rust] = trees as [CourseTree];
    const r = await cli(['export', '--db', 'courses.db', '--course', rust.id.slice(0, 8), '--format', 'imscc', '--out', 'rust.imscc']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}.+ → .*rust\.imscc \(\d+(\.\d)? KB\)\n$/);
    const bytes = new Uint8Array(readFileSync(join(dir, 'rust.imscc')));
    expect(bytes).toEqual(buildPackage(rust, 'imscc'));
    expect(readZip(bytes)[0]!.path).toBe('imsmanifest.xml');

    // An existing folder as --out: the file goes in it under the app's name.
    mkdirSync(join(dir, 'one'));
    const s = await cli(['export', '--db', 'courses.db', '--course', rust.id, '--format', 'scorm12', '--out', 'one']);
    expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(join(dir, 'one'))).toEqual([packageFilename(rust, 'scorm12')]);
    const scorm = new Uint8Array(readFileSync(join(dir, 'one', packageFilename(rust, 'scorm12'))));
    expect(scorm).toEqual(buildPackage(rust, 'scorm12', { masteryScore: 65 }));
    expect(new TextDecoder().decode(readZip(scorm)[0]!.data)).toContain('<adlcp:masteryscore>65</adlcp:masteryscore>');
  }, SLOW);

  it('--all writes every generated course into a folder with a progress line each; --status narrows it', async () => {
    const r = await cli(['export', '--db', 'courses.db', '--all', '--format', 'markdown', '--out', 'all-md']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => /^\[\d\/3\] ok {6}/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toBe(`3 of 3 courses exported to ${join(dir, 'all-md')}.`);
    expect(readdirSync(join(dir, 'all-md')).sort()).toHaveLength(3);

    const published = await cli(['export', '--db', 'courses.db', '--all', '--status', 'published', '--format', 'scorm12', '--out', 'published']);
    expect(published.code, published.stderr).toBe(0);
    expect(readdirSync(join(dir, 'published'))).toEqual([packageFilename(trees[2]!, 'scorm12')]);
  }, SLOW);

  it('a course that fails is reported, the others are still exported, and the exit is non-zero', async () => {
    const out = join(dir, 'partly');
    // A folder where the second course's file should go: writing it fails.
    mkdirSync(join(out, packageFilename(trees[1]!, 'imscc')), { recursive: true });
    const r = await cli(['export', '--db', 'courses.db', '--all', '--format', 'imscc', '--out', 'partly']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`\\[\\d/3\\] failed {2}.+\\(${trees[1]!.id.slice(0, 8)}\\): a folder in .+ has the file's name`));
    // Nothing half-written is left beside it (files are written through a temporary one).
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(r.stdout.match(/\] ok {6}/g)).toHaveLength(2);
    expect(r.stdout).toContain('2 of 3 courses exported');
    expect(r.stdout).toContain('; 1 failed.');
    for (const tree of [trees[0]!, trees[2]!]) expect(existsSync(join(out, packageFilename(tree, 'imscc')))).toBe(true);
  }, SLOW);

  it('refuses bad flags (exit 2, with the usage) and a missing course or database (exit 1)', async () => {
    const bad = await cli(['export', '--db', 'courses.db', '--all', '--format', 'pdf', '--out', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be imscc, scorm12, markdown or json (got "pdf").');
    expect(bad.stderr).toContain('Usage: course-studio export');
    const missing = await cli(['export', '--db', 'courses.db', '--course', 'ffffffff', '--format', 'json', '--out', 'x.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No course with id ffffffff.');
    const noDb = await cli(['export', '--db', 'nope.db', '--all', '--format', 'json', '--out', 'x']);
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain('No database at nope.db.');
    const noFolder = await cli(['export', '--db', 'courses.db', '--course', trees[0]!.id, '--format', 'json', '--out', 'no/such/dir/x.json']);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain('does not exist');
  }, SLOW);
});
