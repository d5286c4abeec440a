// The topic form's "Source materials": a drop zone and "Choose files…", each file with its
// pages or words and tokens (or why it cannot be used), a remove button, the total, and the
// privacy sentence for the models chosen now. Keyboard: "Choose files…" does what a drop does;
// removing a file moves focus to the next one's remove button (or back to "Choose files…").
import { useRef, useState, type DragEvent } from 'react';
import { materialSize, materialsTotal, pagesWithoutTextWarning, tokensText } from '../../lib/materials-text';
import { MaterialsPrivacy } from './MaterialsPrivacy';
import type { MaterialEntry, TopicMaterials } from './use-topic-materials';

export function SourceMaterials({ materials }: { materials: TopicMaterials }) {
  const [over, setOver] = useState(false);
  const chooseRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const { entries } = materials;
  const done = entries.flatMap((e) => (e.state === 'done' && e.result.material ? [e.result.material] : []));

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) void materials.drop(files);
  };

  const remove = (key: string) => {
    const index = entries.findIndex((e) => e.key === key);
    materials.remove(key);
    // After React drops the row: the remove button now in its place, else the one above, else "Choose files…".
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button.material-remove') ?? [];
      (buttons[Math.min(index, buttons.length - 1)] ?? chooseRef.current)?.focus();
    });
  };

  return (
    <section className="source-materials" aria-labelledby="source-materials-title">
      <h3 id="source-materials-title" className="field-label">
        Source materials <span className="muted">(optional)</span>
      </h3>
      <div
        className={`material-drop${over ? ' is-over' : ''}`}
        data-testid="material-drop"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p id="material-drop-hint">
          Drop your syllabus, notes, slides or papers here — PDF, DOCX, Markdown, plain text or saved web pages (HTML), up to
          64 MB each. Lessons are written from them and say which parts they drew on.
        </p>
        <button ref={chooseRef} type="button" className="btn" aria-describedby="material-drop-hint" onClick={() => void materials.choose()}>
          Choose files…
        </button>
      </div>
      {entries.length > 0 && (
        <ul ref={listRef} className="material-list" aria-label="Attached source materials">
          {entries.map((entry, i) => (
            <MaterialRow key={entry.key} entry={entry} duplicateOf={duplicateOf(entries, i)} onRemove={() => remove(entry.key)} />
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <p className="material-total" data-testid="material-total">
          Total: {materialsTotal(done)}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {materials.status}
      </p>
      <MaterialsPrivacy />
    </section>
  );
}

/** The earlier entry with the same bytes: a file added twice is used once. */
function duplicateOf(entries: readonly MaterialEntry[], index: number): string | null {
  const entry = entries[index]!;
  const hash = entry.state === 'done' ? entry.result.material?.sha256 : undefined;
  if (!hash) return null;
  const first = entries.findIndex((e) => e.state === 'done' && e.result.material?.sha256 === hash);
  return first < index ? entries[first]!.fileName : null;
}

function MaterialRow({ entry, duplicateOf, onRemove }: { entry: MaterialEntry; duplicateOf: string | null; onRemove: () => void }) {
  const name = entry.state === 'done' ? entry.result.fileName : entry.fileName;
  const result = entry.state === 'done' ? entry.result : null;
  const material = result?.material ?? null;
  const warning = material ? pagesWithoutTextWarning(material) : null;
  return (
    <li className={`material-row${result && !result.ok ? ' has-error' : ''}`} data-testid="material-row" aria-busy={entry.state === 'reading' || undefined}>
      <div className="material-main">
        <span className="material-name">{name}</span>
        {entry.state === 'reading' && <span className="muted">Reading…</span>}
        {result?.ok && material && (
          <span className="material-meta">
            {materialSize(material)} · {tokensText(material.tokens)}
          </span>
        )}
        <button type="button" className="btn btn-small btn-ghost material-remove" aria-label={`Remove ${name}`} disabled={entry.state === 'reading'} onClick={onRemove}>
          Remove
        </button>
      </div>
      {result && !result.ok && <p className="material-error">{result.error.message}</p>}
      {warning && <p className="material-warning">{warning}</p>}
      {duplicateOf && <p className="muted material-note">The same file as {duplicateOf}: it is used once.</p>}
    </li>
  );
}
