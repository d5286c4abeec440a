// The steps of one claimed job: which units exist and what waits for what. Lessons for
// every project and tasks for every lesson overlap under the shared request limit (a
// project's tasks start as soon as its lessons land), then the finalize call, then the
// optional publish and the optional auto-export; a stepwise job pauses for review after its
// lessons and after its tasks.
// Each unit is committed in its own transaction as it arrives, and everything already
// stored is skipped, so a resumed job continues from where it stopped — after a crash, a
// quit, a pause, a retry or a failure.
// Economy and live jobs run these same steps: the transport is chosen per call by the
// gateway (ai/gateway.ts), so no step is written twice. One unit's call and commit are in
// unit-call.ts, how a run ends in job-outcome.ts, the state they share in job-run.ts.
import type { CourseTree, JobStep, Outline } from '../../shared/domain';
import { readPreferences } from '../core/app-settings';
import type { JobRow } from '../db/repositories/jobs';
import type { Grounding } from '../generation/grounding';
import { groundingFor } from '../generation/job-grounding';
import { generateCourseSummary, generateLessonTasks, generateProjectLessons } from '../generation/units';
import { modelStamp } from '../history/authors';
import { ReviewPause, UnitError } from './job-errors';
import { complete, settle } from './job-outcome';
import { JobRun, type ExecutionDeps, type ExecutionOutcome, type StopReason } from './job-run';
import { dueReview } from './review-point';
import { callUnit, storeUnit } from './unit-call';

const STEP_OF_STATUS = { generating_lessons: 'lessons', generating_tasks: 'tasks', finalizing: 'finalize' } as const satisfies Record<string, JobStep>;

export class JobExecution {
  readonly jobId: string;
  readonly courseId: string;
  /** Its units go through the Message Batches API (the economy transport). */
  readonly economy: boolean;
  /** This run's shared state: signals, counts, writes and log (job-run.ts). */
  private readonly job: JobRun;
  private lessonsPending = 0;
  /** The course's materials as this run sends them (whole or per-call passages); null: none. */
  private grounding: Grounding | null = null;

  constructor(
    private readonly deps: ExecutionDeps,
    row: JobRow,
  ) {
    this.job = new JobRun(deps, row);
    this.jobId = this.job.jobId;
    this.courseId = this.job.courseId;
    this.economy = this.job.economy;
  }

  /** Asks the job to stop. Cancel, shutdown and a lost lease abort in-flight requests; pauses let them land. */
  stop(reason: StopReason): void {
    this.job.stop(reason);
  }

  async run(): Promise<ExecutionOutcome> {
    this.job.startHeartbeat();
    try {
      await this.generate();
      const outcome = complete(this.job);
      // The job is completed and its lease given back: the files come after, and whatever
      // happens to them cannot undo the completion (job-export.ts).
      this.job.stopHeartbeat();
      await this.deps.exportCompleted?.(this.jobId);
      return outcome;
    } catch (error) {
      return settle(this.job, error);
    } finally {
      this.job.stopHeartbeat();
    }
  }

