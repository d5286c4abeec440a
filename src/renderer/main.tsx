// start.ts first: its commands leave before the modules below are evaluated.
import { firstJobs, firstLog } from './start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, prefetchWhenIdle, preloadFirstPage } from './App';
import { AfterFirstPaint } from './components/AfterFirstPaint';
import { requestInsightsOnRoute } from './lib/insights-early';
import { readOlderJobsAfter } from './store/jobs';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/queue.css';
import './styles/wizard.css';
import './styles/batch.css';
import './styles/courses.css';
import './styles/settings.css';
import './styles/sync.css';

/** A core slow to answer still gets the shell (with its loading state) on screen this soon. */
const FIRST_JOBS_CAP_MS = 250;

/** A window hidden at start (no frames while hidden) still reads its older jobs this soon. */
const FIRST_PAINT_CAP_MS = 1_000;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
let painted = () => {};
const firstPaint = new Promise<void>((resolve) => (painted = resolve));
readOlderJobsAfter(firstPaint);
prefetchWhenIdle(firstPaint);
requestInsightsOnRoute();
const render = () => {
  createRoot(root).render(
    <StrictMode>
      <App />
      <AfterFirstPaint run={painted} />
    </StrictMode>,
  );
  setTimeout(painted, FIRST_PAINT_CAP_MS);
};
// The first render waits (briefly) for the queue's first page and, opened on a job, for its
// log; a window opened on another page waits for that page's chunk (if its fetch fails,
// React.lazy asks again).
const firstData = Promise.all([firstJobs(FIRST_JOBS_CAP_MS), firstLog]);
const capped = Promise.race([firstData, new Promise((resolve) => setTimeout(resolve, FIRST_JOBS_CAP_MS))]);
void Promise.all([capped, preloadFirstPage()?.catch(() => undefined)]).then(render);
