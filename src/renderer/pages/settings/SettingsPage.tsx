// Settings: the API key (the renderer only ever learns whether one is set), the model,
// the queue's limits and defaults, economy mode and the budget, storage (cleanups, the bin), and where the data lives.
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { useSettings } from '../../store/settings';
import { ApiKeySection } from './ApiKeySection';
import { DataSection } from './DataSection';
import { EconomySection } from './EconomySection';
import { LocalModelsSection } from './LocalModelsSection';
import { ModelSection } from './ModelSection';
import { QuizSection } from './QuizSection';
import { StorageSection } from './StorageSection';
import { SyncSection } from './SyncSection';
import { WorkflowSection } from './WorkflowSection';

export function SettingsPage() {
  const { settings, info, error, loading } = useSettings();
  return (
    <div className="page settings-page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="page-subtitle">Changes apply at once; running jobs pick up limits immediately.</p>
        </div>
      </header>
      {!settings && (loading || !error) ? (
        <Loading label="Loading settings…" />
      ) : !settings ? (
        <LoadError title="Settings could not be loaded" message={error ?? 'Unknown error'} onRetry={() => void useSettings.getState().load()} />
      ) : (
        <div className="settings-sections">
          <ApiKeySection settings={settings} />
          <ModelSection settings={settings} />
          <LocalModelsSection />
          <WorkflowSection settings={settings} />
          <QuizSection settings={settings} />
          <EconomySection settings={settings} />
          <SyncSection />
          <StorageSection />
          <DataSection settings={settings} info={info} />
        </div>
      )}
    </div>
  );
}
