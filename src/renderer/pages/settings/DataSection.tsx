import type { AppInfo, SettingsView } from '../../../shared/ipc-contract';

export function DataSection({ settings, info }: { settings: SettingsView; info: AppInfo | null }) {
  return (
    <section className="card settings-section" aria-labelledby="data-title">
      <h2 id="data-title">Data</h2>
      <dl className="facts">
        <div>
          <dt>Data folder</dt>
          <dd>
            <code className="path" data-testid="data-dir">
              {info?.dataDir ?? settings.dataDir}
            </code>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{info ? `${info.version} (${info.platform})` : '—'}</dd>
        </div>
      </dl>
      <p className="muted">The database, logs and key file live in the data folder. Set COURSE_STUDIO_DATA_DIR before starting the app to use another folder.</p>
    </section>
  );
}
