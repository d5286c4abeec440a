// What "Export selected…" did: how many courses were written and where, the file each got,
// and each course that failed with its reason. Stays until dismissed or the next export.
import { FORMAT_LABELS, formatByteSize, type FolderExportResult } from '../../../shared/course-export';
import { plural } from '../../lib/format';

export function BulkExportResult({ result, onDismiss }: { result: FolderExportResult; onDismiss: () => void }) {
  const tone = result.failed.length === 0 ? 'is-ok' : result.exported.length === 0 ? 'is-failed' : 'is-partial';
  return (
    <section className={`card bulk-export-result ${tone}`} aria-labelledby="bulk-export-title" data-testid="bulk-export-result">
      <div className="section-header">
        <h2 id="bulk-export-title">{bulkExportSummary(result)}</h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label="Dismiss the export result" data-focus-key="bulk-export-dismiss">
          ✕
        </button>
      </div>
      <p className="muted">
        Into <code className="bulk-export-folder">{result.folder}</code>
      </p>
      {result.failed.length > 0 && (
        <ul className="bulk-export-failures">
          {result.failed.map((f) => (
            <li key={f.courseId}>
              <strong>{f.title}</strong>: <span className="failure-message">{f.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {result.exported.length > 0 && (
        <details className="bulk-export-files">
          <summary>{plural(result.exported.length, 'file')} written</summary>
          <ul>
            {result.exported.map((f) => (
              <li key={f.courseId}>
                <code>{f.filename}</code> <span className="muted">· {formatByteSize(f.byteLength)} · {f.title}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** "2 of 3 courses exported (SCORM 1.2), 1 failed": the heading, and what is announced when the export ends. */
export function bulkExportSummary(result: FolderExportResult): string {
  const total = result.exported.length + result.failed.length;
  return `${result.exported.length} of ${plural(total, 'course')} exported (${FORMAT_LABELS[result.format]})${result.failed.length > 0 ? `, ${result.failed.length} failed` : ''}`;
}
