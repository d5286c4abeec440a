// A desktop notification when a job completes or fails, so an overnight batch can run
// with the window hidden, and one summary when the run ends (its morning report, in one
// line). Clicking one brings the window back.
import { Notification } from 'electron';
import type { AppCore } from '../app-core';
import { reportIsEmpty, runReportLine, runReportTitle } from '../../shared/run-report-text';

export function notifyJobOutcomes(core: Pick<AppCore, 'subscribe' | 'store'>, onClick: () => void): () => void {
  if (!Notification.isSupported()) return () => {};
  return core.subscribe('runner.events', (events) => {
    for (const event of events) {
      if (event.type === 'run.report') {
        if (reportIsEmpty(event.report)) continue;
        const summary = new Notification({ title: runReportTitle(event.report), body: runReportLine(event.report) });
        summary.on('click', onClick);
        summary.show();
        continue;
      }
      if (event.type !== 'job.completed' && event.type !== 'job.failed') continue;
      const title = core.store.jobs.summary(event.jobId)?.courseTitle ?? 'A course';
      const notification = new Notification(
        event.type === 'job.completed'
          ? { title: 'Course generated', body: `${title} is ready for review.` }
          : { title: 'Course generation failed', body: `${title}: ${event.error}` },
      );
      notification.on('click', onClick);
      notification.show();
    }
  });
}
