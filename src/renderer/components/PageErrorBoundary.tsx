// Keeps a page's failure inside the page: an error while rendering it, or its code that
// could not be fetched, shows what went wrong with Try again and a way back to the queue,
// while the sidebar (nav and tracker) stays usable. Opening another route starts afresh.
import { Component, type ReactNode } from 'react';

interface Props {
  /** The route shown; when it changes, a failure is forgotten and the new page rendered. */
  resetKey: string;
  /** Called before rendering again (Try again or another route): lets failed page chunks be fetched anew. */
  onRetry: () => void;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** A page chunk that could not be fetched, in Chromium's, Firefox's and Safari's words. */
function isChunkFailure(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(error.message);
}

export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.retry();
  }

  private readonly retry = () => {
    this.props.onRetry();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const chunk = isChunkFailure(error);
    return (
      <div className="page">
        <div className="load-error" role="alert" data-testid="page-error">
          <h2>{chunk ? 'This page could not be loaded' : 'This page stopped working'}</h2>
          <p>
            {chunk
              ? 'The part of Course Studio that shows this page could not be fetched. Try again; if it keeps failing, restart Course Studio.'
              : 'Something went wrong while showing this page. Try again, or go back to the queue.'}
          </p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={this.retry}>
              Try again
            </button>
            {this.props.resetKey !== 'queue' && (
              <a className="btn" href="#/queue">
                Back to the queue
              </a>
            )}
          </div>
          <details className="page-error-details">
            <summary>Details</summary>
            <code>{error.message}</code>
          </details>
        </div>
      </div>
    );
  }
}
