// For store tests: `window.courseStudio` is a scripted object for the whole file, under fake
// timers. The stores are module singletons, so each such file holds one scenario and imports
// the store inside its test, after this has run.
import { afterAll, beforeAll, vi } from 'vitest';

export function useScriptedApi(api: object): void {
  beforeAll(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', { courseStudio: api });
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
}
