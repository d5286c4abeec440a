// The materials' bytes on disk: named by their sha256, written once; a temporary file a crash
// left is never taken for a stored one.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaterialFiles, sha256 } from '../../../src/main/sources/material-files';
import { useTempFolders } from '../../support/temp-folders';

const tempFolder = useTempFolders('cs-material-files-');
const bytes = new TextEncoder().encode('# Notes\n\nSome text.');

describe('MaterialFiles', () => {
  it('stores bytes under their sha256 in a two-letter folder, once', () => {
    const files = new MaterialFiles(join(tempFolder(), 'materials'));
    const first = files.put(bytes);
    expect(first).toEqual({ sha256: sha256(bytes), written: true });
    expect(files.pathOf(first.sha256)).toBe(join(files.root, first.sha256.slice(0, 2), first.sha256));
    expect(files.put(bytes)).toEqual({ sha256: first.sha256, written: false });
    expect(new Uint8Array(files.read(first.sha256))).toEqual(bytes);
    expect(readdirSync(join(files.root, first.sha256.slice(0, 2)))).toEqual([first.sha256]);
  });

  it('lists only its own files and the temporary ones, and refuses a name that is not a hash', () => {
    const files = new MaterialFiles(join(tempFolder(), 'materials'));
    const { sha256: hash } = files.put(bytes);
    writeFileSync(join(files.root, hash.slice(0, 2), 'notes.txt'), 'stray');
    writeFileSync(join(files.root, hash.slice(0, 2), '.tmp-12345678-abcd'), 'half');
    expect(files.list()).toEqual({ hashes: [hash], temps: [join(files.root, hash.slice(0, 2), '.tmp-12345678-abcd')] });
    expect(() => files.pathOf('../../etc/passwd')).toThrow(/Not a material's sha256/);
    expect(files.remove(hash)).toBe(true);
    expect(files.remove(hash)).toBe(false);
  });
});
