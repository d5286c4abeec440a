// A job's log: level filter, search, copy and export, virtualized for 100,000 lines. It
// follows new lines until the person scrolls up; then "Jump to latest" brings them back.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { LOG_LEVELS, type LogLevel } from '../../../shared/domain';
import { InlineError } from '../../components/InlineError';
import { errorMessage } from '../../lib/api';
import { plural } from '../../lib/format';
import { copyText, downloadText } from '../../lib/download';
import { toJsonLines, toLogText } from '../../lib/log-format';
import { toast } from '../../store/toasts';
import { LogLine } from './LogLine';
import { useJobLog } from './use-job-log';

/** Also `.log-line`'s height in queue.css (not an inline style: the lines share one computed style). */
const LINE_HEIGHT = 24;
const FOLLOW_SLACK = 32;
/**
 * Older lines are asked for this far above the first line shown, not at the very top: at a
 * fast scroll the page is in before the top is reached, so the scroll does not stall there.
 */
const PREFETCH_LINES = 500;

export function LogViewer({ jobId, status, fileStem }: { jobId: string; status: string; fileStem: string }) {
  const [levels, setLevels] = useState<LogLevel[]>([]);
  const [search, setSearch] = useState('');
  const [text, setText] = useState('');
  const [following, setFollowing] = useState(true);
  const [exportError, setExportError] = useState<string | null>(null);
  const log = useJobLog(jobId, levels, text, status);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingPrepend = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => setText(search), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const virtualizer = useVirtualizer({
    count: log.entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    // A fast scroll replaces every line each frame; lines built beyond the view are work it throws away.
    overscan: 8,
    // Let React batch scroll renders instead of forcing one per scroll event (smoother with 10,000 rows).
    useFlushSync: false,
  });

  // Keep the view anchored: at the bottom while following; on the same line after older lines were prepended.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (pendingPrepend.current > 0) {
      el.scrollTop += pendingPrepend.current * LINE_HEIGHT;
      pendingPrepend.current = 0;
      return;
    }
    if (following) el.scrollTop = el.scrollHeight;
  }, [log.entries, following]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    // The heights the virtualizer already knows (lines × 24 px, the box as it observed it).
    const top = el.scrollTop;
    const viewport = virtualizer.scrollRect?.height ?? el.clientHeight;
    const atBottom = virtualizer.getTotalSize() - top - viewport < FOLLOW_SLACK;
    if (atBottom !== following) setFollowing(atBottom);
    if (top < PREFETCH_LINES * LINE_HEIGHT && log.hasOlder && !log.loadingOlder && !log.loading) {
      void log.loadOlder((added) => {
        pendingPrepend.current = added;
      });
    }
  };

  const jumpToLatest = () => {
    setFollowing(true);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const exportAs = async (kind: 'log' | 'jsonl' | 'copy') => {
    setExportError(null);
    try {
      const all = await log.fetchAll();
      if (kind === 'copy') {
        await copyText(toLogText(all));
        toast({ tone: 'info', title: `Copied ${plural(all.length, 'log line')}` });
      } else if (kind === 'log') downloadText(`${fileStem}.log`, toLogText(all), 'text/plain');
      else downloadText(`${fileStem}.jsonl`, toJsonLines(all), 'application/x-ndjson');
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };

  const toggleLevel = (level: LogLevel) => setLevels((current) => (current.includes(level) ? current.filter((l) => l !== level) : LOG_LEVELS.filter((l) => l === level || current.includes(l))));
  const items = virtualizer.getVirtualItems();

  return (
    <section className="log-viewer" aria-label="Job log">
      <div className="log-toolbar">
        <div className="level-filters" role="group" aria-label="Show levels">
          {LOG_LEVELS.map((level) => (
            <button key={level} type="button" className={`level-toggle level-${level}`} aria-pressed={levels.includes(level)} onClick={() => toggleLevel(level)}>
              {level}
            </button>
          ))}
        </div>
        <label className="search-box log-search">
          <span className="visually-hidden">Search the log</span>
          <input type="search" placeholder="Search the log…" value={search} maxLength={300} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <div className="log-actions">
          <button type="button" className="btn btn-small" onClick={() => void exportAs('copy')}>
            Copy all
          </button>
          <button type="button" className="btn btn-small" onClick={() => void exportAs('log')}>
            Export .log
          </button>
          <button type="button" className="btn btn-small" onClick={() => void exportAs('jsonl')}>
            Export .jsonl
          </button>
        </div>
      </div>
      <InlineError message={exportError ?? log.error} />
      <div className="log-body">
        <div className="log-scroll" ref={scrollRef} onScroll={onScroll} role="log" aria-live="off" aria-label="Log lines" tabIndex={0} data-testid="log-lines">
          {log.loading ? (
            <p className="log-placeholder">Loading the log…</p>
          ) : log.entries.length === 0 ? (
            <p className="log-placeholder">{levels.length > 0 || text ? 'No log lines match the filter.' : 'No log lines yet.'}</p>
          ) : (
            // The lines in view follow each other after a padding as high as the lines above them.
            <div className="log-lines" style={{ height: virtualizer.getTotalSize(), paddingTop: items[0]?.start ?? 0 }}>
              {items.map((item) => {
                const entry = log.entries[item.index]!;
                return <LogLine key={entry.id} entry={entry} />;
              })}
            </div>
          )}
        </div>
        {log.loadingOlder && items[0]?.index === 0 && <div className="log-older">Loading older lines…</div>}
        {!following && log.entries.length > 0 && (
          <button type="button" className="btn btn-primary btn-small jump-latest" onClick={jumpToLatest}>
            Jump to latest ↓
          </button>
        )}
      </div>
    </section>
  );
}
