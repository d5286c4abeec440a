// history.* and courses.changesSinceApproval: a unit's versions (with their texts, for the
// diff), a restore (a new version, by the reviewer named in Settings, with the same review
// and sync consequences as an edit), and which units changed since the course's approval.
import type { CoreContext } from '../../core/context';
import { contentChanged } from '../../courses/workflow';
import { approvalDrift } from '../../history/approval-pins';
import { personStamp } from '../../history/authors';
import type { Handlers } from '../dispatch';
import { NotFoundError } from '../errors';
import { requireLesson, requireNotGenerating, requireTask } from './guards';

export function historyHandlers(core: CoreContext) {
  const { store } = core;
  /** The unit's course; a unit that no longer exists is not found (its history is only read with its course). */
  const courseOf = (unitKind: 'lesson' | 'task', unitId: string): string =>
    unitKind === 'lesson' ? requireLesson(core, unitId).courseId : requireLesson(core, requireTask(core, unitId).lessonId).courseId;

  return {
    'history.list': ({ unitKind, unitId }) => {
      courseOf(unitKind, unitId);
      return store.versions.list(unitKind, unitId);
    },
    'history.restore': ({ unitKind, unitId, version }) => {
      const courseId = courseOf(unitKind, unitId);
      requireNotGenerating(core, courseId, `restore a ${unitKind}`);
      const written = store.write(() => {
        const { reason: _reason, ...author } = personStamp(store, 'restored');
        const next = store.courses.restoreVersion(unitKind, unitId, version, author);
        contentChanged(store, courseId);
        core.sync.republishIfPublished(courseId);
        return next;
      });
      core.emit('course.changed', { courseId });
      const restored = store.versions.get(unitKind, unitId, written);
      if (!restored) throw new NotFoundError(`Version ${written} of the ${unitKind} was not found after the restore.`);
      return restored;
    },
    'courses.changesSinceApproval': ({ courseId }) => approvalDrift(store, courseId),
  } satisfies Partial<Handlers>;
}
