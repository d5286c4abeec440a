// Main sends an approved course back to review when its lessons or tasks change, keeping
// the earlier approval on record: a course ready for review that carries an approval was
// edited after it.
import type { Course } from '../../../shared/domain';

export function editedAfterApproval(course: Pick<Course, 'status' | 'courseApproval'>): boolean {
  return course.status === 'generated' && course.courseApproval !== null;
}
