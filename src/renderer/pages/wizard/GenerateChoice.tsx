// Step 4: the outline is approved. Either queue the whole generation (recommended; it can
// start later, e.g. overnight, go in economy mode at half price, and export the course into a
// folder when done) or run it here step by step, reviewing after each step. What it is
// expected to cost shows above both.
import { useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import { ActionButton } from '../../components/ActionButton';
import { AutoExportChoice } from '../../components/AutoExportChoice';
import { CostEstimate } from '../../components/CostEstimate';
import { EconomyChoice } from '../../components/EconomyChoice';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { checkAutoExport, draftFrom, type AutoExportDraft } from '../../lib/auto-export-form';
import { focusLater } from '../../lib/focus';
import { scheduledStart, tonight, toLocalInputValue } from '../../lib/schedule';
import { useAction } from '../../lib/use-action';
import { useEstimate } from '../../lib/use-estimate';
import { navigate } from '../../lib/use-route';
import { useJobs } from '../../store/jobs';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';

export function GenerateChoice({ course }: { course: CourseTree }) {
  const defaultAutoPublish = useSettings((s) => s.settings?.defaultAutoPublish ?? false);
  const defaultEconomy = useSettings((s) => s.settings?.defaultEconomy ?? false);
  const defaultAutoExport = useSettings((s) => s.settings?.defaultAutoExport ?? null);
  const [exportChoice, setExportChoice] = useState<AutoExportDraft | null>(null);
  const [autoPublish, setAutoPublish] = useState<boolean | null>(null);
  const [economyChoice, setEconomy] = useState<boolean | null>(null);
  const estimate = useEstimate([course.id]);
  const [later, setLater] = useState(false);
  const [startAt, setStartAt] = useState(() => toLocalInputValue(tonight(Date.now())));
  const [checked, setChecked] = useState(false);
  const queue = useAction();
  const manual = useAction();
  const publish = autoPublish ?? defaultAutoPublish;
  const economy = economyChoice ?? defaultEconomy;
  const schedule = later ? scheduledStart(startAt, Date.now()) : { iso: null, error: null };
  const exportDraft = exportChoice ?? draftFrom(defaultAutoExport);
  const autoExport = checkAutoExport(exportDraft);

  const enqueue = async () => {
    setChecked(true);
    if (schedule.error || autoExport.error) return;
    const job = await queue.run(() => call(api().jobsEnqueue({ courseId: course.id, autoPublish: publish, runAfter: schedule.iso, economy, autoExport: autoExport.value })));
    if (!job) return;
    useJobs.getState().upsert(job);
    toast({ tone: 'success', title: economy ? 'Course queued for generation in economy mode' : 'Course queued for generation', message: job.courseTitle });
    navigate(['queue']);
  };

  const stepByStep = async () => {
    const job = await manual.run(() => call(api().jobsEnqueue({ courseId: course.id, stepwise: true, priority: 10, autoPublish: false, economy: false, autoExport: null })));
    if (!job) return;
    useJobs.getState().upsert(job);
    // This section gives way to the job's progress: focus follows to its first action.
    focusLater('stepwise-action', 'stepwise-open-job');
  };

  return (
    <section className="generate-choice" aria-labelledby="generate-title">
      <h2 id="generate-title">Outline approved. How should it be generated?</h2>
      <CostEstimate resource={estimate} economy={economy} subject="this course" />
      <div className="choice-grid">
        <div className="card choice-card is-recommended">
          <span className="choice-tag">Recommended</span>
          <h3>Generate &amp; Queue</h3>
          <p className="muted">All lessons, tasks and the summary are written in the background. Follow it in the queue; you can keep working.</p>
          <label className="check">
            <input type="checkbox" checked={publish} onChange={(e) => setAutoPublish(e.target.checked)} />
            Publish automatically when done
          </label>
          <EconomyChoice
            checked={economy}
            onChange={setEconomy}
            hint={`For generation you do not need within minutes (overnight). ${defaultEconomy ? 'On by default' : 'Off by default'}: see Settings.`}
          />
          <AutoExportChoice
            draft={exportDraft}
            onChange={setExportChoice}
            error={checked ? autoExport.error : null}
            hint={`After publishing, if that is on; a failed export leaves the course complete. ${defaultAutoExport ? 'On by default' : 'Off by default'}: see Settings.`}
          />
          <label className="check">
            <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} />
            Start later (e.g. overnight)
          </label>
          {later && (
            <Field label="Start at" error={checked ? (schedule.error ?? undefined) : undefined}>
              <input type="datetime-local" value={startAt} onChange={(e) => setStartAt(e.target.value)} />
            </Field>
          )}
          <InlineError message={queue.error} />
          <ActionButton className="btn btn-primary btn-large" busy={queue.pending || manual.pending} onClick={() => void enqueue()}>
            {queue.pending ? 'Queuing…' : later ? 'Schedule generation' : 'Generate & Queue'}
          </ActionButton>
        </div>
        <div className="card choice-card">
          <h3>Generate manually</h3>
          <p className="muted">Step by step on this page: the lessons first, then you review and continue to the tasks, then the summary.</p>
          <p className="field-hint" data-testid="stepwise-standard-note">
            Always at standard prices: you wait on this page for each step, and economy answers can take up to 24 h.
          </p>
          <InlineError message={manual.error} />
          <ActionButton className="btn btn-large" busy={queue.pending || manual.pending} onClick={() => void stepByStep()}>
            {manual.pending ? 'Starting…' : 'Generate step by step'}
          </ActionButton>
        </div>
      </div>
    </section>
  );
}
