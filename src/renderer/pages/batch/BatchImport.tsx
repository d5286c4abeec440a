// Import: paste topics or open a file, check them (main parses; every bad row is listed
// with its line number), then generate outline options for all valid rows. Checking again
// keeps the rows already done, so only new or changed topics are generated. "Open file…" has
// main read the file, so the files its `sources` column names are found next to it; a file
// read here (or pasted text) has no folder, so only absolute source paths work for it.
import { useRef, useState } from 'react';
import { MAX_IMPORT_CHARS } from '../../../shared/ipc-contract';
import { decodeTextFile } from '../../../shared/text-file';
import { InlineError } from '../../components/InlineError';
import { plural } from '../../lib/format';
import { useBatch } from '../../store/batch';
import { BatchRowsTable } from './BatchRowsTable';

const EXAMPLE = 'topic,audience,level,projects,language,notes\nReact hooks,JavaScript developers,intermediate,4,English,\nSQL for analysts,analysts,beginner,3,English,Use PostgreSQL';

export function BatchImport({ onCourseReady }: { onCourseReady: () => void }) {
  const batch = useBatch();
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const readFile = (file: File) => {
    setFileError(null);
    if (file.size > MAX_IMPORT_CHARS) {
      setFileError(`“${file.name}” is larger than 5 MB; split it into smaller files.`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      // Decoded as the CLI does, so a file that is not UTF-8 is refused instead of imported with "�" for every accent.
      const decoded = decodeTextFile(new Uint8Array(reader.result as ArrayBuffer), `“${file.name}”`);
      if (!decoded.ok) {
        setFileError(decoded.message);
        return;
      }
      batch.setText(decoded.text, file.name);
      void useBatch.getState().parse();
    };
    reader.onerror = () => setFileError(`“${file.name}” could not be read: ${reader.error?.message ?? 'unknown error'}`);
    reader.readAsArrayBuffer(file);
  };

  const counts = countStates(batch.runs);
  const canGenerate = batch.runs.some((r) => r.state === 'waiting' || r.state === 'failed') && !batch.running;

  return (
    <section className="card batch-import" aria-labelledby="import-title">
      <h2 id="import-title">1. Topics</h2>
      <p className="muted">
        One topic per line, or CSV with the columns <code>topic,audience,level,projects,language,notes,sources</code> (only <code>topic</code> is required).
        <code>sources</code> names each topic’s material files (PDF, DOCX, Markdown, text, HTML), separated by <code>;</code>, relative to the CSV’s folder: open the CSV with
        “Open file…” so they are found.
      </p>
      <div className="import-grid">
        <div className="field">
          <label className="field-label" htmlFor="batch-text">
            Paste topics
          </label>
          <textarea
            id="batch-text"
            rows={7}
            value={batch.text}
            placeholder={EXAMPLE}
            spellCheck={false}
            onChange={(e) => batch.setText(e.target.value)}
            aria-describedby={batch.filename ? 'batch-file-note' : undefined}
          />
          {batch.filename && (
            <span className="field-hint" id="batch-file-note">
              From {batch.filename}
              {batch.sourceFile ? '; sources are looked for next to it' : ''}
            </span>
          )}
        </div>
        <div className="import-side">
          <button type="button" className="btn" disabled={batch.running || batch.parsing} onClick={() => void batch.openFile()}>
            Open file…
          </button>
          <div className="field">
            <label className="field-label" htmlFor="batch-file">
              …or import a file
            </label>
            <input
              id="batch-file"
              ref={fileInput}
              type="file"
              accept=".csv,.txt,.json,text/csv,text/plain,application/json"
              disabled={batch.running}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) readFile(file);
                e.target.value = '';
              }}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="batch-format">
              Format
            </label>
            <select id="batch-format" value={batch.format} onChange={(e) => batch.setFormat(e.target.value as typeof batch.format)}>
              <option value="auto">Detect</option>
              <option value="lines">One topic per line</option>
              <option value="csv">CSV with header</option>
              <option value="json">JSON array</option>
            </select>
          </div>
          <button type="button" className="btn" disabled={batch.parsing || batch.running} onClick={() => void batch.parse()}>
            {batch.parsing ? 'Checking…' : 'Check topics'}
          </button>
        </div>
      </div>
      <InlineError message={fileError ?? batch.parseError} />

      {batch.parsed && (
        <div className="parse-result">
          <p role="status" className="parse-summary">
            {plural(batch.parsed.rows.length, 'topic')} ready
            {batch.parsed.errors.length > 0 ? `, ${plural(batch.parsed.errors.length, 'row')} with errors` : ''}.
          </p>
          {batch.parsed.errors.length > 0 && (
            <div className="row-errors" role="alert">
              <h3>Rows that were not imported</h3>
              <ul>
                {batch.parsed.errors.slice(0, 200).map((e, i) => (
                  <li key={`${e.line}-${i}`}>
                    <strong>Line {e.line}:</strong> {e.message}
                  </li>
                ))}
              </ul>
              {batch.parsed.errors.length > 200 && <p>…and {batch.parsed.errors.length - 200} more.</p>}
            </div>
          )}
          {(batch.parsed.sourceProblems?.length ?? 0) > 0 && (
            <div className="row-errors source-problems" role="alert">
              <h3>Sources that will not be attached</h3>
              <p className="muted">These topics are still imported, without the files listed.</p>
              <ul>
                {batch.parsed.sourceProblems!.slice(0, 200).map((p, i) => (
                  <li key={`${p.line}-${i}`}>
                    <strong>Line {p.line}:</strong> {p.message}
                  </li>
                ))}
              </ul>
              {batch.parsed.sourceProblems!.length > 200 && <p>…and {batch.parsed.sourceProblems!.length - 200} more.</p>}
            </div>
          )}
          {batch.runs.length > 0 && <BatchRowsTable runs={batch.runs} />}
          <div className="form-actions">
            <label className="inline-field">
              <span>Options per topic</span>
              <select value={batch.optionsPerTopic} onChange={(e) => batch.setOptionsPerTopic(Number(e.target.value))} disabled={batch.running}>
                <option value={1}>1</option>
                <option value={2}>2</option>
                <option value={3}>3</option>
              </select>
            </label>
            <button type="button" className="btn btn-primary" disabled={!canGenerate} onClick={() => void batch.generateAll(onCourseReady)}>
              {batch.running
                ? `Generating outlines… ${counts.done + counts.failed}/${batch.runs.length}`
                : counts.waiting + counts.failed === 0
                  ? 'Every outline is written'
                  : counts.failed > 0 && counts.waiting === 0
                    ? `Retry ${plural(counts.failed, 'failed topic')}`
                    : `Generate outlines for all (${counts.waiting + counts.failed})`}
            </button>
            {counts.done > 0 && (
              <span className="muted" role="status">
                {counts.done} done{counts.failed > 0 ? `, ${counts.failed} failed` : ''}
              </span>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function countStates(runs: readonly { state: string }[]) {
  const counts = { waiting: 0, busy: 0, done: 0, failed: 0 };
  for (const r of runs) {
    if (r.state === 'waiting') counts.waiting++;
    else if (r.state === 'done') counts.done++;
    else if (r.state === 'failed') counts.failed++;
    else counts.busy++;
  }
  return counts;
}
