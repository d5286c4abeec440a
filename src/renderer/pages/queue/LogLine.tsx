import { memo } from 'react';
import type { LogEntry } from '../../../shared/domain';
import { hoverTitle } from '../../lib/hover-title';
import { detailsText, formatLogLine } from '../../lib/log-format';

// One formatter for every line: toLocaleTimeString with options builds a new one per call,
// which was most of the script time when scrolling fast through a long log. Made at first
// use, not when the module loads: Intl's first use in a window loads ICU's data, and the
// queue (whose bundle holds this module) paints its first rows without any.
let TIME_FORMAT: Intl.DateTimeFormat | null = null;

// Lines come in order, dozens a second: the text is formatted once per second shown, not per line.
let lastSecond = Number.NaN;
let lastText = '';

function timeOf(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = (TIME_FORMAT ??= new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: false })).format(ms);
  }
  return lastText;
}

/**
 * One line, 24 px high (the height is queue.css's `.log-line`: no inline style, so the lines
 * share their computed styles). The full line as a tooltip is built when the pointer comes
 * over it, not for each of the thousands of lines a scroll renders.
 */
export const LogLine = memo(function LogLine({ entry }: { entry: LogEntry }) {
  const details = detailsText(entry);
  return (
    <div
      className={`log-line log-${entry.level}`}
      {...hoverTitle(() => formatLogLine(entry, details))}
    >
      <span className="log-time">{timeOf(entry.timestamp)}</span>
      <span className="log-level">{entry.level}</span>
      <span className="log-message">{entry.message}</span>
      {details && <span className="log-details">{details}</span>}
    </div>
  );
});
