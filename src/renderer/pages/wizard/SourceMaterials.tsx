// The topic form's "Source materials": a drop zone and "Choose files…", each file with its
// pages or words and tokens (or why it cannot be used), a remove button, the total, and the
// privacy sentence for the models chosen now. Keyboard: "Choose files…" does what a drop does;
// removing a file moves focus to the next one's remove button (or back to "Choose files…").
import { useRef } from 'react';
import { MATERIAL_FORMATS_HINT, MaterialDrop, MaterialRow } from '../../components/MaterialPicker';
import { materialsTotal } from '../../lib/materials-text';
import { MaterialsPrivacy } from './MaterialsPrivacy';
import type { MaterialEntry, TopicMaterials } from './use-topic-materials';

/** A PDF among the files read: only then does "send PDFs as pages" mean anything. */
export function hasPdf(materials: TopicMaterials): boolean {
  return materials.entries.some((e) => e.state === 'done' && e.result.material?.format === 'pdf');
}

export function SourceMaterials({ materials, pdfAsPages }: { materials: TopicMaterials; pdfAsPages?: { on: boolean; set: (on: boolean) => void } }) {
  const chooseRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const { entries } = materials;
  const done = entries.flatMap((e) => (e.state === 'done' && e.result.material ? [e.result.material] : []));

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
      <MaterialDrop
        label="Choose files…"
        chooseRef={chooseRef}
        hint={`Drop your syllabus, notes, slides or papers here — ${MATERIAL_FORMATS_HINT}. Lessons are written from them and say which parts they drew on.`}
        onChoose={() => void materials.choose()}
        onDrop={(files) => void materials.drop(files)}
      />
      {entries.length > 0 && (
        <ul ref={listRef} className="material-list" aria-label="Attached source materials">
          {entries.map((entry, i) => (
            <TopicMaterialRow key={entry.key} entry={entry} duplicateOf={duplicateOf(entries, i)} onRemove={() => remove(entry.key)} />
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <p className="material-total" data-testid="material-total">
          Total: {materialsTotal(done)}
        </p>
      )}
      {pdfAsPages && hasPdf(materials) && (
        <label className="checkbox">
          <input type="checkbox" checked={pdfAsPages.on} onChange={(e) => pdfAsPages.set(e.target.checked)} /> Send PDFs as pages (figures matter)
          <span className="muted field-hint">
            {' '}
            Claude only: each page goes as text and image, about 3× the tokens of the text. Local models always get the text.
          </span>
        </label>
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

function TopicMaterialRow({ entry, duplicateOf, onRemove }: { entry: MaterialEntry; duplicateOf: string | null; onRemove: () => void }) {
  const result = entry.state === 'done' ? entry.result : null;
  return (
    <MaterialRow
      name={result ? result.fileName : entry.fileName}
      reading={entry.state === 'reading'}
      material={result?.material ?? null}
      error={result && !result.ok ? result.error.message : null}
      note={duplicateOf && <p className="muted material-note">The same file as {duplicateOf}: it is used once.</p>}
      onRemove={onRemove}
    />
  );
}
