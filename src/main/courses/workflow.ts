// The review workflow between outline options and the queue: choose, edit, approve,
// reject (and reopen); then, after generation, approve and publish. Every rule about which
// status allows what lives here, so the CLI and the desktop app cannot disagree.
// A course approval covers the content it saw: changing the content of an approved course
// sends it back to review. Its approval stays on record, so a generated course with an
// approval reads "edited after approval" and must be approved again before publishing.
// A published course edited is the same (back to review, not synced) unless Settings says
// to republish edits without a new approval. The approval pins each unit's version (history/).
import type { Course, Outline } from '../../shared/domain';
import { outlineSchema } from '../../shared/schemas';
import { readPreferences } from '../core/app-settings';
import type { Store } from '../db/store';
import { ConflictError } from '../errors';
import { pinApproval } from '../history/approval-pins';

function requireStatus(course: Course, allowed: readonly Course['status'][], action: string): void {
  if (!allowed.includes(course.status)) {
    throw new ConflictError(`Cannot ${action}: the course is ${course.status.replace('_', ' ')}.`);
  }
}

export function chooseOption(store: Store, courseId: string, optionId: string): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['draft'], 'choose an outline');
  const option = store.courses.option(optionId);
  if (!option || option.courseId !== courseId) throw new ConflictError('That outline option does not belong to this course.');
  store.write(() => store.courses.setOutline(courseId, option.outline, optionId));
  return store.courses.require(courseId);
}

/** Saves an edited outline (renamed, reordered, added or removed projects and lessons). */
export function editOutline(store: Store, courseId: string, outline: Outline): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['draft'], 'edit the outline');
  const parsed = outlineSchema.parse(outline);
  store.write(() => store.courses.setOutline(courseId, parsed, course.chosenOptionId));
  return store.courses.require(courseId);
}

export function approveOutline(store: Store, courseId: string, by: string, note = ''): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['draft'], 'approve the outline');
  if (!course.outline) throw new ConflictError('Choose an outline option before approving.');
  store.write(() => store.courses.approveOutline(courseId, by, note));
  return store.courses.require(courseId);
}

export function rejectCourse(store: Store, courseId: string): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['draft'], 'reject the course');
  store.write(() => store.courses.setStatus(courseId, 'rejected'));
  return store.courses.require(courseId);
}

/** Takes a rejected draft back to review, as it was: its options and chosen outline are kept. */
export function reopenCourse(store: Store, courseId: string): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['rejected'], 'reopen the course');
  store.write(() => store.courses.setStatus(courseId, 'draft'));
  return store.courses.require(courseId);
}

/**
 * Call inside the write that changes a course's lessons or tasks, before the sync's
 * republish. An approved course goes back to review. So does a published one, unless
 * `republishEditedWithoutApproval` is on: then it stays published and sync pushes it again.
 */
export function contentChanged(store: Store, courseId: string): void {
  const status = store.courses.require(courseId).status;
  if (status === 'approved') store.courses.setStatus(courseId, 'generated');
  if (status === 'published' && !readPreferences(store).republishEditedWithoutApproval) store.courses.setStatus(courseId, 'generated');
}

export function approveCourse(store: Store, courseId: string, by: string, note = ''): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['generated'], 'approve the course');
  store.write(() => {
    store.courses.approveCourse(courseId, by, note);
    pinApproval(store, courseId);
  });
  return store.courses.require(courseId);
}

export function publishCourse(store: Store, courseId: string, publish?: (courseId: string) => void): Course {
  const course = store.courses.require(courseId);
  requireStatus(course, ['approved'], 'publish the course');
  store.write(() => (publish ?? ((id: string) => store.courses.publish(id)))(courseId));
  return store.courses.require(courseId);
}
