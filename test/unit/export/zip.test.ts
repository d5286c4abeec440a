import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../src/main/export/zip';
import { readZip } from '../../support/lms/read-zip';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('zip', () => {
  const entries = [
    { path: 'imsmanifest.xml', data: '<manifest/>' },
    { path: 'pages/a.html', data: 'hello '.repeat(200) },
    { path: 'pages/日本語.txt', data: new Uint8Array([0, 1, 2, 255]) },
    { path: 'empty.txt', data: '' },
  ];

  it('keeps the order, the bytes, and a fixed 1980-01-01 timestamp; deflates only what gets smaller', () => {
    const read = readZip(zip(entries));
    expect(read.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    expect(read[1]!.data.toString()).toBe('hello '.repeat(200));
    expect(read[1]!.method).toBe(8);
    expect([...read[2]!.data]).toEqual([0, 1, 2, 255]);
    expect(read[2]!.method).toBe(0);
    expect(read[3]!.data.length).toBe(0);
    for (const e of read) expect([e.date, e.time]).toEqual([33, 0]);
  });

  it('gives identical bytes for identical input', () => {
    expect(Buffer.from(zip(entries)).equals(Buffer.from(zip(entries)))).toBe(true);
  });

  it('refuses duplicate and unsafe paths', () => {
    expect(() => zip([{ path: 'a', data: '' }, { path: 'a', data: '' }])).toThrow(/same path/);
    for (const path of ['/abs', '../up', 'a/../b', 'a\\b', '', 'a//b']) expect(() => zip([{ path, data: '' }])).toThrow(/safe path/);
  });

  it.skipIf(!hasUnzip)('is read by Info-ZIP unzip without complaint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
    try {
      const file = join(dir, 'a.zip');
      writeFileSync(file, zip(entries));
      const out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(out).toMatch(/No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
