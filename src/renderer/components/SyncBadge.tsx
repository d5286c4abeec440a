// A course's sync state as a badge, with why/when beside it (or as its tooltip when compact).
import type { CourseSyncStatus } from '../../shared/sync';
import { courseSyncLook } from '../lib/sync-status';
import { Badge } from './StatusBadge';

export function SyncBadge({ state, now, compact = false }: { state: CourseSyncStatus; now: number; compact?: boolean }) {
  const look = courseSyncLook(state, now);
  return (
    <span className="sync-badge" title={compact ? (look.detail ?? undefined) : undefined} data-sync-state={state.state}>
      <Badge tone={look.tone}>{look.label}</Badge>
      {!compact && look.detail && <span className="sync-detail">{look.detail}</span>}
    </span>
  );
}
