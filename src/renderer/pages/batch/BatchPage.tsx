// Many courses at once: import topics (paste or a CSV file), generate outline options for
// all of them, review (approve, edit, reject; bulk approve), then queue what is approved.
import { useCallback, useRef } from 'react';
import { BatchImport } from './BatchImport';
import { ReviewList, type ReviewListHandle } from './ReviewList';

export function BatchPage() {
  const review = useRef<ReviewListHandle>(null);
  // Outline runs finish one by one; the review list reloads at most every second meanwhile.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onCourseReady = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      review.current?.reload();
    }, 1_000);
  }, []);

  return (
    <div className="page batch-page">
      <header className="page-header">
        <div>
          <h1>Batch</h1>
          <p className="page-subtitle">Import many topics, review their outlines, queue them together.</p>
        </div>
      </header>
      <BatchImport onCourseReady={onCourseReady} />
      <ReviewList ref={review} />
    </div>
  );
}
