// Types for scripts/electron-binary.mjs, so the tests import it under strict TypeScript.
export type ElectronBinaryStatus =
  | { ok: true; executable: string }
  | { ok: false; reason: string; electronDir: string };

export function electronBinaryStatus(electronDir: string, env?: Record<string, string | undefined>): ElectronBinaryStatus;
export function missingBinaryMessage(status: { reason: string; electronDir: string }, cwd?: string): string;
