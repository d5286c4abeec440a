// A course's sync state as a badge, with why/when beside it (or as its tooltip when compact).
// Compact is the queue's Sync column: the header already says "Sync", so the label drops it.
import type { CourseSyncStatus } from '../../shared/sync';
import { courseSyncLook } from '../lib/sync-status';
import { Badge } from './StatusBadge';

const COMPACT_LABELS: Record<CourseSyncStatus['state'], string> = { synced: 'Synced', pending: 'Pending', failed: 'Failed', conflict: 'Conflict' };

export function SyncBadge({ state, now, compact = false }: { state: CourseSyncStatus; now: number; compact?: boolean }) {
  const look = courseSyncLook(state, now);
  const tooltip = compact ? [look.label, look.detail].filter(Boolean).join(': ') : undefined;
  return (
    <span className="sync-badge" title={tooltip} data-sync-state={state.state}>
      <Badge tone={look.tone}>{compact ? COMPACT_LABELS[state.state] : look.label}</Badge>
      {!compact && look.detail && <span className="sync-detail">{look.detail}</span>}
    </span>
  );
}