  private async generate(): Promise<void> {
    const { store } = this.deps;
    const job = this.job;
    const course = store.courses.require(this.courseId);
    if (!course.outline || !course.outlineApproval) {
      throw new UnitError('lessons', 'outline', new Error('The course outline has not been approved, so there is nothing to generate yet.'));
    }
    const outline = course.outline;
    store.write(() => {
      store.jobs.assertLease(this.jobId, this.deps.owner);
      store.courses.ensureProjects(this.courseId, outline);
      store.courses.setStatus(this.courseId, 'generating');
    });
    const tree = store.courses.tree(this.courseId)!;
    this.countProgress(tree, outline);
    // Once per run: every call of the job then sends the same materials prefix (cached).
    this.grounding = await groundingFor(store, this.deps.gateway, this.courseId, ['lessons', 'tasks', 'summary'], readPreferences(store).quiz, outline.projects.length, this.deps.readMaterial);
    if (this.grounding) {
      const g = this.grounding;
      const tokens = g.materialTokens.toLocaleString('en-US');
      job.log(
        'info',
        g.mode === 'whole'
          ? `Materials: ${g.materials.length} file(s), about ${tokens} tokens, sent whole in every call's cached context`
          : `Materials: ${g.materials.length} file(s), about ${tokens} tokens, more than the model's context holds: each call gets its most relevant passages`,
        { mode: g.mode, budgetTokens: g.budgetTokens, pdfDocuments: g.documents.length },
      );
      if (g.documents.length > 0) job.log('info', `PDFs sent as pages (document blocks, the course's setting): ${g.documents.map((d) => d.title).join(', ')}`);
      else if (store.courses.get(this.courseId)?.topic.pdfAsPages) {
        job.log('info', "The course sends its PDFs as pages only to Claude with the whole materials in the context: this job sends their text");
      }
    } else if (store.materials.forCourse(this.courseId).some((m) => !m.error)) {
      job.log(
        'warning',
        "The course's materials do not fit in the model's context at all, so this job generates without them. Give the model a longer context (for Ollama, a larger num_ctx) or use a Claude model.",
      );
    }
    // A step finished by an earlier run that stopped before its review (a crash, a full
    // disk) is reviewed now, before the row says the next step has started.
    this.pauseIfReviewDue(tree);
    const status = this.lessonsPending > 0 ? 'generating_lessons' : job.completed < job.total - 1 ? 'generating_tasks' : 'finalizing';
    // The step is stored with the status: a window opened before the first call of a
    // continued step must not still read the step it was paused after.
    const currentStep = STEP_OF_STATUS[status];
    job.write(() =>
      store.jobs.updateProgress(this.jobId, this.deps.owner, { status, currentStep, itemsTotal: job.total, itemsCompleted: job.completed }),
    );
    this.deps.emit({ type: 'job.started', jobId: this.jobId, status });
    job.log(
      'info',
      job.completed > 0 ? `Resuming: ${job.completed}/${job.total} units already stored` : `Started: ${job.total} units to generate`,
      { owner: this.deps.owner },
    );
    job.emitProgress();

    if (!job.stepwise) {
      await this.lessonsAndTasks(tree, outline, 'both');
    } else {
      // Reviewed step by step: all lessons, pause; all tasks, pause; then finalize.
      await this.lessonsAndTasks(tree, outline, 'lessons');
      const refreshed = store.courses.tree(this.courseId)!;
      this.pauseIfReviewDue(refreshed);
      await this.lessonsAndTasks(refreshed, outline, 'tasks');
      this.pauseIfReviewDue(store.courses.tree(this.courseId)!);
    }
    if (!tree.summary) await this.finalize(outline);
  }

  /** Stepwise jobs stop at a finished step until a person continues (see review-point). */
  private pauseIfReviewDue(tree: CourseTree): void {
    if (!this.job.stepwise) return;
    const review = dueReview(tree, this.deps.store.jobs.get(this.jobId)!.current_step);
    if (review) throw new ReviewPause(review);
  }

  /** Units in all: one lessons call per project, one tasks call per lesson, one summary; and how many are stored. */
  private countProgress(tree: CourseTree, outline: Outline): void {
    const plannedLessons = outline.projects.reduce((n, p) => n + p.lessons.length, 0);
    this.job.total = outline.projects.length + plannedLessons + 1;
    this.lessonsPending = tree.projects.filter((p) => p.lessons.length === 0).length;
    this.job.completed =
      tree.projects.length -
      this.lessonsPending +
      tree.projects.reduce((n, p) => n + p.lessons.filter((l) => l.tasks.length > 0).length, 0) +
      (tree.summary ? 1 : 0);
  }

