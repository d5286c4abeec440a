// What the benchmark runs inside the page, installed before the app's own scripts. It is a
// string, not a function: tsx compiles bench code with names kept (`__name(...)` helpers),
// which would not exist in the page.
//
// window.__bench:
//   first[selector]  {seen, render}: ms since navigation start when the first element matching
//                    it entered the DOM and when its text was painted (Element Timing), each
//                    also said on the console ("bench:seen <selector>", "bench:painted …"),
//                    so the bench can wait for them without running code in the page.
//                    Watched from the start: job rows, and log lines on a job's page.
//   watch(selector)  watches one more (before an in-app navigation)
//   firstCommand, snapshot {sent, received, bytes}: when the app sent its first command and
//                    its first jobs.snapshot (the first page of the queue), and when that
//                    answer arrived
//   intlFirstUse     when the page first made an Intl formatter (ms since navigation start):
//                    the first one loads ICU's data, 15–30 ms that should come after the
//                    first rows are painted, not before
//   start()          starts recording frame times, long tasks and long animation frames
//   stop()           stops and returns {frames: rAF deltas in ms, longTasks, loafs}

export const PROBE_SCRIPT = `(() => {
  if (window.__bench) return;
  const watched = location.hash.startsWith('#/queue/') ? ['tr.job-row', '.log-line'] : ['tr.job-row'];
  const b = { first: {}, recording: false, frames: [], longTasks: [], loafs: [], intlFirstUse: null };
  window.__bench = b;
  for (const name of ['NumberFormat', 'DateTimeFormat', 'RelativeTimeFormat', 'PluralRules', 'Collator', 'ListFormat']) {
    const Native = Intl[name];
    if (!Native) continue;
    Intl[name] = new Proxy(Native, {
      construct(target, args, newTarget) {
        if (b.intlFirstUse === null) b.intlFirstUse = performance.now();
        return Reflect.construct(target, args, newTarget);
      },
    });
  }

  // Frame times: the gap between consecutive animation frames, while recording.
  let last = 0;
  const tick = (t) => {
    if (b.recording) {
      if (last > 0) b.frames.push(t - last);
      last = t;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  b.start = () => {
    b.frames = [];
    b.longTasks = [];
    b.loafs = [];
    last = 0;
    b.recording = true;
  };
  b.stop = () => {
    b.recording = false;
    return { frames: b.frames, longTasks: b.longTasks, loafs: b.loafs };
  };

  const observe = (type, onEntry) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
    } catch (e) {
      // Not supported by this browser: that figure stays empty.
    }
  };
  observe('longtask', (e) => {
    if (b.recording) b.longTasks.push({ start: e.startTime, duration: e.duration });
  });
  observe('long-animation-frame', (e) => {
    if (!b.recording) return;
    b.loafs.push({
      start: e.startTime,
      duration: e.duration,
      blocking: e.blockingDuration,
      renderStart: e.renderStart,
      styleAndLayoutStart: e.styleAndLayoutStart,
      scripts: (e.scripts || []).map((s) => ({
        invoker: s.invoker,
        fn: s.sourceFunctionName,
        url: s.sourceURL,
        char: s.sourceCharPosition,
        duration: s.duration,
        forcedStyleAndLayout: s.forcedStyleAndLayoutDuration,
      })),
    });
  });
  // Element Timing: when the marked element's text was actually painted.
  observe('element', (e) => {
    const sel = e.identifier.slice('bench:'.length);
    const entry = b.first[sel];
    const at = e.renderTime || e.loadTime || e.startTime;
    if (!entry) return;
    if (entry.render === null) console.debug('bench:painted ' + sel);
    if (entry.render === null || at < entry.render) entry.render = at;
  });

  // Only while something is still awaited: a watcher left on would tax every later render.
  // When the app asked for its first page of jobs and when the answer arrived: splits a
  // cold first render into start-up, the core's answer, and the renderer's own work. Only
  // the bridge's WebSocket is watched, and only by prefix: the answer is never parsed here.
  b.snapshot = { sent: null, received: null, bytes: 0 };
  let snapshotId = null;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (snapshotId === null || b.snapshot.received !== null || typeof e.data !== 'string') return;
        if (e.data.startsWith('{"type":"response","id":' + snapshotId + ',')) {
          b.snapshot.received = performance.now();
          b.snapshot.bytes = e.data.length;
        }
      });
    }
    send(data) {
      if (snapshotId === null && typeof data === 'string' && data.includes('"command":"jobs.snapshot"')) {
        snapshotId = JSON.parse(data).id;
        b.snapshot.sent = performance.now();
      }
      if (b.firstCommand === undefined) b.firstCommand = performance.now();
      super.send(data);
    }
  };

  const pending = new Set();
  let mo = null;
  const check = () => {
    for (const sel of [...pending]) {
      const el = document.querySelector(sel);
      if (!el) continue;
      pending.delete(sel);
      b.first[sel] = { seen: performance.now(), render: null };
      console.debug('bench:seen ' + sel);
      // Marked before its first paint (this runs as a microtask after React's commit).
      el.setAttribute('elementtiming', 'bench:' + sel);
      el.querySelectorAll('*').forEach((child) => child.setAttribute('elementtiming', 'bench:' + sel));
    }
    if (pending.size === 0 && mo) {
      mo.disconnect();
      mo = null;
    }
  };
  b.watch = (sel) => {
    delete b.first[sel];
    pending.add(sel);
    if (!mo) {
      mo = new MutationObserver(check);
      mo.observe(document, { childList: true, subtree: true });
    }
  };
  watched.forEach(b.watch);
})();`;

export interface FirstSeen {
  /** When it entered the DOM (ms since navigation start). */
  seen: number;
  /** When its text was painted (Element Timing), if the browser reported it. */
  render: number | null;
}

export interface LongAnimationFrame {
  start: number;
  duration: number;
  blocking: number;
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: { invoker: string; fn: string; url: string; char: number; duration: number; forcedStyleAndLayout: number }[];
}

export interface Recording {
  frames: number[];
  longTasks: { start: number; duration: number }[];
  loafs: LongAnimationFrame[];
}

export interface SnapshotTiming {
  sent: number | null;
  received: number | null;
  bytes: number;
}
