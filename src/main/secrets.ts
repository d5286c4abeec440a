// Where the Anthropic API key lives. The key never crosses IPC: the renderer only learns
// whether one is set and how it is protected (`backend`), so Settings can warn when the
// OS keychain is missing and the key sits on disk merely obfuscated.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type SecretBackend = 'os' | 'plaintext' | 'unavailable';

export interface SecretStore {
  /** 'os': encrypted by the OS keychain; 'plaintext': a file only the user can read; 'unavailable': not persisted. */
  readonly backend: SecretBackend;
  get(): string | null;
  set(key: string): void;
  clear(): void;
}

/** Turns the secret into the bytes stored on disk and back (Electron's safeStorage, or identity). */
export interface SecretCodec {
  readonly backend: SecretBackend;
  encode(secret: string): Buffer;
  decode(stored: Buffer): string;
}

export const plaintextCodec: SecretCodec = {
  backend: 'plaintext',
  encode: (secret) => Buffer.from(secret, 'utf8'),
  decode: (stored) => stored.toString('utf8'),
};

function normalise(key: string): string {
  const trimmed = key.trim();
  if (trimmed === '') throw new Error('The API key is empty.');
  return trimmed;
}

/** Keeps the key in memory only: tests, the browser bridge, or a CLI run given ANTHROPIC_API_KEY. */
export function createMemorySecretStore(initial: string | null = null, backend: SecretBackend = 'unavailable'): SecretStore {
  let value = initial;
  return {
    backend,
    get: () => value,
    set: (key) => {
      value = normalise(key);
    },
    clear: () => {
      value = null;
    },
  };
}

/**
 * One file holding the encoded key, readable only by the user (0600), replaced atomically
 * so a crash mid-write never leaves half a key. A file that cannot be decoded (written by
 * another OS account's keychain, say) reads as "no key" rather than failing start-up.
 */
export function createFileSecretStore(path: string, codec: SecretCodec = plaintextCodec): SecretStore {
  let cached: string | null | undefined;
  return {
    backend: codec.backend,
    get() {
      if (cached !== undefined) return cached;
      if (!existsSync(path)) return (cached = null);
      try {
        const decoded = codec.decode(readFileSync(path)).trim();
        cached = decoded === '' ? null : decoded;
      } catch (error) {
        console.error(`could not read the stored API key at ${path}:`, error instanceof Error ? error.message : error);
        cached = null;
      }
      return cached;
    },
    set(key) {
      const value = normalise(key);
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, codec.encode(value), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, path);
      cached = value;
    },
    clear() {
      rmSync(path, { force: true });
      cached = null;
    },
  };
}
