// Figures from a recording of animation frames: how long the worst frames took, and which
// scripts the long ones ran (Long Animation Frames attribution), to find a cause.
import type { LongAnimationFrame, Recording } from './probe';

export const LONG_FRAME_MS = 50;

export interface FrameStats {
  frames: number;
  maxMs: number;
  p95Ms: number;
  /** Frames that took longer than LONG_FRAME_MS: a visible stutter. */
  over50: number;
  meanFps: number;
  longTasks: number;
  longestTaskMs: number;
  /** Where the long animation frames spent their time, worst first. */
  causes: Cause[];
}

export interface Cause {
  what: string;
  frames: number;
  totalMs: number;
  maxMs: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function frameStats(recording: Recording): FrameStats {
  const { frames } = recording;
  const total = frames.reduce((a, b) => a + b, 0);
  return {
    frames: frames.length,
    maxMs: round(Math.max(0, ...frames)),
    p95Ms: round(percentile(frames, 95)),
    over50: frames.filter((f) => f > LONG_FRAME_MS).length,
    meanFps: total > 0 ? round((frames.length / total) * 1000) : 0,
    longTasks: recording.longTasks.length,
    longestTaskMs: round(Math.max(0, ...recording.longTasks.map((t) => t.duration))),
    causes: causes(recording.loafs.filter((l) => l.duration > LONG_FRAME_MS)),
  };
}

/**
 * Groups long frames by their longest script (invoker + function), and the rest of each
 * frame as rendering (style, layout, paint). Minified names are what they are: the entry
 * points (event listeners, callbacks) still tell which handler it was.
 */
function causes(loafs: readonly LongAnimationFrame[]): Cause[] {
  const byWhat = new Map<string, Cause>();
  const add = (what: string, ms: number) => {
    const cause = byWhat.get(what) ?? { what, frames: 0, totalMs: 0, maxMs: 0 };
    cause.frames++;
    cause.totalMs += ms;
    cause.maxMs = Math.max(cause.maxMs, ms);
    byWhat.set(what, cause);
  };
  for (const loaf of loafs) {
    const scripts = [...loaf.scripts].sort((a, b) => b.duration - a.duration);
    const top = scripts[0];
    if (top && top.duration > 5) add(`script: ${top.invoker}${top.fn ? ` → ${top.fn}` : ''}`, top.duration);
    const rendering = loaf.renderStart > 0 ? loaf.start + loaf.duration - loaf.renderStart : 0;
    if (rendering > 5) add('rendering (style, layout, paint)', rendering);
    const forced = scripts.reduce((a, s) => a + (s.forcedStyleAndLayout ?? 0), 0);
    if (forced > 5) add('forced style/layout inside scripts', forced);
  }
  return [...byWhat.values()]
    .map((c) => ({ ...c, totalMs: round(c.totalMs), maxMs: round(c.maxMs) }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, 6);
}

export const round = (ms: number) => Math.round(ms * 10) / 10;
