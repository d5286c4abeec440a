// A lesson's or task's History: every version with who and why, a diff between any two
// (words for prose, lines for code; version-diff.ts), and Restore, which main turns into a
// new version. The versions' texts are the model's or a person's: shown as text only.
import { useEffect, useMemo, useState } from 'react';
import type { UnitKind, UnitVersion } from '../../../shared/history';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineError } from '../../components/InlineError';
import { api, call, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { toast } from '../../store/toasts';
import { diffBodies, type DiffSegment } from './version-diff';

const REASONS: Record<UnitVersion['reason'], string> = {
  generated: 'Generated',
  regenerated: 'Regenerated',
  edited: 'Edited',
  synced: 'Pulled from sync',
  restored: 'Restored',
  migrated: 'Text before history',
};

export function versionLine(v: UnitVersion): string {
  const who = v.authorKind === 'model' ? `model ${v.author}` : v.authorKind === 'sync' ? `sync (${v.author})` : v.author;
  const why = v.reason === 'restored' && v.restoredFrom !== null ? `Restored version ${v.restoredFrom}` : REASONS[v.reason];
  return `${why} by ${who}`;
}

export function HistoryPanel({ unitKind, unitId, revision, onRestored }: { unitKind: UnitKind; unitId: string; revision: string; onRestored: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<UnitVersion[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const restore = useAction();

  useEffect(() => {
    if (!open) return;
    let live = true;
    call(api().historyList({ unitKind, unitId })).then(
      (list) => {
        if (!live) return;
        setVersions(list);
        setLoadError(null);
        // Newest against the one before it, until the person picks others.
        setTo(list[0]?.version ?? null);
        setFrom(list[1]?.version ?? list[0]?.version ?? null);
      },
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [open, unitKind, unitId, revision]);

  const before = versions?.find((v) => v.version === from) ?? null;
  const after = versions?.find((v) => v.version === to) ?? null;
  const fields = useMemo(() => (before && after ? diffBodies(before.body, after.body) : []), [before, after]);
  const name = unitKind === 'lesson' ? 'lesson' : 'task';

  return (
    <details className="history-panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={`history-${unitId}`}>
      <summary>History</summary>
      <InlineError message={loadError} />
      {open && versions === null && !loadError && <p className="muted">Loading the versions…</p>}
      {versions && versions.length === 0 && <p className="muted">No versions are recorded for this {name}.</p>}
      {versions && versions.length > 0 && (
        <>
          <ol className="version-list" aria-label={`Versions of this ${name}`}>
            {versions.map((v, i) => (
              <li key={v.version} className="version-row">
                <span className="version-number">v{v.version}</span>
                <span>
                  {versionLine(v)} <span className="muted">· {formatDateTime(v.createdAt)}</span>
                  {i === 0 && <span className="muted"> · current</span>}
                </span>
                {i > 0 && (
                  <ConfirmButton
                    label="Restore"
                    className="btn btn-small"
                    ariaLabel={`Restore version ${v.version}`}
                    confirmAriaLabel={`Confirm: make version ${v.version} the current text`}
                    busy={restore.pending}
                    onConfirm={() =>
                      void restore.run(async () => {
                        const restored = await call(api().historyRestore({ unitKind, unitId, version: v.version }));
                        toast({ tone: 'success', title: `Version ${v.version} restored`, message: `Saved as version ${restored.version}.` });
                        await onRestored();
                      })
                    }
                  />
                )}
              </li>
            ))}
          </ol>
          <InlineError message={restore.error} />
          {versions.length > 1 && (
            <div className="version-compare">
              <label>
                Compare{' '}
                <select value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))} aria-label="Older version">
                  {versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      v{v.version}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                with{' '}
                <select value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))} aria-label="Newer version">
                  {versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      v{v.version}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {versions.length > 1 && before && after && (
            <div className="version-diff" aria-label={`Changes from version ${before.version} to version ${after.version}`}>
              {fields.every((f) => !f.changed) && <p className="muted">These versions say the same.</p>}
              {fields
                .filter((f) => f.changed)
                .map((f) => (
                  <section key={f.label}>
                    <h4>{f.label}</h4>
                    <DiffText segments={f.segments} />
                  </section>
                ))}
            </div>
          )}
        </>
      )}
    </details>
  );
}

/** Text nodes only: React escapes them, so markup in a version shows as the characters it is. */
function DiffText({ segments }: { segments: DiffSegment[] }) {
  return (
    <pre className="diff-text">
      {segments.map((s, i) =>
        s.kind === 'added' ? (
          <ins key={i}>{s.text}</ins>
        ) : s.kind === 'removed' ? (
          <del key={i}>{s.text}</del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </pre>
  );
}
