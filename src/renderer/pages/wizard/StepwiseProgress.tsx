// "Generate manually": the job's steps live on the wizard page. After each step the job
// pauses; the person looks at what landed, then presses Continue (jobs.resume). A job paused
// in the middle of a step (from the queue) says so and offers Resume instead.
import { useEffect } from 'react';
import type { CourseTree, JobStep, JobSummary } from '../../../shared/domain';
import { ActionButton } from '../../components/ActionButton';
import { InlineError } from '../../components/InlineError';
import { ProgressBar } from '../../components/ProgressBar';
import { JobStatusBadge } from '../../components/StatusBadge';
import { runJobCommand, type JobCommand } from '../../lib/job-commands';
import { jobActions } from '../../lib/status';
import { useAction } from '../../lib/use-action';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { awaitingReview, STEP_TITLES, stepStates, type StepState } from './stepwise-steps';

const HEADINGS: Partial<Record<JobSummary['status'], string>> = {
  completed: 'Generated step by step',
  failed: 'Step-by-step generation failed',
  cancelled: 'Step-by-step generation cancelled',
};

/** What a job paused mid-step was doing, to finish "Paused while …". */
const PAUSED_WHILE: Record<JobStep, string> = {
  lessons: 'the lessons were being written',
  tasks: 'the tasks were being written',
  finalize: 'the course summary was being written',
  publish: 'the course was being published',
};

/** One job's command; main's refusal (the job moved on meanwhile, say) is shown like any error. */
async function commandJob(command: JobCommand, jobId: string): Promise<void> {
  const { failed } = await runJobCommand(command, [jobId]);
  if (failed[0]) throw new Error(failed[0].message);
}

const STATE_LABELS: Record<StepState, string> = {
  waiting: 'Waiting',
  running: 'Generating…',
  review: 'Ready for review',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Stopped',
};

export function StepwiseProgress({ course, job, onLanded }: { course: CourseTree; job: JobSummary; onLanded: () => Promise<void> }) {
  const resume = useAction();
  const retry = useAction();
  const cancel = useAction();
  const keepFocus = useFocusRescue<HTMLDivElement>();
  const steps = stepStates(job, course);
  const review = awaitingReview(job, course);
  const pausedMidStep = job.status === 'paused' && !review;
  // The same actions the queue offers for this status (main still checks each one).
  const can = jobActions(job.status);
  const lessonCount = course.projects.reduce((n, p) => n + p.lessons.length, 0);

  // Lessons and tasks land as progress moves: refresh the tree to show them.
  useEffect(() => {
    void onLanded();
  }, [job.itemsCompleted, job.status, onLanded]);

  return (
    <section className="stepwise" aria-labelledby="stepwise-title">
      <div className="card">
        <div className="section-header">
          <div>
            <h2 id="stepwise-title">{pausedMidStep ? 'Step-by-step generation paused' : (HEADINGS[job.status] ?? 'Generating step by step')}</h2>
            <p className="muted">
              {job.itemsCompleted}/{job.itemsTotal} units · <JobStatusBadge status={job.status} />
            </p>
          </div>
          {/* The actions come and go with the job's status (Cancel gives way to Retry): focus moves to what takes their place. */}
          <div className="form-actions" {...keepFocus}>
            {can.resume && (
              <ActionButton className="btn btn-primary" data-focus-key="stepwise-action" busy={resume.pending} onClick={() => void resume.run(() => commandJob('resume', job.id))}>
                {pausedMidStep ? 'Resume' : 'Continue'}
              </ActionButton>
            )}
            {can.retry && (
              <ActionButton className="btn btn-primary" data-focus-key="stepwise-action" busy={retry.pending} onClick={() => void retry.run(() => commandJob('retry', job.id))}>
                Retry
              </ActionButton>
            )}
            {can.cancel && (
              <ActionButton className="btn" data-focus-key="stepwise-action" busy={cancel.pending} onClick={() => void cancel.run(() => commandJob('cancel', job.id))}>
                Cancel
              </ActionButton>
            )}
            {job.status === 'completed' && (
              <a className="btn btn-primary" href={`#/courses/${course.id}`}>
                Open the course
              </a>
            )}
            <a className="btn btn-ghost" href={`#/queue/${job.id}`} data-focus-key="stepwise-open-job">
              Open its job
            </a>
          </div>
        </div>
        <ProgressBar value={job.itemsCompleted} max={job.itemsTotal} label="Generation progress" />
        <InlineError message={resume.error ?? retry.error ?? cancel.error} />
        {job.status === 'failed' && job.errorMessage && (
          <p className="inline-error" role="alert">
            {job.errorMessage}
          </p>
        )}
        <ol className="step-track">
          {steps.map(({ step, state }) => (
            <li key={step} className={`step-item is-${state}`}>
              <span className="step-name">{STEP_TITLES[step]}</span>
              <span className="step-state">{STATE_LABELS[state]}</span>
            </li>
          ))}
        </ol>
        {job.status === 'cancelled' && (
          <p className="review-hint" role="status">
            Generation was cancelled; what landed is kept. Retry to continue from where it stopped.
          </p>
        )}
        {review && (
          <p className="review-hint" role="status">
            The {review === 'tasks' ? 'tasks are' : 'lessons are'} ready. Review them below (or open the course to edit), then press Continue.
          </p>
        )}
        {pausedMidStep && (
          <p className="review-hint" role="status">
            {job.currentStep ? `Paused while ${PAUSED_WHILE[job.currentStep]}; what landed is kept.` : 'Paused before generation started.'} Press Resume
            to go on.
          </p>
        )}
      </div>
      <div className="card landed" aria-live="polite">
        <h3>
          Landed so far <span className="muted">({lessonCount} lessons)</span>
        </h3>
        {lessonCount === 0 ? (
          <p className="muted">Nothing yet: lessons appear here as they are written.</p>
        ) : (
          <ol className="landed-projects">
            {course.projects.map((project) => (
              <li key={project.id}>
                <strong>{project.title}</strong>
                <ul>
                  {project.lessons.map((lesson) => (
                    <li key={lesson.id}>
                      <a href={`#/courses/${course.id}?lesson=${lesson.id}`}>{lesson.title}</a>
                      <span className="muted"> · {lesson.tasks.length} tasks</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
