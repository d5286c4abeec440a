// Shown instead of the app when main could not open the data (a damaged database, one
// written by a newer Course Studio, one locked by another process or read-only). The file
// is never touched by the app. When its content is the problem, the way forward offered is
// to keep that file under a new name and start an empty database; a file that is only
// locked or read-only is fine, so then the reason (which says what to do) is all there is.
import { useState } from 'react';
import { api, call } from '../lib/api';

export function StartupFailure({ reason, dataDir, canStartNew }: { reason: string; dataDir: string; canStartNew: boolean }) {
  const [state, setState] = useState<{ busy: boolean; keptAs: string | null; error: string | null }>({ busy: false, keptAs: null, error: null });

  const startNew = async () => {
    setState({ busy: true, keptAs: null, error: null });
    try {
      const { keptAs } = await call(api().appStartNewDatabase());
      setState({ busy: true, keptAs, error: null });
      // The desktop app restarts itself on the new database; a browser page just reloads.
      setTimeout(() => location.reload(), 1_500);
    } catch (error) {
      setState({ busy: false, keptAs: null, error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <main className="standalone startup-failure">
      <div className="load-error" role="alert">
        <h1>Course Studio could not open its data</h1>
        <p>{reason}</p>
        <p>
          Data folder: <code>{dataDir}</code>
        </p>
        {state.keptAs ? (
          <p role="status">
            The old file is kept as <code>{state.keptAs}</code>. Starting with a new, empty database…
          </p>
        ) : !canStartNew ? (
          <p>Your data is kept as it is. Once the problem above is fixed, start Course Studio again.</p>
        ) : (
          <>
            <p>
              You can restore the file from a backup (or update Course Studio, if it was written by a newer version), or start
              over with an empty database. Starting over keeps the old file, renamed, next to the new one.
            </p>
            <button type="button" className="btn btn-primary" onClick={() => void startNew()} disabled={state.busy}>
              Start a new database
            </button>
          </>
        )}
        {state.error && <p className="inline-error">{state.error}</p>}
      </div>
    </main>
  );
}
