// The one door to the main process: `window.courseStudio`, typed from the IPC contract so
// the renderer cannot drift from what the preload exposes. Commands never throw across
// the bridge; `call` turns an error result into a thrown CommandFailure so UI code can
// treat failures in one place and show the message where the person acted.
import type { CommandError, CourseStudioApi } from '../../shared/ipc-contract';
import { describeCommandError } from './command-error';

declare global {
  interface Window {
    courseStudio?: CourseStudioApi;
  }
}

export class CommandFailure extends Error {
  constructor(readonly error: CommandError) {
    super(describeCommandError(error));
    this.name = 'CommandFailure';
  }
}

/** Through globalThis, so the stores also run in Node tests that stub `window`. */
const bridgeOf = (): CourseStudioApi | undefined => (globalThis as { window?: { courseStudio?: CourseStudioApi } }).window?.courseStudio;

export function hasApi(): boolean {
  return bridgeOf() !== undefined;
}

export function api(): CourseStudioApi {
  const bridge = bridgeOf();
  if (!bridge) throw new Error('Course Studio is not connected to its main process (window.courseStudio is missing).');
  return bridge;
}

/** Unwraps a command result: the value, or a thrown CommandFailure carrying the message. */
export async function call<T>(pending: Promise<{ ok: true; value: T } | { ok: false; error: CommandError }>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new CommandFailure(result.error);
  return result.value;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
