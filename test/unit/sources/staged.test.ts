// Staged materials (attached in the wizard before their course exists) are spared by releases
// for a few hours, then let go like any unreferenced material.
import { describe, expect, it } from 'vitest';
import { base64Bytes } from '../../../src/main/ipc/handlers/materials';
import { STAGED_FOR_MS, StagedMaterials } from '../../../src/main/sources/staged';

describe('StagedMaterials', () => {
  it('keeps a hash until its time is up; staging it again starts the time again', () => {
    let now = 1_000;
    const staged = new StagedMaterials(() => now);
    staged.add('a');
    now += STAGED_FOR_MS / 2;
    staged.add('b');
    expect([...staged.live()].sort()).toEqual(['a', 'b']);
    now += STAGED_FOR_MS / 2;
    expect([...staged.live()]).toEqual(['b']);
    staged.add('a');
    now += STAGED_FOR_MS / 2;
    expect([...staged.live()]).toEqual(['a']);
  });
});

describe('base64Bytes', () => {
  it('gives the decoded size without decoding', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'hello world!', 'x'.repeat(1000)]) {
      expect(base64Bytes(Buffer.from(text).toString('base64'))).toBe(Buffer.byteLength(text));
    }
  });
});
