// "Based on: syllabus.pdf p. 4–6, notes.md § Joins": the places in the course's materials a
// lesson says it drew on, each a button that opens the read-only viewer there.
import { useState } from 'react';
import type { LessonSource } from '../../../shared/materials';
import { sourceLabel } from '../../lib/materials-text';
import { SourceViewer, type SourceTarget } from './SourceViewer';

export function LessonSources({ courseId, sources }: { courseId: string; sources: readonly LessonSource[] }) {
  const [open, setOpen] = useState<SourceTarget | null>(null);
  if (sources.length === 0) return null;
  return (
    <div className="lesson-sources" data-testid="lesson-sources">
      <span className="lesson-sources-label">Based on:</span>{' '}
      {sources.map((source, i) => (
        <span key={i}>
          {i > 0 && ', '}
          <button
            type="button"
            className="btn-link"
            title={source.note || undefined}
            onClick={() => setOpen({ sha256: source.material, fileName: source.fileName, location: source.location, note: source.note })}
          >
            {sourceLabel(source)}
          </button>
        </span>
      ))}
      {open && <SourceViewer courseId={courseId} target={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
