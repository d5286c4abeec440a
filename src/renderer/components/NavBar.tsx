// The sidebar: the app's sections, with the current one marked for screen readers.
import { ProgressTracker } from './ProgressTracker';

const LINKS = [
  { section: 'queue', href: '#/queue', label: 'Queue' },
  { section: 'new', href: '#/new', label: 'New course' },
  { section: 'batch', href: '#/batch', label: 'Batch' },
  { section: 'courses', href: '#/courses', label: 'Courses' },
  { section: 'insights', href: '#/insights', label: 'Insights' },
  { section: 'sync', href: '#/sync', label: 'Sync' },
  { section: 'settings', href: '#/settings', label: 'Settings' },
] as const;

export function NavBar({ section }: { section: string }) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          CS
        </span>
        <span className="brand-name">Course Studio</span>
      </div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {LINKS.map((link) => (
            <li key={link.section}>
              <a href={link.href} className="nav-link" aria-current={section === link.section ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ProgressTracker />
    </aside>
  );
}
