// Review: every course waiting for an outline decision, plus approved ones not yet queued.
// Approve (the picked or first option), edit in the wizard, reject (after a confirmation;
// rejected courses are listed below and can be reopened); select many to approve together;
// then queue everything approved — with its cost estimate first, in economy mode or not, as
// one queue group (the batch budget in Settings applies to it). A row's action that takes the row (or its buttons) away
// hands focus to the same action on the next row, else to Queue all approved.
import { useCallback, useEffect, useImperativeHandle, useMemo, useState, type Ref } from 'react';
import type { CourseListItem } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { AutoExportChoice } from '../../components/AutoExportChoice';
import { CostEstimate } from '../../components/CostEstimate';
import { EconomyChoice } from '../../components/EconomyChoice';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { Loading } from '../../components/Loading';
import { api, call, errorMessage } from '../../lib/api';
import { checkAutoExport, draftFrom, type AutoExportDraft } from '../../lib/auto-export-form';
import { focusLater } from '../../lib/focus';
import { formatCost, plural } from '../../lib/format';
import { runLimited } from '../../lib/run-limited';
import { useEstimate } from '../../lib/use-estimate';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { useJobs } from '../../store/jobs';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';
import { RejectedList } from './RejectedList';
import { approveDraft } from './review-actions';
import { ReviewRow } from './ReviewRow';

export interface ReviewListHandle {
  reload(): void;
}

const inReview = (c: CourseListItem) => c.status === 'draft' || (c.status === 'outline_approved' && c.jobId === null);

