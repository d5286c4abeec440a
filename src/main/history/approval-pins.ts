// Approval pinned to versions: approving a course records the version of every lesson and
// task it covered, so "changed since approval" is a comparison of two numbers per unit, and
// names the units that were edited, added or removed since.
import type { ApprovalDrift, ChangedUnit } from '../../shared/history';
import type { Store } from '../db/store';

/** Call inside the approval's write. A unit without any version (none should be) is pinned at 0. */
export function pinApproval(store: Store, courseId: string): void {
  const units = store.courses.currentUnits(courseId);
  store.versions.pin(
    courseId,
    units.map((u) => ({ kind: u.kind, unitId: u.unitId, version: u.version })),
  );
}

export function approvalDrift(store: Store, courseId: string): ApprovalDrift {
  const course = store.courses.require(courseId);
  if (!course.courseApproval) return { approved: false, changed: [] };
  const pins = store.versions.pins(courseId);
  const changed: ChangedUnit[] = [];
  const seen = new Set<string>();
  for (const u of store.courses.currentUnits(courseId)) {
    const key = `${u.kind}:${u.unitId}`;
    seen.add(key);
    const pinned = pins.get(key);
    if (pinned === undefined) changed.push({ unitKind: u.kind, unitId: u.unitId, label: u.label, change: 'added', approvedVersion: null, currentVersion: u.version });
    else if (pinned !== u.version) changed.push({ unitKind: u.kind, unitId: u.unitId, label: u.label, change: 'edited', approvedVersion: pinned, currentVersion: u.version });
  }
  for (const [key, version] of pins) {
    if (seen.has(key)) continue;
    const [kind, unitId] = key.split(':') as ['lesson' | 'task', string];
    const body = store.versions.get(kind, unitId, version)?.body;
    const label = !body ? `A ${kind}` : body.unitKind === 'lesson' ? body.title : body.prompt.slice(0, 60);
    changed.push({ unitKind: kind, unitId, label, change: 'removed', approvedVersion: version, currentVersion: null });
  }
  return { approved: true, changed };
}
