import { memo } from 'react';
import type { LogEntry } from '../../../shared/domain';
import { formatLogLine } from '../../lib/log-format';

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour12: false });
}

export const LogLine = memo(function LogLine({ entry, top, height }: { entry: LogEntry; top: number; height: number }) {
  const details = entry.details && Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '';
  return (
    <div className={`log-line log-${entry.level}`} style={{ transform: `translateY(${top}px)`, height }} title={formatLogLine(entry)}>
      <span className="log-time">{timeOf(entry.timestamp)}</span>
      <span className="log-level">{entry.level}</span>
      <span className="log-message">{entry.message}</span>
      {details && <span className="log-details">{details}</span>}
    </div>
  );
});
