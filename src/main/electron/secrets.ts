// The API key at rest, encrypted with the OS keychain through Electron's safeStorage
// (Keychain, DPAPI, libsecret/kwallet). Where Linux has no keyring safeStorage falls back
// to a hard-coded key ("basic_text"): then the file is only obfuscated and Settings warns.
import { safeStorage } from 'electron';
import { join } from 'node:path';
import { createFileSecretStore, plaintextCodec, type SecretCodec, type SecretStore } from '../secrets';

function backendOf(): 'os' | 'plaintext' {
  if (!safeStorage.isEncryptionAvailable()) return 'plaintext';
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return 'plaintext';
  }
  return 'os';
}

/** `name`: the slot's file name; the Supabase session uses its own slot beside the API key's. */
export function createSafeStorageSecretStore(userDataDir: string, name = 'anthropic-key'): SecretStore {
  // safeStorage is only usable after app 'ready', which is when the composition root calls this.
  const encrypted = safeStorage.isEncryptionAvailable();
  const codec: SecretCodec = encrypted
    ? {
        backend: backendOf(),
        encode: (secret) => safeStorage.encryptString(secret),
        decode: (stored) => safeStorage.decryptString(stored),
      }
    : plaintextCodec;
  // Different files, so a key stored obfuscated is never fed to decryptString and vice versa.
  return createFileSecretStore(join(userDataDir, `${name}${encrypted ? '.enc' : '.txt'}`), codec);
}
