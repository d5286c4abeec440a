// A read-only viewer of a material's extracted text (materials.view), opened at the place a
// lesson cites, with that passage marked and the lesson's note as its caption. The text is
// plain text rendered as text (never HTML), cut into blocks and virtualized, so a 300-page PDF
// opens as fast as a page. A modal <dialog>: focus moves in, Escape closes, and focus goes
// back to the button that opened it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MaterialView, SourceLocation } from '../../../shared/materials';
import { formatLocation } from '../../../shared/materials';
import { Loading } from '../../components/Loading';
import { api, call, errorMessage } from '../../lib/api';
import { matchSections, viewerBlocks, type ViewerBlock } from '../../lib/source-viewer';

export interface SourceTarget {
  sha256: string;
  fileName: string;
  /** Where to open it; null: at the start, nothing marked. */
  location: SourceLocation | null;
  note: string;
}

export function SourceViewer({ courseId, target, onClose }: { courseId: string; target: SourceTarget; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [view, setView] = useState<MaterialView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // The opener gets focus back (the dialog is removed, not closed, when the viewer goes):
    // noted before showModal moves focus into the dialog.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => opener?.focus();
  }, []);

  useEffect(() => {
    let live = true;
    call(api().materialsView({ courseId, sha256: target.sha256 }))
      .then((v) => live && setView(v))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [courseId, target.sha256]);

  const where = target.location ? formatLocation(target.location) : '';
  return (
    <dialog
      ref={dialog}
      className="source-viewer"
      aria-labelledby="source-viewer-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="source-viewer-header">
        <div>
          <p className="eyebrow">Source material · read-only</p>
          <h2 id="source-viewer-title">
            {target.fileName}
            {where && <span className="muted"> {where}</span>}
          </h2>
        </div>
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Close
        </button>
      </header>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : view ? (
        <SourceText view={view} target={target} />
      ) : (
        <Loading label="Loading the text…" />
      )}
    </dialog>
  );
}

function SourceText({ view, target }: { view: MaterialView; target: SourceTarget }) {
  const scroller = useRef<HTMLDivElement>(null);
  const blocks = useMemo(() => viewerBlocks(view), [view]);
  const match = useMemo(() => matchSections(view.sections, target.location), [view, target.location]);
  const marked = useMemo(() => new Set(match.indices), [match]);
  const firstMarked = blocks.findIndex((b) => b.section !== null && marked.has(b.section));
  // Close guesses keep the scrollbar (and End) honest before blocks are measured: its lines
  // (line breaks, long ones wrapped at ~100 characters) at ~22 px, plus the page or heading label.
  const heights = useMemo(
    () =>
      blocks.map((b) => {
        let lines = 0;
        for (const line of view.text.slice(b.start, b.end).replace(/\n+$/, '').split('\n')) lines += Math.max(1, Math.ceil(line.length / 100));
        return 8 + lines * 22 + (b.first && b.section !== null ? 34 : 0);
      }),
    [blocks, view.text],
  );
  const virtualizer = useVirtualizer({
    count: blocks.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => heights[i]!,
    overscan: 4,
  });
  useEffect(() => {
    if (firstMarked > 0) virtualizer.scrollToIndex(firstMarked, { align: 'start' });
    // Once, when the text arrives: later scrolling is the reader's.
  }, [firstMarked, virtualizer]);

  const notFound = target.location !== null && !match.exact;
  const items = virtualizer.getVirtualItems();
  return (
    <>
      {notFound && (
        <p className="warning-box source-viewer-notice" role="status">
          {formatLocation(target.location!) || 'That place'} was not found in the text as cited
          {match.indices.length > 0 ? '; the nearest section that contains it is marked.' : '; the text is shown from the start.'}
        </p>
      )}
      <div ref={scroller} className="source-viewer-text" tabIndex={0} role="region" aria-label={`Text of ${view.fileName}`} data-testid="source-viewer-text">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          <div style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const block = blocks[item.index]!;
              return (
                <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="source-block">
                  <Block view={view} block={block} marked={block.section !== null && marked.has(block.section)} caption={item.index === firstMarked ? target.note : null} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}

function Block({ view, block, marked, caption }: { view: MaterialView; block: ViewerBlock; marked: boolean; caption: string | null }) {
  // The line breaks between pages would show as a gap under each one.
  const text = view.text.slice(block.start, block.end).replace(/\n+$/, '');
  const section = block.section === null ? null : view.sections[block.section]!;
  const label = section && block.first ? formatLocation(section.location) : '';
  return (
    <>
      {label && <p className="source-location">{label}</p>}
      {caption !== null && (
        <p className="source-caption" data-testid="source-caption">
          <strong>What the lesson took from here:</strong> {caption || 'no note given.'}
        </p>
      )}
      <p className="source-passage">{marked ? <mark data-testid="source-mark">{text}</mark> : text}</p>
    </>
  );
}
