// One outline option: a live preview while it streams, the full outline once stored.
import type { Outline } from '../../../shared/domain';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { OutlinePreview } from '../../lib/partial-outline';

interface OptionCardProps {
  index: number;
  preview: OutlinePreview;
  outline?: Outline;
  state: 'streaming' | 'done' | 'error';
  error: string | null;
  chosen?: boolean;
  onChoose?: (() => void) | undefined;
  /** Set when choosing would replace edits: the button asks with this before choosing. */
  confirmChoice?: string | undefined;
}

export function OptionCard({ index, preview, outline, state, error, chosen, onChoose, confirmChoice }: OptionCardProps) {
  const title = preview.title || (state === 'streaming' ? 'Writing…' : `Option ${index + 1}`);
  return (
    <article className={`card option-card ${chosen ? 'is-chosen' : ''} is-${state}`} aria-label={`Option ${index + 1}: ${title}`} data-testid="outline-option">
      <header className="option-header">
        <span className="option-number">Option {index + 1}</span>
        {state === 'streaming' && (
          <span className="option-live" role="status">
            <span className="spinner spinner-small" aria-hidden="true" /> streaming
          </span>
        )}
        {chosen && <span className="option-chosen">Chosen</span>}
      </header>
      <h3 className="option-title">{title}</h3>
      {preview.description && <p className="option-description">{preview.description}</p>}
      {onChoose && (
        <div className="option-footer">
          {confirmChoice ? (
            <ConfirmButton label="Use this outline" confirmLabel={confirmChoice} onConfirm={onChoose} />
          ) : (
            <button type="button" className="btn btn-primary" onClick={onChoose}>
              Use this outline
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="inline-error" role="alert">
          This option failed: {error}
        </p>
      )}
      <ol className="option-projects">
        {preview.projects.map((project, pi) => (
          <li key={pi}>
            <span className="option-project-title">{project.title || '…'}</span>
            {outline?.projects[pi]?.description && <span className="option-project-description">{outline.projects[pi]!.description}</span>}
            {project.lessons.length > 0 && (
              <ul className="option-lessons">
                {project.lessons.map((lesson, li) => (
                  <li key={li}>{lesson || '…'}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {state === 'streaming' && preview.projects.length === 0 && <div className="skeleton-lines" aria-hidden="true" />}
    </article>
  );
}
