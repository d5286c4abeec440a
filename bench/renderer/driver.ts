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

/** What the probe said on each page's console ("bench:seen <selector>", "bench:painted <selector>"), and who waits for it. */
const said = new WeakMap<Page, { heard: Set<string>; waiters: Map<string, () => void> }>();

/**
 * Listens to the probe's console from now on: call it before the page loads. Waiting this
 * way runs no code in the page; polling it would put Playwright's own script (some 20 ms of
 * the page's main thread) in the middle of the first render being measured.
 */
export function listenToProbe(page: Page): void {
  const state = { heard: new Set<string>(), waiters: new Map<string, () => void>() };
  said.set(page, state);
  page.on('console', (message) => {
    const text = message.text();
    if (!text.startsWith('bench:')) return;
    state.heard.add(text);
    state.waiters.get(text)?.();
  });
}

function heard(page: Page, text: string, timeoutMs: number): Promise<boolean> {
  const state = said.get(page);
  if (!state) throw new Error('listenToProbe(page) was not called before the page loaded');
  if (state.heard.has(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.waiters.delete(text);
      resolve(false);
    }, timeoutMs);
    state.waiters.set(text, () => {
      clearTimeout(timer);
      state.waiters.delete(text);
      resolve(true);
    });
  });
}

/** Waits until the probe saw `selector` in the DOM and (for at most a second) for its paint time. */
export async function waitFirstSeen(page: Page, selector: string, timeoutMs = 30_000): Promise<FirstSeen> {
  if (!(await heard(page, `bench:seen ${selector}`, timeoutMs))) throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
  await heard(page, `bench:painted ${selector}`, 1_000);
  // Taken: the next wait for the same selector (after __bench.watch) waits for new news.
  for (const kind of ['seen', 'painted']) said.get(page)!.heard.delete(`bench:${kind} ${selector}`);
  return (await page.evaluate(`window.__bench.first[${JSON.stringify(selector)}]`)) as FirstSeen;
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
