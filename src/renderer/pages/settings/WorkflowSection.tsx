// Queue limits and review defaults: how much runs at once, whether finished courses
// publish (and export into a folder) on their own, and the name approvals are recorded under.
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { AutoExportChoice } from '../../components/AutoExportChoice';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { checkAutoExport, draftFrom, sameAutoExport } from '../../lib/auto-export-form';
import { checkLimitsDraft } from '../../lib/limits-form';
import { useAction } from '../../lib/use-action';
import { useJobs } from '../../store/jobs';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';

export function WorkflowSection({ settings }: { settings: SettingsView }) {
  const liveLimits = useJobs((s) => s.data.queue?.limits) ?? settings.limits;
  const [jobs, setJobs] = useState(String(liveLimits.jobs));
  const [requests, setRequests] = useState(String(liveLimits.requests));
  const [reviewer, setReviewer] = useState(settings.reviewerName);
  const [autoPublish, setAutoPublish] = useState(settings.defaultAutoPublish);
  const [republish, setRepublish] = useState(settings.republishEditedWithoutApproval);
  const [exportDraft, setExportDraft] = useState(() => draftFrom(settings.defaultAutoExport));
  const [exportChecked, setExportChecked] = useState(false);
  const autoExport = checkAutoExport(exportDraft);
  const limits = useAction();
  const prefs = useAction();
  const replace = useSettings((s) => s.replace);

  useEffect(() => {
    setJobs(String(liveLimits.jobs));
    setRequests(String(liveLimits.requests));
  }, [liveLimits.jobs, liveLimits.requests]);

  const checked = checkLimitsDraft({ jobs, requests });
  const jobsError = checked.errors.jobs ?? limits.fieldErrors.jobs;
  const requestsError = checked.errors.requests ?? limits.fieldErrors.requests;
  const reviewerError = reviewer.length > 120 ? 'Keep the name under 120 characters.' : prefs.fieldErrors.reviewerName;

  return (
    <section className="card settings-section" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Queue and review</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const values = checked.values;
          if (!values) return;
          void limits.run(async () => {
            await call(api().queueSetLimits(values));
            toast({ tone: 'success', title: 'Queue limits saved' });
          });
        }}
      >
        <div className="form-grid">
          <Field label="Jobs at once" hint="Courses generated in parallel." error={jobsError}>
            <input type="number" min={1} max={20} step={1} value={jobs} onChange={(e) => setJobs(e.target.value)} />
          </Field>
          <Field label="Model requests at once" hint="Across all jobs; lower it if you hit rate limits." error={requestsError}>
            <input type="number" min={1} max={50} step={1} value={requests} onChange={(e) => setRequests(e.target.value)} />
          </Field>
        </div>
        <InlineError message={Object.keys(limits.fieldErrors).length === 0 ? limits.error : null} />
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" busy={limits.pending} unavailable={jobs === String(liveLimits.jobs) && requests === String(liveLimits.requests)}>
            Save limits
          </ActionButton>
        </div>
      </form>
      <form
        className="prefs-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setExportChecked(true);
          if (reviewerError || autoExport.error) return;
          void prefs.run(async () => {
            const patch = { reviewerName: reviewer.trim(), defaultAutoPublish: autoPublish, defaultAutoExport: autoExport.value, republishEditedWithoutApproval: republish };
            replace(await call(api().settingsUpdate(patch)));
            toast({ tone: 'success', title: 'Review defaults saved' });
          });
        }}
      >
        <Field label="Reviewer name" hint="Prefilled when you approve an outline or a course." error={reviewerError}>
          <input type="text" value={reviewer} maxLength={130} onChange={(e) => setReviewer(e.target.value)} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={autoPublish} onChange={(e) => setAutoPublish(e.target.checked)} />
          Publish courses automatically when their generation completes (default for new jobs)
        </label>
        <label className="check">
          <input type="checkbox" checked={republish} onChange={(e) => setRepublish(e.target.checked)} />
          Sync edits to a published course without a new approval (off: an edited course goes back to review and is published again after you approve it)
        </label>
        <AutoExportChoice
          draft={exportDraft}
          onChange={setExportDraft}
          error={exportChecked ? (autoExport.error ?? prefs.fieldErrors['defaultAutoExport.folder']) : null}
          label="Export courses into a folder when their generation completes (default for new jobs)"
          hint="After publishing, if that is on. A failed export (the folder gone, the disk full) is shown on the job; the course stays complete."
        />
        <InlineError message={Object.keys(prefs.fieldErrors).length === 0 ? prefs.error : null} />
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" busy={prefs.pending} unavailable={reviewer === settings.reviewerName && autoPublish === settings.defaultAutoPublish && republish === settings.republishEditedWithoutApproval && sameAutoExport(autoExport.value, settings.defaultAutoExport) && !autoExport.error}>
            Save review defaults
          </ActionButton>
        </div>
      </form>
    </section>
  );
}
