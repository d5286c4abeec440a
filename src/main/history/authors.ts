// Who a version is by: the reviewer named in Settings for a person's edit or restore, the
// model by its name for a generation, the backend for a keep-theirs pull.
import type { VersionReason } from '../../shared/history';
import { readPreferences } from '../core/app-settings';
import type { Store } from '../db/store';
import type { VersionStamp } from '../db/repositories/versions';

/** Shown when Settings has no reviewer name: the version is still a person's. */
export const UNNAMED_REVIEWER = 'Unnamed reviewer';

export function personStamp(store: Store, reason: VersionReason): VersionStamp {
  return { reason, authorKind: 'person', author: readPreferences(store).reviewerName.trim() || UNNAMED_REVIEWER };
}

/** `model`: the model that wrote the answer, from its successful call; unknown when none was recorded. */
export function modelStamp(model: string | null | undefined, reason: VersionReason): VersionStamp {
  return { reason, authorKind: 'model', author: model?.trim() || 'model' };
}

export function syncStamp(remoteVersion: number): VersionStamp {
  return { reason: 'synced', authorKind: 'sync', author: `backend version ${remoteVersion}` };
}
