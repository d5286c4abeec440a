// The API key stores: the key is trimmed, kept only where it should be, readable only by
// the user on disk, replaced atomically, and a damaged file reads as "no key".
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, createMemorySecretStore, type SecretCodec } from '../../src/main/secrets';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('memory secret store', () => {
  it('holds, trims, clears, and refuses an empty key', () => {
    const store = createMemorySecretStore();
    expect(store.backend).toBe('unavailable');
    expect(store.get()).toBeNull();
    store.set('  sk-ant-123  ');
    expect(store.get()).toBe('sk-ant-123');
    expect(() => store.set('   ')).toThrow(/empty/);
    expect(store.get()).toBe('sk-ant-123');
    store.clear();
    expect(store.get()).toBeNull();
  });
});

describe('file secret store', () => {
  it('persists across instances in a file only the user can read', () => {
    const path = join(dir, 'nested', 'key.txt');
    createFileSecretStore(path).set('sk-ant-persisted');
    expect(createFileSecretStore(path).get()).toBe('sk-ant-persisted');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['key.txt']); // no temp file left behind
  });

  it('stores what the codec makes of the key, never the key itself when encrypted', () => {
    const rot: SecretCodec = {
      backend: 'os',
      encode: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
      decode: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
    };
    const path = join(dir, 'key.enc');
    const store = createFileSecretStore(path, rot);
    expect(store.backend).toBe('os');
    store.set('sk-ant-secret');
    expect(readFileSync(path).toString('utf8')).not.toContain('sk-ant');
    expect(createFileSecretStore(path, rot).get()).toBe('sk-ant-secret');
  });

  it('reads an undecodable file as no key, and clear removes the file', () => {
    const path = join(dir, 'key.enc');
    writeFileSync(path, 'garbage');
    const failing: SecretCodec = {
      backend: 'os',
      encode: (s) => Buffer.from(s),
      decode: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    };
    const store = createFileSecretStore(path, failing);
    expect(store.get()).toBeNull();
    store.set('sk-ant-fresh');
    store.clear();
    expect(readdirSync(dir)).toEqual([]);
    expect(store.get()).toBeNull();
  });
});
