// Export file names in one folder: a suffix goes before the extension (SCORM's
// `-scorm12.zip` is one), a clash within the run or with a file already there gets the
// course's short id, then a counter; case does not tell two names apart.
import { describe, expect, it } from 'vitest';
import { FolderNames, withSuffix } from '../../../src/main/export/file-names';

const ID = '3f2a1b0c-1111-4222-8333-444455556666';

describe('withSuffix', () => {
  it('puts the suffix before the extension, keeping -scorm12.zip whole', () => {
    expect(withSuffix('rust.imscc', '3f2a1b0c')).toBe('rust-3f2a1b0c.imscc');
    expect(withSuffix('rust-scorm12.zip', '3f2a1b0c')).toBe('rust-3f2a1b0c-scorm12.zip');
    expect(withSuffix('русский-курс.md', '2')).toBe('русский-курс-2.md');
    expect(withSuffix('no-extension', 'x')).toBe('no-extension-x');
  });
});

describe('FolderNames', () => {
  it('gives each course its own name; a second course with the same title gets its short id', () => {
    const names = new FolderNames();
    expect(names.claim('rust.imscc', 'aaaaaaaa-0000')).toBe('rust.imscc');
    expect(names.claim('rust.imscc', ID)).toBe('rust-3f2a1b0c.imscc');
    expect(names.claim('go.imscc', 'bbbbbbbb-0000')).toBe('go.imscc');
  });

  it('counts on when the short id is taken too, and ignores case', () => {
    const names = new FolderNames();
    names.claim('Rust.imscc', 'x');
    names.claim('rust.imscc', ID);
    expect(names.claim('RUST.imscc', ID)).toBe('RUST-3f2a1b0c-2.imscc');
    expect(names.claim('rust.imscc', ID)).toBe('rust-3f2a1b0c-3.imscc');
  });

  it('treats a file already in the folder as taken when asked to, and never reuses a refused name', () => {
    const onDisk = new Set(['rust.imscc', 'rust-3f2a1b0c.imscc']);
    const names = new FolderNames({ taken: (name) => onDisk.has(name) });
    expect(names.claim('rust.imscc', ID)).toBe('rust-3f2a1b0c-2.imscc');
    expect(names.claim('go.imscc', ID)).toBe('go.imscc');
    names.refuse('java.imscc');
    expect(names.claim('java.imscc', ID)).toBe('java-3f2a1b0c.imscc');
  });
});
