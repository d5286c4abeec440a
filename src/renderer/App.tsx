// The shell: sidebar, the page for the current hash route, toasts. The first commands (the
// live queue, settings, sync) are sent by start.ts before React loads. Every page but the
// queue — the first screen — is its own chunk, fetched when it is first opened, so a cold
// start loads and evaluates only the shell and the queue (no zod, no Markdown stack).
// Only Insights is fetched ahead, when the window is idle after its first paint
// (prefetchWhenIdle): its chunk is the largest (the charts), and reading the figures then
// drawing them must fit in 300 ms. The others are fetched when opened: evaluating a page
// chunk is a long task that should not land in the middle of what the person is doing.
import { createElement, lazy, memo, Suspense, useDeferredValue, useEffect, useState, type ComponentType } from 'react';
import { LoadError } from './components/LoadError';
import { Loading } from './components/Loading';
import { NavBar } from './components/NavBar';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { StartupFailure } from './components/StartupFailure';
import { ToastRegion } from './components/ToastRegion';
import { hasApi } from './lib/api';
import { parseHash, type Route } from './lib/route';
import { useRoute } from './lib/use-route';
import { QueuePage } from './pages/queue/QueuePage';
import { appInfo } from './start';

/** Renewals of pages whose chunk failed to load: React.lazy keeps a rejection for good. */
const failedPages = new Set<() => void>();

/** Lets every page whose chunk failed be fetched again the next time it renders. */
function retryFailedPages(): void {
  for (const renew of [...failedPages]) renew();
}

/**
 * A page in its own chunk. Rendered through React.lazy, except when `preload` fetched it
 * before the first render (the page a window opens on): that page renders at once instead
 * of mounting a fallback first, which React would keep up for at least 300 ms (its
 * Suspense throttle) however fast the chunk came. `preloaded` never changes after the
 * first render, so a mounted page never switches component types (which would remount it);
 * `Lazy` is replaced only after its load failed, when nothing of it is mounted.
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let preloaded: ComponentType<P> | null = null;
  const renew = () => {
    failedPages.delete(renew);
    Lazy = fresh();
  };
  const fresh = () =>
    lazy(async () => {
      try {
        return { default: await load() };
      } catch (error) {
        failedPages.add(renew);
        throw error;
      }
    });
  let Lazy = fresh();
  const Page = (props: P) => createElement(preloaded ?? Lazy, props);
  return Object.assign(Page, {
    preload: async () => {
      preloaded = await load();
    },
    /** Fetches and evaluates the chunk now, so that rendering the page later finds it in the module cache. */
    prefetch: () => load().then(() => undefined),
  });
}

const WizardPage = lazyPage(() => import('./pages/wizard/WizardPage').then((m) => m.WizardPage));
const BatchPage = lazyPage(() => import('./pages/batch/BatchPage').then((m) => m.BatchPage));
const CoursePage = lazyPage(() => import('./pages/courses/CoursePage').then((m) => m.CoursePage));
const CoursesPage = lazyPage(() => import('./pages/courses/CoursesPage').then((m) => m.CoursesPage));
const SettingsPage = lazyPage(() => import('./pages/settings/SettingsPage').then((m) => m.SettingsPage));
const SyncPage = lazyPage(() => import('./pages/sync/SyncPage').then((m) => m.SyncPage));
const InsightsPage = lazyPage(() => import('./pages/insights/InsightsPage').then((m) => m.InsightsPage));

const LAZY_PAGES = { new: WizardPage, batch: BatchPage, course: CoursePage, courses: CoursesPage, settings: SettingsPage, sync: SyncPage, insights: InsightsPage };

/** Which page component a route shows: the course list and one course are different pages. */
function pageOf(route: Route): string {
  const [section = 'queue', id] = route.segments;
  return section === 'courses' && id ? 'course' : section;
}

/**
 * Fetches the chunk of the page the window opens on, if that is not the queue; main.tsx
 * renders once it is in. Only before the first render (see lazyPage).
 */
export function preloadFirstPage(): Promise<void> | null {
  const page = pageOf(parseHash(window.location.hash));
  return Object.hasOwn(LAZY_PAGES, page) ? LAZY_PAGES[page as keyof typeof LAZY_PAGES].preload() : null;
}

/** How long an idle moment is waited for, at most, before the Insights chunk is fetched anyway. */
const PREFETCH_IDLE_TIMEOUT_MS = 5_000;

/**
 * After `painted` (the first frame is on screen), at the next idle moment, fetches the
 * Insights page's chunk. A failure is left for opening the page to report.
 */
export function prefetchWhenIdle(painted: Promise<void>): void {
  void painted.then(() => {
    const run = () => void InsightsPage.prefetch().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: PREFETCH_IDLE_TIMEOUT_MS });
    else setTimeout(run, 0);
  });
}

export function App() {
  const connected = hasApi();
  const live = useRoute();
  // Opening another page renders it as a deferred (background) update: while its chunk
  // loads, the page the person is on stays up, instead of a spinner that React would then
  // keep for at least 300 ms (its Suspense throttle) even when the chunk took 5. Changes
  // within a page (a filter, a selected job) render at once, as before.
  const deferred = useDeferredValue(live);
  const route = pageOf(deferred) === pageOf(live) ? live : deferred;
  const section = route.segments[0] ?? 'queue';
  const [startup, setStartup] = useState<{ reason: string; dataDir: string; canStartNew: boolean } | null>(null);

  useEffect(() => {
    void appInfo?.then((result) => {
      if (result.ok && result.value.startupError) {
        setStartup({ reason: result.value.startupError, dataDir: result.value.dataDir, canStartNew: result.value.canStartNewDatabase });
      }
    });
  }, []);

  if (!connected) {
    return (
      <main className="standalone">
        <LoadError title="Course Studio could not start" message="This page is not connected to the Course Studio app (window.courseStudio is missing). Open it from the desktop app." />
      </main>
    );
  }

  if (startup) return <StartupFailure {...startup} />;

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <NavBar section={section} />
      <main id="main" className="main" tabIndex={-1}>
        <PageErrorBoundary resetKey={route.segments.join('/') || 'queue'} onRetry={retryFailedPages}>
          <Suspense fallback={<Loading />}>
            <Page section={section} segments={route.segments} query={route.query} />
          </Suspense>
        </PageErrorBoundary>
      </main>
      <ToastRegion />
    </div>
  );
}

// Memoised: the deferred pass after an in-page change renders the same route again.
const Page = memo(function Page({ section, segments, query }: { section: string; segments: string[]; query: Record<string, string> }) {
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
    case 'insights':
      return <InsightsPage query={query} />;
    default:
      return <LoadError title="Page not found" message={`There is no page at “#/${segments.join('/')}”.`} />;
  }
});
