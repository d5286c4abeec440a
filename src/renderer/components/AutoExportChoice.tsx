// "Export when done", worded the same wherever a job is queued (the wizard, batch review) and
// in Settings' default: a checkbox, the folder (picked in the OS dialog, which main opens) and
// the formats. Turning it on without a folder opens the dialog at once (closed without a
// choice, it goes off again).
import { useId } from 'react';
import { COURSE_EXPORT_FORMATS, FORMAT_LABELS } from '../../shared/course-export';
import { api, call } from '../lib/api';
import { toggleFormat, type AutoExportDraft } from '../lib/auto-export-form';
import { useAction } from '../lib/use-action';
import { ActionButton } from './ActionButton';
import { InlineError } from './InlineError';

interface AutoExportChoiceProps {
  draft: AutoExportDraft;
  onChange: (draft: AutoExportDraft) => void;
  /** Why the draft cannot be used (no folder, no format), shown once the person tried. */
  error?: string | null;
  label?: string;
  hint?: string;
}

export function AutoExportChoice({ draft, onChange, error, label = 'Export the course when it is done', hint }: AutoExportChoiceProps) {
  const id = useId();
  const choosing = useAction();
  const choose = async (next: AutoExportDraft) => {
    const picked = await choosing.run(() => call(api().appChooseFolder({ purpose: 'autoExport' })));
    // Closed without a choice: the folder stays as it was (none: auto-export goes off again).
    if (picked?.folder) onChange({ ...next, enabled: true, folder: picked.folder });
    else if (next.folder === null) onChange({ ...next, enabled: false });
  };
  return (
    <fieldset className="auto-export-choice" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend className="visually-hidden">Auto-export</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => {
            const next = { ...draft, enabled: e.target.checked };
            onChange(next);
            if (next.enabled && next.folder === null) void choose(next);
          }}
        />
        {label}
      </label>
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {draft.enabled && (
        <div className="auto-export-details">
          <div className="auto-export-folder">
            <span className="muted">Into</span>{' '}
            <code className="auto-export-path" data-testid="auto-export-folder">
              {draft.folder ?? 'no folder chosen'}
            </code>{' '}
            <ActionButton className="btn btn-small" busy={choosing.pending} onClick={() => void choose(draft)}>
              Choose folder…
            </ActionButton>
          </div>
          <div className="auto-export-formats" role="group" aria-label="Formats to export">
            {COURSE_EXPORT_FORMATS.map((format) => (
              <label key={format} className="check">
                <input type="checkbox" checked={draft.formats.includes(format)} onChange={() => onChange(toggleFormat(draft, format))} />
                {FORMAT_LABELS[format]}
              </label>
            ))}
          </div>
        </div>
      )}
      <InlineError message={choosing.error ?? error ?? null} />
    </fieldset>
  );
}
