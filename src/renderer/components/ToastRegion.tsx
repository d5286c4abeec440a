// Toasts, announced politely by screen readers (errors assertively), each dismissible.
import { useToasts } from '../store/toasts';

export function ToastRegion() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toast-stack">
      <div className="toast-region" role="status" aria-live="polite" aria-relevant="additions">
        {toasts
          .filter((t) => t.tone !== 'error')
          .map((t) => (
            <ToastItem key={t.id} {...t} onDismiss={() => dismiss(t.id)} />
          ))}
      </div>
      <div className="toast-region toast-region-errors" role="alert" aria-live="assertive" aria-relevant="additions">
        {toasts
          .filter((t) => t.tone === 'error')
          .map((t) => (
            <ToastItem key={t.id} {...t} onDismiss={() => dismiss(t.id)} />
          ))}
      </div>
    </div>
  );
}

function ToastItem({ tone, title, message, href, hrefLabel, onDismiss }: { tone: string; title: string; message?: string | undefined; href?: string | undefined; hrefLabel?: string | undefined; onDismiss: () => void }) {
  return (
    <div className={`toast toast-${tone}`}>
      <div className="toast-body">
        <strong className="toast-title">{title}</strong>
        {message && <span className="toast-message">{message}</span>}
        {href && (
          <a className="toast-link" href={href} onClick={onDismiss}>
            {hrefLabel ?? 'Open'}
          </a>
        )}
      </div>
      <button type="button" className="btn btn-ghost btn-small toast-close" aria-label={`Dismiss: ${title}`} onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
