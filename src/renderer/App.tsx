// The shell: sidebar, the page for the current hash route, toasts. Starts the live queue
// once (every page shows the tracker) and loads settings for the pages that prefill from them.
import { useEffect, useState } from 'react';
import { LoadError } from './components/LoadError';
import { NavBar } from './components/NavBar';
import { StartupFailure } from './components/StartupFailure';
import { ToastRegion } from './components/ToastRegion';
import { api, hasApi } from './lib/api';
import { useRoute } from './lib/use-route';
import { BatchPage } from './pages/batch/BatchPage';
import { CoursePage } from './pages/courses/CoursePage';
import { CoursesPage } from './pages/courses/CoursesPage';
import { QueuePage } from './pages/queue/QueuePage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { SyncPage } from './pages/sync/SyncPage';
import { WizardPage } from './pages/wizard/WizardPage';
import { useJobs } from './store/jobs';
import { useSettings } from './store/settings';
import { useSync } from './store/sync';

export function App() {
  const connected = hasApi();
  const route = useRoute();
  const section = route.segments[0] ?? 'queue';
  const [startup, setStartup] = useState<{ reason: string; dataDir: string } | null>(null);

  useEffect(() => {
    if (!connected) return;
    void api()
      .appInfo()
      .then((result) => {
        if (result.ok && result.value.startupError) setStartup({ reason: result.value.startupError, dataDir: result.value.dataDir });
      });
  }, [connected]);

  useEffect(() => {
    if (!connected) return;
    useJobs.getState().start();
    void useSettings.getState().load();
  }, [connected]);

  useEffect(() => (connected ? useSync.getState().start() : undefined), [connected]);

  if (!connected) {
    return (
      <main className="standalone">
        <LoadError title="Course Studio could not start" message="This page is not connected to the Course Studio app (window.courseStudio is missing). Open it from the desktop app." />
      </main>
    );
  }

  if (startup) return <StartupFailure reason={startup.reason} dataDir={startup.dataDir} />;

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <NavBar section={section} />
      <main id="main" className="main" tabIndex={-1}>
        <Page section={section} segments={route.segments} query={route.query} />
      </main>
      <ToastRegion />
    </div>
  );
}

function Page({ section, segments, query }: { section: string; segments: string[]; query: Record<string, string> }) {
  switch (section) {
    case 'queue':
      return <QueuePage jobId={segments[1] ?? null} query={query} />;
    case 'new':
      return <WizardPage key={segments[1] ?? 'new'} courseId={segments[1] ?? null} query={query} />;
    case 'batch':
      return <BatchPage />;
    case 'courses':
      return segments[1] ? <CoursePage key={segments[1]} courseId={segments[1]} query={query} /> : <CoursesPage />;
    case 'settings':
      return <SettingsPage />;
    case 'sync':
      return <SyncPage />;
    default:
      return <LoadError title="Page not found" message={`There is no page at “#/${segments.join('/')}”.`} />;
  }
}
