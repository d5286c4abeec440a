import { memo } from 'react';
import type { LogEntry } from '../../../shared/domain';
import { detailsText, formatLogLine } from '../../lib/log-format';

// One formatter for every line: toLocaleTimeString with options builds a new one per call,
// which was most of the script time when scrolling fast through a long log.
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: false });

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : TIME_FORMAT.format(d);
}

export const LogLine = memo(function LogLine({ entry, top, height }: { entry: LogEntry; top: number; height: number }) {
  const details = detailsText(entry);
  return (
    <div className={`log-line log-${entry.level}`} style={{ transform: `translateY(${top}px)`, height }} title={formatLogLine(entry, details)}>
      <span className="log-time">{timeOf(entry.timestamp)}</span>
      <span className="log-level">{entry.level}</span>
      <span className="log-message">{entry.message}</span>
      {details && <span className="log-details">{details}</span>}
    </div>
  );
});