export function ReviewList({ ref }: { ref?: Ref<ReviewListHandle> }) {
  const settings = useSettings((s) => s.settings);
  const [courses, setCourses] = useState<CourseListItem[] | null>(null);
  const [rejected, setRejected] = useState<CourseListItem[]>([]);
  const [showRejected, setShowRejected] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [reviewer, setReviewer] = useState<string | null>(null);
  const [autoPublish, setAutoPublish] = useState<boolean | null>(null);
  const [economyChoice, setEconomy] = useState<boolean | null>(null);
  const [exportChoice, setExportChoice] = useState<AutoExportDraft | null>(null);
  const [exportChecked, setExportChecked] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const by = reviewer ?? settings?.reviewerName ?? '';
  const keepFocus = useFocusRescue<HTMLUListElement>(() => document.querySelector<HTMLElement>('[data-focus-key="review-queue-approved"]'));
  const publish = autoPublish ?? settings?.defaultAutoPublish ?? false;
  const economy = economyChoice ?? settings?.defaultEconomy ?? false;
  const batchBudget = settings?.budget?.batchUsd ?? null;
  const exportDraft = exportChoice ?? draftFrom(settings?.defaultAutoExport ?? null);
  const autoExport = checkAutoExport(exportDraft);

  const reload = useCallback(async () => {
    try {
      const list = await call(api().coursesList());
      setCourses(list.filter(inReview));
      setRejected(list.filter((c) => c.status === 'rejected'));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, []);
  useImperativeHandle(ref, () => ({ reload: () => void reload() }), [reload]);
  useEffect(() => void reload(), [reload]);

  const drafts = useMemo(() => (courses ?? []).filter((c) => c.status === 'draft'), [courses]);
  const approved = useMemo(() => (courses ?? []).filter((c) => c.status === 'outline_approved'), [courses]);
  const selectedDrafts = drafts.filter((c) => selected.has(c.id));
  const approvedIds = useMemo(() => approved.map((c) => c.id), [approved]);
  const estimate = useEstimate(approvedIds);

  const setRowError = (id: string, message: string | null) =>
    setRowErrors((errors) => {
      const next = { ...errors };
      if (message) next[id] = message;
      else delete next[id];
      return next;
    });

  const bulkApprove = async () => {
    setBusy('approve');
    setBulkError(null);
    let failed = 0;
    await runLimited(selectedDrafts, 4, async (course) => {
      try {
        await approveDraft(course.id, by, picked[course.id]);
        setRowError(course.id, null);
      } catch (e) {
        failed++;
        setRowError(course.id, errorMessage(e));
      }
    });
    setBusy(null);
    setSelected(new Set());
    if (failed > 0) setBulkError(`${plural(failed, 'course')} could not be approved; see the messages on their rows.`);
    else toast({ tone: 'success', title: `Approved ${plural(selectedDrafts.length, 'outline')}` });
    await reload();
  };

  const queueApproved = async () => {
    setExportChecked(true);
    if (autoExport.error) return;
    setBusy('queue');
    setBulkError(null);
    let queued = 0;
    const failures: string[] = [];
    // The courses queued together are one group: the batch budget counts them together.
    const queueGroup = crypto.randomUUID();
    await runLimited(approved, 4, async (course) => {
      try {
        const job = await call(api().jobsEnqueue({ courseId: course.id, autoPublish: publish, economy, queueGroup, autoExport: autoExport.value }));
        useJobs.getState().upsert(job);
        queued++;
        setRowError(course.id, null);
      } catch (e) {
        failures.push(course.title);
        setRowError(course.id, errorMessage(e));
      }
    });
    setBusy(null);
    if (queued > 0) toast({ tone: 'success', title: `${plural(queued, 'course')} queued for generation${economy ? ' in economy mode' : ''}`, href: '#/queue', hrefLabel: 'Open the queue' });
    if (failures.length > 0) setBulkError(`${plural(failures.length, 'course')} could not be queued; see the messages on their rows.`);
    await reload();
  };

  return (
    <section className="card review-list" aria-labelledby="review-title">
      <div className="section-header">
        <div>
          <h2 id="review-title">2. Review outlines</h2>
          <p className="muted">Courses waiting for an outline decision, and approved ones not yet queued.</p>
        </div>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      <div className="review-toolbar">
        <label className="inline-field">
          <span>Approve as</span>
          <input type="text" value={by} maxLength={120} placeholder="Reviewer name" onChange={(e) => setReviewer(e.target.value)} aria-invalid={by.trim() === '' ? true : undefined} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            aria-label="Select all drafts"
            checked={drafts.length > 0 && selectedDrafts.length === drafts.length}
            onChange={() => setSelected(selectedDrafts.length === drafts.length ? new Set() : new Set(drafts.map((d) => d.id)))}
            disabled={drafts.length === 0}
          />
          Select all drafts
        </label>
        <ActionButton className="btn" busy={busy === 'approve'} unavailable={selectedDrafts.length === 0 || busy !== null || by.trim() === ''} onClick={() => void bulkApprove()}>
          {busy === 'approve' ? 'Approving…' : `Approve selected (${selectedDrafts.length})`}
        </ActionButton>
      </div>
      {by.trim() === '' && drafts.length > 0 && <p className="field-hint">Enter a reviewer name to approve outlines (it is saved with each approval).</p>}
      <div className="review-queue">
        {approved.length > 0 && (
          <CostEstimate resource={estimate} economy={economy} subject={`the ${plural(approved.length, 'approved course')}`} budget={{ usd: batchBudget, which: 'batch' }} />
        )}
        <AutoExportChoice
          draft={exportDraft}
          onChange={setExportChoice}
          error={exportChecked ? autoExport.error : null}
          label="Export each course into a folder when it is done"
        />
        <div className="review-queue-actions">
          <EconomyChoice
            checked={economy}
            onChange={setEconomy}
            hint={`Applies to the courses queued together below, as one batch. ${batchBudget === null ? 'No batch budget is set' : `Batch budget: ${formatCost(batchBudget)}`} (Settings).`}
          />
          <span className="toolbar-spacer" />
          <label className="check">
            <input type="checkbox" checked={publish} onChange={(e) => setAutoPublish(e.target.checked)} />
            Auto-publish
          </label>

          <ActionButton
            className="btn btn-primary"
            data-focus-key="review-queue-approved"
            busy={busy === 'queue'}
            unavailable={approved.length === 0 || busy !== null}
            onClick={() => void queueApproved()}
          >
            {busy === 'queue' ? 'Queuing…' : `Queue all approved (${approved.length})`}
          </ActionButton>
        </div>
      </div>
      <InlineError message={bulkError} />
      {courses === null && !loadError ? (
        <Loading label="Loading courses…" />
      ) : loadError ? (
        <InlineError message={`The courses could not be loaded: ${loadError}`} />
      ) : courses!.length === 0 ? (
        <EmptyState title="Nothing to review">
          <p>Outlines appear here once they are generated for your imported topics (or a course started in New course).</p>
        </EmptyState>
      ) : (
        <ul className="review-rows" {...keepFocus}>
          {courses!.map((course) => (
            <ReviewRow
              key={course.id}
              course={course}
              selected={selected.has(course.id)}
              pickedOptionId={picked[course.id]}
              error={rowErrors[course.id]}
              reviewer={by}
              onToggle={() =>
                setSelected((s) => {
                  const next = new Set(s);
                  if (next.has(course.id)) next.delete(course.id);
                  else next.add(course.id);
                  return next;
                })
              }
              onPick={(optionId) => setPicked((p) => ({ ...p, [course.id]: optionId }))}
              onError={(message) => setRowError(course.id, message)}
              onChanged={() => void reload()}
              onRejected={() => {
                // The way back is right below, open; it takes focus if this was the last row.
                setShowRejected(true);
                void reload();
                focusLater(`reopen-${course.id}`);
              }}
            />
          ))}
        </ul>
      )}
      <RejectedList courses={rejected} open={showRejected} onToggle={setShowRejected} onReopened={() => void reload()} />
    </section>
  );
}
