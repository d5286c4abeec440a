// The selected courses' actions on the Courses page: export them all into a folder, in one
// format. Hidden while nothing is selected. While an export runs the button stays focusable
// (aria-disabled) and the bar says how far it is.
import { useState } from 'react';
import { COURSE_EXPORT_FORMATS, FORMAT_LABELS, type CourseExportFormat } from '../../../shared/course-export';
import { ActionButton } from '../../components/ActionButton';
import { ProgressBar } from '../../components/ProgressBar';
import { plural } from '../../lib/format';
import type { FolderExportState } from './use-folder-export';

interface BulkExportBarProps {
  count: number;
  state: FolderExportState;
  onExport: (format: CourseExportFormat, includeMaterials: boolean) => void;
  onClear: () => void;
}

export function BulkExportBar({ count, state, onExport, onClear }: BulkExportBarProps) {
  const [format, setFormat] = useState<CourseExportFormat>('imscc');
  const [includeMaterials, setIncludeMaterials] = useState(false);
  // The source files travel only inside a package (never by default).
  const isPackage = format === 'imscc' || format === 'scorm12';
  const busy = state.phase === 'choosing' || state.phase === 'exporting';
  if (count === 0 && !busy) return null;
  return (
    <div className="bulk-bar courses-bulk-bar" role="region" aria-label="Selected courses">
      <strong>{plural(count, 'course')} selected</strong>
      <label className="inline-field">
        <span>Format</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as CourseExportFormat)} disabled={busy}>
          {COURSE_EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      {isPackage && (
        <label className="inline-field">
          <input type="checkbox" checked={includeMaterials} onChange={(e) => setIncludeMaterials(e.target.checked)} disabled={busy} />
          <span>Include source files</span>
        </label>
      )}
      <ActionButton className="btn btn-small btn-primary" busy={busy} unavailable={count === 0} data-focus-key="courses-export-selected" onClick={() => onExport(format, includeMaterials && isPackage)}>
        {state.phase === 'exporting' ? 'Exporting…' : 'Export selected…'}
      </ActionButton>
      <button type="button" className="btn btn-ghost btn-small" onClick={onClear} disabled={busy}>
        Clear selection
      </button>
      {state.phase === 'exporting' && (
        <span className="bulk-export-progress" role="status" data-testid="bulk-export-progress">
          <ProgressBar value={state.progress?.done ?? 0} max={state.total} label="Export progress" />
          <span>
            {state.progress ? `${state.progress.done} of ${state.total}: ${state.progress.title}` : `0 of ${state.total}`} → {state.folder}
          </span>
        </span>
      )}
    </div>
  );
}
