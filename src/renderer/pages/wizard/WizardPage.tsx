// New course, step by step: topic → outline options (streaming) → edit & approve →
// generate (queue it, or run it step by step here). The course id lives in the URL.
import { useMemo } from 'react';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { CourseStatusBadge } from '../../components/StatusBadge';
import { useCourse } from '../../lib/use-course';
import { useJobs } from '../../store/jobs';
import { GenerateChoice } from './GenerateChoice';
import { OutlineEditor } from './OutlineEditor';
import { OutlineOptions } from './OutlineOptions';
import { StepwiseProgress } from './StepwiseProgress';
import { TopicForm } from './TopicForm';
import { wizardStep } from './wizard-step';
import { WizardModels } from './WizardModels';
import { WizardSteps } from './WizardSteps';

export function WizardPage({ courseId, query }: { courseId: string | null; query: Record<string, string> }) {
  const resource = useCourse(courseId);
  const jobs = useJobs((s) => s.data.jobs);
  const job = useMemo(() => (courseId ? Object.values(jobs).find((j) => j.courseId === courseId) : undefined), [jobs, courseId]);
  const { course } = resource;
  const step = courseId === null ? 'topic' : course ? wizardStep(course, job, query.step) : null;

  return (
    <div className="page wizard-page">
      <header className="page-header">
        <div>
          <h1>New course</h1>
          {course && (
            <p className="page-subtitle">
              {course.outline?.title ?? course.topic.topic} <CourseStatusBadge status={course.status} />
            </p>
          )}
        </div>
      </header>
      {step && <WizardSteps step={step} />}
      {(step === 'topic' || step === 'options' || step === 'edit' || step === 'generate') && <WizardModels />}
      {courseId === null ? (
        <TopicForm />
      ) : resource.loading && !course ? (
        <Loading label="Loading the course…" />
      ) : !course ? (
        <LoadError title="The course could not be loaded" message={resource.error ?? 'Unknown error'} onRetry={() => void resource.reload()} />
      ) : step === 'options' ? (
        <OutlineOptions course={course} onChanged={resource.reload} />
      ) : step === 'edit' ? (
        <OutlineEditor key={`${course.id}:${course.chosenOptionId ?? ''}`} course={course} onChanged={resource.reload} />
      ) : step === 'generate' ? (
        <GenerateChoice course={course} />
      ) : step === 'stepwise' && job ? (
        <StepwiseProgress course={course} job={job} onLanded={resource.reload} />
      ) : step === 'queued' ? (
        <div className="card">
          <h2>This course is in the queue</h2>
          <p>Its generation runs in the background.</p>
          <div className="form-actions">
            {job && (
              <a className="btn btn-primary" href={`#/queue/${job.id}`}>
                Open its job
              </a>
            )}
            <a className="btn" href={`#/courses/${course.id}`}>
              View the course
            </a>
          </div>
        </div>
      ) : (
        <div className="card">
          <h2>This course is {course.status.replace('_', ' ')}</h2>
          <p>There is nothing left to set up here.</p>
          <div className="form-actions">
            <a className="btn" href={`#/courses/${course.id}`}>
              View the course
            </a>
            <a className="btn btn-primary" href="#/new">
              Start another course
            </a>
          </div>
        </div>
      )}
    </div>
  );
}
