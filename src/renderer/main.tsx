// start.ts first: its commands leave before the modules below are evaluated.
import './start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadFirstPage } from './App';
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

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// A window opened on a page other than the queue renders once that page's chunk is in (or
// its fetch failed: then React.lazy asks for it again).
const firstPage = preloadFirstPage();
if (firstPage) void firstPage.then(render, render);
else render();
