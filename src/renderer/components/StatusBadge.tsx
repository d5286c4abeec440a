import type { CourseStatus, JobStatus } from '../../shared/domain';
import { COURSE_STATUS_BADGES, JOB_STATUS_BADGES, type Tone } from '../lib/status';

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const { label, tone } = JOB_STATUS_BADGES[status];
  return (
    <Badge tone={tone}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
    </Badge>
  );
}

export function CourseStatusBadge({ status }: { status: CourseStatus }) {
  const { label, tone } = COURSE_STATUS_BADGES[status];
  return <Badge tone={tone}>{label}</Badge>;
}
