// Drives the page as a person would (a steady scroll over a list) and reads the probe's
// figures. Page code is passed as strings where it can be; see probe.ts for why.
import type { Page } from '@playwright/test';
import type { FirstSeen, Recording } from './probe';

export interface ScrollState {
  top: number;
  height: number;
  client: number;
}

const scrollState = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); return el ? { top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight } : null; })()`;

/** Waits until the probe saw `selector` in the DOM, and (briefly) for its paint time. */
export async function waitFirstSeen(page: Page, selector: string, timeoutMs = 30_000): Promise<FirstSeen> {
  // Functions, not strings: the app's CSP forbids the eval a string predicate needs. Inline
  // arrows are safe from tsx's name helpers; named inner functions would not be.
  await page.waitForFunction((sel) => (globalThis as unknown as BenchWindow).__bench.first[sel] !== undefined, selector, { timeout: timeoutMs });
  // Element Timing reports after the paint; give it a few frames.
  await page.waitForFunction((sel) => (globalThis as unknown as BenchWindow).__bench.first[sel]?.render != null, selector, { timeout: 1_000 }).catch(() => undefined);
  return (await page.evaluate(`window.__bench.first[${JSON.stringify(selector)}]`)) as FirstSeen;
}

interface BenchWindow {
  __bench: { first: Record<string, FirstSeen | undefined> };
}

export const startRecording = (page: Page) => page.evaluate('window.__bench.start()');
export const stopRecording = async (page: Page) => (await page.evaluate('window.__bench.stop()')) as Recording;

export interface ScrollRun {
  durationMs: number;
  /** Gestures sent (each `chunkPx` long, or cut short at the end of the list). */
  gestures: number;
  /** False when the time limit stopped the scroll before `done` was reached. */
  finished: boolean;
}

/**
 * Scrolls the list under `selector` with Chromium's synthetic scroll gesture (the input the
 * browser's own smoothness benchmarks use: real wheel events, one per frame, at a steady
 * `speedPxPerSec`), `chunkPx` at a time, until `done` says so or `limitMs` passes.
 * Chunks let the log load older pages at the top, as a person keeps scrolling.
 */
export async function scrollUntil(
  page: Page,
  selector: string,
  options: {
    direction: 'up' | 'down';
    speedPxPerSec: number;
    chunkPx: number;
    limitMs: number;
    done: (state: ScrollState) => boolean;
    /** Stop after this many gestures, done or not (a burst of a set length). */
    maxGestures?: number;
  },
): Promise<ScrollRun> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`nothing to scroll: ${selector} is not visible`);
  const cdp = await page.context().newCDPSession(page);
  const started = performance.now();
  const sign = options.direction === 'down' ? 1 : -1;
  let state = (await page.evaluate(scrollState(selector))) as ScrollState;
  let gestures = 0;
  try {
    while (!options.done(state) && gestures < (options.maxGestures ?? Infinity)) {
      if (performance.now() - started > options.limitMs) return { durationMs: performance.now() - started, gestures, finished: false };
      await cdp.send('Input.synthesizeScrollGesture', {
        x: Math.round(box.x + box.width / 2),
        y: Math.round(box.y + box.height / 2),
        // The gesture's y distance is where the content goes: negative scrolls down.
        yDistance: -sign * options.chunkPx,
        speed: options.speedPxPerSec,
        gestureSourceType: 'mouse',
        preventFling: true,
      });
      gestures++;
      state = (await page.evaluate(scrollState(selector))) as ScrollState;
    }
  } finally {
    await cdp.detach();
  }
  return { durationMs: performance.now() - started, gestures, finished: true };
}

export const atBottom = (s: ScrollState) => s.top + s.client >= s.height - 2;
export const atTop = (s: ScrollState) => s.top <= 0;
