// A screen-level failure (the data did not load), with a way to try again.
export function LoadError({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="load-error" role="alert">
      <h2>{title}</h2>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