  /**
   * Every project's lessons and every lesson's tasks, overlapping; settles all before
   * failing. `phase` limits it to one step (stepwise jobs).
   */
  private async lessonsAndTasks(tree: CourseTree, outline: Outline, phase: 'both' | 'lessons' | 'tasks'): Promise<void> {
    const { store } = this.deps;
    const job = this.job;
    if (this.lessonsPending > 0 && phase !== 'tasks') this.deps.emit({ type: 'step.started', jobId: this.jobId, step: 'lessons' });
    let tasksStarted = false;
    const work = tree.projects.map(async (project, pi) => {
      let lessons = project.lessons;
      if (lessons.length === 0) {
        if (phase === 'tasks') return;
        const answer = await callUnit(job, 'lessons', `project:${pi}`, project.title, (h) =>
          generateProjectLessons(this.deps.gateway, outline, pi, h, this.grounding),
        );
        const generated = answer.value;
        await storeUnit(job, answer, () => {
          const ids = store.courses.insertLessons(project.id, generated, modelStamp(answer.success?.model, 'generated'));
          // The lesson and the places it cites are one write: a lesson is never stored without its sources.
          ids.forEach((id, i) => {
            if (id && generated[i]!.sources.length > 0) store.materials.setLessonSources(id, generated[i]!.sources);
          });
          job.completed++;
          this.lessonsPending--;
          // Only a job that goes on to tasks is at the tasks step now. A stepwise job pauses
          // with its lessons for review, and the stored row must say so to every window
          // opened later (the live events never claim tasks here).
          const onToTasks = this.lessonsPending === 0 && phase === 'both';
          store.jobs.updateProgress(this.jobId, this.deps.owner, {
            itemsCompleted: job.completed,
            ...(onToTasks ? { status: 'generating_tasks' as const, currentStep: 'tasks' as const } : {}),
          });
        });
        this.unitDone('lessons', `project:${pi}`, `Stored ${generated.length} lessons for "${project.title}"`);
        if (this.lessonsPending === 0) this.deps.emit({ type: 'step.completed', jobId: this.jobId, step: 'lessons' });
        lessons = store.courses.tree(this.courseId)!.projects[pi]!.lessons;
      }
      if (phase === 'lessons') return;
      // Settle every task call before failing: a call already sent finishes (and is stored
      // and paid for) rather than running on after the job is marked failed.
      const tasks = await Promise.allSettled(
        lessons.map(async (lesson, li) => {
          if (lesson.tasks.length > 0) return;
          if (!tasksStarted) {
            tasksStarted = true;
            this.deps.emit({ type: 'step.started', jobId: this.jobId, step: 'tasks' });
          }
          // Read per call, like the model settings: a change in Settings applies from the next lesson.
          const quiz = readPreferences(store).quiz;
          const answer = await callUnit(job, 'tasks', `lesson:${pi}.${li}`, lesson.title, (h) =>
            generateLessonTasks(this.deps.gateway, outline, pi, li, lesson, quiz, h, this.grounding),
          );
          const tasks = answer.value;
          await storeUnit(job, answer, () => {
            store.courses.insertTasks(lesson.id, tasks, modelStamp(answer.success?.model, 'generated'));
            job.completed++;
            store.jobs.updateProgress(this.jobId, this.deps.owner, { itemsCompleted: job.completed });
          });
          this.unitDone('tasks', `lesson:${pi}.${li}`, `Stored ${tasks.length} tasks for "${lesson.title}"`);
        }),
      );
      const failed = tasks.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
    const results = await Promise.allSettled(work);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    if (tasksStarted) this.deps.emit({ type: 'step.completed', jobId: this.jobId, step: 'tasks' });
  }

  private async finalize(outline: Outline): Promise<void> {
    const { store } = this.deps;
    const job = this.job;
    job.write(() => store.jobs.updateProgress(this.jobId, this.deps.owner, { status: 'finalizing', currentStep: 'finalize' }));
    this.deps.emit({ type: 'step.started', jobId: this.jobId, step: 'finalize' });
    const answer = await callUnit(job, 'finalize', 'course', 'Course summary', (h) => generateCourseSummary(this.deps.gateway, outline, h, this.grounding));
    await storeUnit(job, answer, () => {
      store.courses.setSummary(this.courseId, answer.value);
      job.completed++;
      store.jobs.updateProgress(this.jobId, this.deps.owner, { itemsCompleted: job.completed });
    });
    this.unitDone('finalize', 'course', 'Stored the course summary');
    this.deps.emit({ type: 'step.completed', jobId: this.jobId, step: 'finalize' });
  }

  private unitDone(step: JobStep, itemKey: string, message: string): void {
    this.deps.emit({ type: 'item.completed', jobId: this.jobId, step, item: itemKey });
    this.job.log('success', message, { step, item: itemKey });
    this.job.emitProgress();
  }
}
