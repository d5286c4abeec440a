// The pieces of picking source materials shared by the wizard's topic form and the course
// overview: the drop zone with its choose button, and one file's row (pages or words and
// tokens, or why it cannot be used, and Remove).
import { useState, type DragEvent, type ReactNode, type Ref } from 'react';
import type { CourseMaterial } from '../../shared/materials';
import { materialSize, pagesWithoutTextWarning, tokensText } from '../lib/materials-text';

export function MaterialDrop({
  label,
  hint,
  busy = false,
  chooseRef,
  onChoose,
  onDrop,
}: {
  label: string;
  hint: ReactNode;
  busy?: boolean;
  chooseRef?: Ref<HTMLButtonElement>;
  onChoose: () => void;
  onDrop: (files: File[]) => void;
}) {
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) onDrop(files);
  };
  return (
    <div
      className={`material-drop${over ? ' is-over' : ''}`}
      data-testid="material-drop"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p id="material-drop-hint">{hint}</p>
      <button ref={chooseRef} type="button" className="btn" aria-describedby="material-drop-hint" disabled={busy} onClick={onChoose}>
        {label}
      </button>
    </div>
  );
}

export const MATERIAL_FORMATS_HINT = 'PDF, DOCX, Markdown, plain text or saved web pages (HTML), up to 64 MB each';

export function MaterialRow({
  name,
  reading = false,
  material,
  error,
  note,
  removing = false,
  onOpen,
  onRemove,
}: {
  name: string;
  reading?: boolean;
  /** What was read; null while reading or when nothing could be. */
  material: CourseMaterial | null;
  /** Why the file cannot be used. */
  error: string | null;
  note?: ReactNode;
  removing?: boolean;
  /** Given: the name opens the file's text. */
  onOpen?: () => void;
  onRemove: () => void;
}) {
  const warning = material ? pagesWithoutTextWarning(material) : null;
  return (
    <li className={`material-row${error ? ' has-error' : ''}`} data-testid="material-row" aria-busy={reading || undefined}>
      <div className="material-main">
        {onOpen && !error ? (
          <button type="button" className="btn-link material-name" onClick={onOpen}>
            {name}
          </button>
        ) : (
          <span className="material-name">{name}</span>
        )}
        {reading && <span className="muted">Reading…</span>}
        {!error && material && (
          <span className="material-meta">
            {materialSize(material)} · {tokensText(material.tokens)}
          </span>
        )}
        <button type="button" className="btn btn-small btn-ghost material-remove" aria-label={`Remove ${name}`} disabled={reading || removing} onClick={onRemove}>
          Remove
        </button>
      </div>
      {error && <p className="material-error">{error}</p>}
      {warning && <p className="material-warning">{warning}</p>}
      {note}
    </li>
  );
}
